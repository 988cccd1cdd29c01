package org.spinerad.radiomics;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Grey level co-occurrence matrix features ("glcm") as PyRadiomics computes them: one GLCM per direction (13 per
 * distance in 3D, 4 in 2D with force2D), symmetrical by default, grey levels absent from the ROI removed, features per
 * direction and then averaged (IBSI "3D averaged"). With {@code textureAggregation = "merged"} or a
 * {@code weightingNorm} the (weighted) directional matrices are summed first (IBSI "3D merged").
 * Grey level values i, j in the formulas are the actual levels; Ng in Idmn/Idn is the highest level in the ROI.
 */
public final class GlcmFeatures extends TextureFeatureClass {
    static final List<String> ALL = List.of("Autocorrelation", "ClusterProminence", "ClusterShade", "ClusterTendency",
            "Contrast", "Correlation", "DifferenceAverage", "DifferenceEntropy", "DifferenceVariance", "Dissimilarity",
            "Homogeneity1", "Homogeneity2", "Id", "Idm", "Idmn", "Idn", "Imc1", "Imc2", "InverseVariance", "JointAverage",
            "JointEnergy", "JointEntropy", "MCC", "MaximumProbability", "SumAverage", "SumEntropy", "SumSquares",
            "SumVariance");
    private static final int AUTOCORRELATION = 0, CLUSTER_PROMINENCE = 1, CLUSTER_SHADE = 2, CLUSTER_TENDENCY = 3,
            CONTRAST = 4, CORRELATION = 5, DIFFERENCE_AVERAGE = 6, DIFFERENCE_ENTROPY = 7, DIFFERENCE_VARIANCE = 8,
            DISSIMILARITY = 9, HOMOGENEITY1 = 10, HOMOGENEITY2 = 11, ID = 12, IDM = 13, IDMN = 14, IDN = 15, IMC1 = 16,
            IMC2 = 17, INVERSE_VARIANCE = 18, JOINT_AVERAGE = 19, JOINT_ENERGY = 20, JOINT_ENTROPY = 21, MCC = 22,
            MAXIMUM_PROBABILITY = 23, SUM_AVERAGE = 24, SUM_ENTROPY = 25, SUM_SQUARES = 26, SUM_VARIANCE = 27;

    public GlcmFeatures() {
        super("glcm", ALL, Set.of("Dissimilarity", "Homogeneity1", "Homogeneity2", "SumVariance"));
    }

    @Override
    double[] computeAll(DiscretizedRoi roi, RadiomicsSettings s) {
        TextureGeometry.GreyLevels levels = TextureGeometry.GreyLevels.of(roi);
        int n = levels.count();
        int[][] angles = TextureGeometry.angles(roi, s.distances, s.force2D, s.force2Ddimension);
        double[] weights = TextureGeometry.weights(angles, roi.spacing, s.weightingNorm, true);
        boolean merge = TextureGeometry.mergesDirections(s);
        double[] matrix = new double[n * n];
        double[] merged = merge ? new double[n * n] : null;
        double[][] perAngle = new double[angles.length][];
        int used = 0;
        for (int a = 0; a < angles.length; a++) {
            Arrays.fill(matrix, 0);
            TextureGeometry.countCooccurrences(roi, angles[a], levels.indexOf(), n, matrix);
            if (s.symmetricalGLCM) symmetrise(matrix, n);
            if (merge) {
                double w = weights == null ? 1 : weights[a];
                for (int k = 0; k < matrix.length; k++) merged[k] += w * matrix[k];
            } else if (sum(matrix) > 0) { // PyRadiomics deletes empty directions
                perAngle[used++] = features(matrix, n, levels);
            }
        }
        if (merge) {
            if (sum(merged) == 0) return nan();
            return features(merged, n, levels);
        }
        if (used == 0) return nan();
        return TextureGeometry.nanMean(Arrays.copyOf(perAngle, used), ALL.size());
    }

    private static double[] nan() {
        double[] v = new double[ALL.size()];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    private static void symmetrise(double[] m, int n) {
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) {
                double t = m[i * n + j] + m[j * n + i];
                m[i * n + j] = t;
                m[j * n + i] = t;
            }
    }

    private static double sum(double[] m) {
        double t = 0;
        for (double v : m) t += v;
        return t;
    }

    /** All features of one (unnormalised, non-empty) GLCM. */
    static double[] features(double[] counts, int n, TextureGeometry.GreyLevels levels) {
        double total = sum(counts);
        double[] p = new double[counts.length];
        for (int k = 0; k < p.length; k++) p[k] = counts[k] / total;
        int[] lv = levels.values();
        int ng = levels.maxLevel();
        double[] px = new double[n], py = new double[n];
        double ux = 0, uy = 0, autocorr = 0, contrast = 0, energy = 0, hxy = 0, maxP = 0;
        double[] pxSuby = new double[ng];        // k = |i - j| in 0..Ng-1
        double[] pxAddy = new double[2 * ng + 1]; // k = i + j in 2..2Ng
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) {
                double v = p[a * n + b];
                if (v == 0) continue;
                int i = lv[a], j = lv[b];
                px[a] += v;
                py[b] += v;
                ux += v * i;
                uy += v * j;
                autocorr += v * i * j;
                contrast += v * (double) (i - j) * (i - j);
                energy += v * v;
                hxy -= TextureGeometry.plogp(v);
                maxP = Math.max(maxP, v);
                pxSuby[Math.abs(i - j)] += v;
                pxAddy[i + j] += v;
            }
        double sigX2 = 0, sigY2 = 0, corm = 0, prom = 0, shade = 0, tend = 0, hxy1 = 0;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) {
                double v = p[a * n + b];
                if (v == 0) continue;
                double di = lv[a] - ux, dj = lv[b] - uy, c = lv[a] + lv[b] - ux - uy;
                sigX2 += v * di * di;
                sigY2 += v * dj * dj;
                corm += v * di * dj;
                tend += v * c * c;
                shade += v * c * c * c;
                prom += v * c * c * c * c;
                hxy1 -= v * Math.log(px[a] * py[b] + TextureGeometry.EPS) / Math.log(2);
            }
        double hx = 0, hy = 0, hxy2 = 0;
        for (int a = 0; a < n; a++) {
            hx -= TextureGeometry.plogp(px[a]);
            hy -= TextureGeometry.plogp(py[a]);
            for (int b = 0; b < n; b++) hxy2 -= TextureGeometry.plogp(px[a] * py[b]);
        }
        double diffAvg = 0, diffEnt = 0, idm = 0, idmn = 0, id = 0, idn = 0, invVar = 0;
        for (int k = 0; k < ng; k++) {
            double v = pxSuby[k];
            diffAvg += k * v;
            diffEnt -= TextureGeometry.plogp(v);
            idm += v / (1 + (double) k * k);
            idmn += v / (1 + (double) k * k / ((double) ng * ng));
            id += v / (1 + k);
            idn += v / (1 + (double) k / ng);
            if (k > 0) invVar += v / ((double) k * k);
        }
        double diffVar = 0;
        for (int k = 0; k < ng; k++) diffVar += (k - diffAvg) * (k - diffAvg) * pxSuby[k];
        double sumAvg = 0, sumEnt = 0;
        for (int k = 2; k <= 2 * ng; k++) {
            sumAvg += k * pxAddy[k];
            sumEnt -= TextureGeometry.plogp(pxAddy[k]);
        }
        double[] f = new double[ALL.size()];
        f[AUTOCORRELATION] = autocorr;
        f[CLUSTER_PROMINENCE] = prom;
        f[CLUSTER_SHADE] = shade;
        f[CLUSTER_TENDENCY] = tend;
        f[SUM_VARIANCE] = tend; // mathematically equal (PyRadiomics deprecation note)
        f[CONTRAST] = contrast;
        double sig = Math.sqrt(sigX2) * Math.sqrt(sigY2);
        f[CORRELATION] = sig == 0 ? 1 : corm / (sig + TextureGeometry.EPS);
        f[DIFFERENCE_AVERAGE] = diffAvg;
        f[DISSIMILARITY] = diffAvg;
        f[DIFFERENCE_ENTROPY] = diffEnt;
        f[DIFFERENCE_VARIANCE] = diffVar;
        f[ID] = id;
        f[HOMOGENEITY1] = id;
        f[IDM] = idm;
        f[HOMOGENEITY2] = idm;
        f[IDMN] = idmn;
        f[IDN] = idn;
        double div = Math.max(hx, hy);
        f[IMC1] = div == 0 ? 0 : (hxy - hxy1) / div;
        f[IMC2] = hxy2 == hxy ? 0 : Math.sqrt(1 - Math.exp(-2 * (hxy2 - hxy))); // NaN when HXY > HXY2, as numpy
        f[INVERSE_VARIANCE] = invVar;
        f[JOINT_AVERAGE] = ux;
        f[JOINT_ENERGY] = energy;
        f[JOINT_ENTROPY] = hxy;
        f[MCC] = mcc(p, px, py, n);
        f[MAXIMUM_PROBABILITY] = maxP;
        f[SUM_AVERAGE] = sumAvg;
        f[SUM_ENTROPY] = sumEnt;
        f[SUM_SQUARES] = sigX2;
        return f;
    }

    /**
     * Square root of the second largest eigenvalue of Q(i,j) = sum_k p(i,k) p(j,k) / (px(i) py(k)). Q is similar to
     * the symmetric S = Dx^-1/2 P Dy^-1 P^T Dx^-1/2 on the rows with px > 0 (other rows of Q are zero and add zero
     * eigenvalues), so a symmetric eigen solve suffices. PyRadiomics adds eps to the denominator (negligible).
     */
    private static double mcc(double[] p, double[] px, double[] py, int n) {
        if (n < 2) return 1; // PyRadiomics: flat region, a single eigenvalue
        int[] rows = new int[n];
        int m = 0;
        for (int a = 0; a < n; a++) if (px[a] > 0) rows[m++] = a;
        double[] eig = new double[n]; // zeros for rows with px = 0
        if (m > 0) {
            double[][] sMat = new double[m][m];
            for (int r = 0; r < m; r++)
                for (int c = r; c < m; c++) {
                    int i = rows[r], j = rows[c];
                    double t = 0;
                    for (int k = 0; k < n; k++) if (py[k] > 0) t += p[i * n + k] * p[j * n + k] / py[k];
                    t /= Math.sqrt(px[i] * px[j]);
                    sMat[r][c] = t;
                    sMat[c][r] = t;
                }
            double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(sMat, false)).getRealEigenvalues();
            System.arraycopy(ev, 0, eig, 0, m);
        }
        Arrays.sort(eig);
        return Math.sqrt(Math.max(0, eig[n - 2]));
    }
}
