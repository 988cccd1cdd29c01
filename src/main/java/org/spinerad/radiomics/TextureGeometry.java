package org.spinerad.radiomics;

import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shared geometry of the texture classes: the direction vectors ("angles") PyRadiomics generates, the neighbourhoods
 * built from them, the compaction of grey levels present in the ROI and the per-direction voxel loops.
 * Offsets are {dx, dy, dz} in voxels; a voxel's index is {@code x + nx * (y + ny * z)}.
 */
final class TextureGeometry {
    /** numpy.spacing(1), added inside logarithms exactly as PyRadiomics does. */
    static final double EPS = Math.ulp(1.0);

    private TextureGeometry() {}

    /**
     * One vector per +/- pair for every Chebyshev distance in {@code distances} (PyRadiomics' generateAngles): 13 per
     * distance 1 in 3D, 4 in 2D. Offsets that cannot fit in the box are left out (PyRadiomics does the same), and so are
     * offsets along the out-of-plane axis when {@code force2D} (force2Ddimension 0 = z, 1 = y, 2 = x, as in PyRadiomics'
     * z-y-x arrays).
     */
    static int[][] angles(DiscretizedRoi roi, List<Integer> distances, boolean force2D, int force2Ddimension) {
        if (distances == null || distances.isEmpty())
            throw new SpineRadException("Texture setting 'distances' is empty; give at least one distance >= 1");
        int maxD = 0;
        for (Integer d : distances) {
            if (d == null || d < 1) throw new SpineRadException("Texture setting 'distances' must hold integers >= 1, got " + distances);
            maxD = Math.max(maxD, d);
        }
        if (force2D && (force2Ddimension < 0 || force2Ddimension > 2))
            throw new SpineRadException("Setting 'force2Ddimension' must be 0, 1 or 2, got " + force2Ddimension);
        int skipAxis = force2D ? 2 - force2Ddimension : -1; // our axes: 0 = x, 1 = y, 2 = z
        int[] size = {roi.nx, roi.ny, roi.nz};
        List<int[]> out = new ArrayList<>();
        for (int dz = -maxD; dz <= maxD; dz++)
            for (int dy = -maxD; dy <= maxD; dy++)
                for (int dx = -maxD; dx <= maxD; dx++) {
                    int[] a = {dx, dy, dz};
                    if (!isCanonical(a)) continue; // keep one of each +/- pair
                    int norm = Math.max(Math.abs(dx), Math.max(Math.abs(dy), Math.abs(dz)));
                    if (!distances.contains(norm)) continue;
                    boolean ok = true;
                    for (int k = 0; k < 3; k++)
                        if (Math.abs(a[k]) >= size[k] || (k == skipAxis && a[k] != 0)) ok = false;
                    if (ok) out.add(a);
                }
        return out.toArray(new int[0][]);
    }

    /** True for the member of a +/- pair whose last non-zero component (z, then y, then x) is positive. */
    private static boolean isCanonical(int[] a) {
        for (int k = 2; k >= 0; k--) if (a[k] != 0) return a[k] > 0;
        return false; // the zero vector
    }

    /** The angles and their opposites: the full neighbourhood (26 voxels for distance 1 in 3D). */
    static int[][] bidirectional(int[][] angles) {
        int[][] out = new int[angles.length * 2][];
        for (int i = 0; i < angles.length; i++) {
            out[2 * i] = angles[i];
            out[2 * i + 1] = new int[]{-angles[i][0], -angles[i][1], -angles[i][2]};
        }
        return out;
    }

    /** Grey levels present in the ROI: {@code values} ascending, {@code indexOf[level]} its position or -1. */
    record GreyLevels(int[] values, int[] indexOf) {
        /** Cached on the ROI (shared read-only by the texture classes). */
        static GreyLevels of(DiscretizedRoi roi) {
            GreyLevels cached = roi.greyLevels;
            if (cached == null) roi.greyLevels = cached = compute(roi);
            return cached;
        }

        private static GreyLevels compute(DiscretizedRoi roi) {
            boolean[] present = roi.presentLevels();
            int[] indexOf = new int[roi.maxLevel + 1];
            int n = 0;
            for (int g = 0; g <= roi.maxLevel; g++) indexOf[g] = g > 0 && present[g] ? n++ : -1;
            int[] values = new int[n];
            for (int g = 1; g <= roi.maxLevel; g++) if (indexOf[g] >= 0) values[indexOf[g]] = g;
            return new GreyLevels(values, indexOf);
        }

        int count() { return values.length; }

        /** Ng as PyRadiomics uses it in normalisations (Idmn, Idn): the highest level in the ROI. */
        int maxLevel() { return values.length == 0 ? 0 : values[values.length - 1]; }
    }

    /**
     * Adds the co-occurrences (center i, neighbour j) along {@code angle} to {@code matrix} (n x n, row-major, compact
     * level indices). One pass over the ROI voxels; neighbours outside the box read the zero border.
     */
    static void countCooccurrences(DiscretizedRoi roi, int[] angle, int[] indexOf, int n, double[] matrix) {
        DiscretizedRoi.Padded p = roi.padded(Math.max(1, reach(new int[][]{angle})));
        int[] lv = p.levels;
        int shift = p.shifts(new int[][]{angle})[0];
        for (int i : p.roiIndex) {
            int b = lv[i + shift];
            if (b != 0) matrix[indexOf[lv[i]] * n + indexOf[b]]++;
        }
    }

    /**
     * Per ROI voxel (box index order): its level, the number of neighbours inside the ROI ({@code valid}), the sum of
     * their levels ({@code levelSum}) and how many differ by at most {@code alpha} ({@code dependent}). Neighbours
     * outside the box or the ROI are not counted, as in PyRadiomics' NGTDM and GLDM.
     */
    record NeighbourStats(int[][] offsets, double alpha, int[] level, int[] valid, int[] levelSum, int[] dependent) {}

    /** {@link NeighbourStats}, cached on the ROI: GLDM and NGTDM (which ignores {@code dependent}) share one pass. */
    static NeighbourStats neighbourStats(DiscretizedRoi roi, int[][] offsets, double alpha) {
        NeighbourStats cached = roi.neighbourStats;
        if (cached != null && Double.compare(cached.alpha(), alpha) == 0 && Arrays.deepEquals(cached.offsets(), offsets))
            return cached;
        NeighbourStats stats = computeNeighbourStats(roi, offsets, alpha);
        roi.neighbourStats = stats;
        return stats;
    }

    private static NeighbourStats computeNeighbourStats(DiscretizedRoi roi, int[][] offsets, double alpha) {
        DiscretizedRoi.Padded p = roi.padded(Math.max(1, reach(offsets)));
        int[] lv = p.levels, roiIndex = p.roiIndex, shift = p.shifts(offsets);
        // integer levels: |g - h| <= alpha  <=>  |g - h| <= floor(alpha); alpha < 0: nothing is dependent
        int reachLevels = alpha < 0 ? -1 : (int) Math.min(Math.floor(alpha), roi.maxLevel);
        int m = roiIndex.length;
        int[] level = new int[m], valid = new int[m], levelSum = new int[m], dependent = new int[m];
        for (int k = 0; k < m; k++) {
            int i = roiIndex[k], g = lv[i];
            // dependent neighbour: h in [lo, lo + width] (unsigned compare), never the outside level 0
            int lo = reachLevels < 0 ? roi.maxLevel + 1 : Math.max(1, g - reachLevels);
            int width = reachLevels < 0 ? 0 : g + reachLevels - lo;
            int count = 0, dep = 0, sum = 0;
            for (int s : shift) {
                int h = lv[i + s];
                count += -h >>> 31; // 1 for h > 0
                sum += h;
                dep += Integer.compareUnsigned(h - lo, width) <= 0 ? 1 : 0;
            }
            level[k] = g;
            valid[k] = count;
            levelSum[k] = sum;
            dependent[k] = dep;
        }
        return new NeighbourStats(offsets, alpha, level, valid, levelSum, dependent);
    }

    /** Largest absolute offset component. */
    static int reach(int[][] offsets) {
        int r = 0;
        for (int[] o : offsets) for (int c : o) r = Math.max(r, Math.abs(c));
        return r;
    }

    /**
     * Distance weights per angle as PyRadiomics applies them (spacing in mm): GLCM uses {@code exp(-d^2)}
     * ({@code exponential}), GLRLM the distance itself. Null norm: null (no weighting); "no_weighting" or an unknown
     * norm: weight 1 (PyRadiomics logs a warning for unknown norms).
     */
    static double[] weights(int[][] angles, double[] spacing, String norm, boolean exponential) {
        if (norm == null) return null;
        double[] w = new double[angles.length];
        for (int a = 0; a < angles.length; a++) {
            double max = 0, sum = 0, sumSq = 0;
            for (int k = 0; k < 3; k++) {
                double d = Math.abs(angles[a][k]) * spacing[k];
                max = Math.max(max, d);
                sum += d;
                sumSq += d * d;
            }
            double dist;
            switch (norm) {
                case "infinity" -> dist = max;
                case "euclidean" -> dist = Math.sqrt(sumSq);
                case "manhattan" -> dist = sum;
                default -> { w[a] = 1; continue; }
            }
            w[a] = exponential ? Math.exp(-dist * dist) : dist;
        }
        return w;
    }

    /** True when directional matrices are summed before computing features (IBSI "merged" or distance weighting). */
    static boolean mergesDirections(RadiomicsSettings s) {
        String agg = s.textureAggregation == null ? "pyradiomics" : s.textureAggregation.trim().toLowerCase();
        return switch (agg) {
            case "pyradiomics", "averaged", "average" -> s.weightingNorm != null;
            case "merged", "merge" -> true;
            default -> throw new SpineRadException("Setting 'textureAggregation' must be 'pyradiomics' (per-direction "
                    + "features averaged, IBSI '3D averaged') or 'merged' (IBSI '3D merged'), got '" + s.textureAggregation + "'");
        };
    }

    /** {@code p * log2(p + eps)}, the entropy term PyRadiomics uses. */
    static double plogp(double p) {
        return p == 0 ? 0 : p * Math.log(p + EPS) / Math.log(2);
    }

    /** Mean over rows {@code values[row][f]} ignoring NaN (numpy.nanmean); NaN when no finite row. */
    static double[] nanMean(double[][] values, int features) {
        double[] mean = new double[features];
        for (int f = 0; f < features; f++) {
            double sum = 0;
            int n = 0;
            for (double[] row : values) {
                if (!Double.isNaN(row[f])) {
                    sum += row[f];
                    n++;
                }
            }
            mean[f] = n == 0 ? Double.NaN : sum / n;
        }
        return mean;
    }
}
