package org.spinerad.radiomics;

import java.util.List;
import java.util.Set;

/**
 * Neighbouring grey tone difference matrix features ("ngtdm") as PyRadiomics computes them: for every ROI voxel the
 * absolute difference between its level and the mean level of its neighbours inside the ROI (Chebyshev distances from
 * {@code distances}); voxels without such neighbours count in n_i with difference 0. Coarseness is 1e6 when the sum of
 * p_i s_i is 0; Contrast, Busyness and Strength are 0 in their degenerate cases.
 */
public final class NgtdmFeatures extends TextureFeatureClass {
    static final List<String> ALL = List.of("Busyness", "Coarseness", "Complexity", "Contrast", "Strength");

    public NgtdmFeatures() {
        super("ngtdm", ALL, Set.of());
    }

    @Override
    double[] computeAll(DiscretizedRoi roi, RadiomicsSettings s) {
        TextureGeometry.GreyLevels levels = TextureGeometry.GreyLevels.of(roi);
        int n = levels.count();
        int[][] offsets = TextureGeometry.bidirectional(TextureGeometry.angles(roi, s.distances, s.force2D, s.force2Ddimension));
        TextureGeometry.NeighbourStats stats = TextureGeometry.neighbourStats(roi, offsets, s.gldm_a); // GLDM's alpha: shares its pass
        int[] level = stats.level(), valid = stats.valid(), sum = stats.levelSum(), indexOf = levels.indexOf();
        double[] count = new double[n], diff = new double[n];
        double nvp = 0;
        for (int v = 0; v < level.length; v++) {
            int g = level[v], k = indexOf[g];
            count[k]++;
            nvp++;
            if (valid[v] > 0) diff[k] += Math.abs(g - (double) sum[v] / valid[v]);
        }
        return features(count, diff, levels.values(), nvp);
    }

    /** Features from n_i, s_i per present level (level values {@code iv}) and Nvp = sum n_i. */
    static double[] features(double[] count, double[] s, int[] iv, double nvp) {
        int n = iv.length;
        double[] p = new double[n];
        double sumPs = 0, sumS = 0;
        for (int a = 0; a < n; a++) {
            p[a] = count[a] / nvp;
            sumPs += p[a] * s[a];
            sumS += s[a];
        }
        double contrastSum = 0, absDiff = 0, complexity = 0, strength = 0;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) {
                double d = iv[a] - iv[b];
                contrastSum += p[a] * p[b] * d * d;
                absDiff += Math.abs(iv[a] * p[a] - iv[b] * p[b]);
                complexity += Math.abs(d) * (p[a] * s[a] + p[b] * s[b]) / (p[a] + p[b]);
                strength += (p[a] + p[b]) * d * d;
            }
        double busyness = absDiff == 0 ? 0 : sumPs / absDiff;
        double coarseness = sumPs == 0 ? 1e6 : 1 / sumPs;
        double contrast = n <= 1 ? 0 : contrastSum / (n * (n - 1.0)) * (sumS / nvp);
        return new double[]{busyness, coarseness, complexity / nvp, contrast, sumS == 0 ? 0 : strength / sumS};
    }
}
