package org.spinerad.radiomics;

import java.util.Arrays;

/**
 * The feature family shared by GLRLM, GLSZM and GLDM: statistics of a matrix P(i, j) of counts over grey level i and a
 * length j (run length, zone size, dependence count), as PyRadiomics defines them. The matrix is given sparse as
 * entries (level index, length, count) so that zone sizes up to the ROI size need no dense matrix.
 */
final class RunMatrixFeatures {
    static final int SHORT = 0, LONG = 1, GLN = 2, GLNN = 3, LN = 4, LNN = 5, GLV = 6, LV = 7, ENTROPY = 8, LOW = 9,
            HIGH = 10, SHORT_LOW = 11, SHORT_HIGH = 12, LONG_LOW = 13, LONG_HIGH = 14, PERCENT = 15, COUNT = 16;

    /** GLRLM features in {@link GlrlmFeatures#ALL} order. */
    private static final int[] RUN_ORDER = {GLN, GLNN, GLV, HIGH, LONG, LONG_HIGH, LONG_LOW, LOW, ENTROPY, LN, LNN,
            PERCENT, LV, SHORT, SHORT_HIGH, SHORT_LOW};

    private RunMatrixFeatures() {}

    /**
     * All statistics; {@code percentOverVoxels}: percentage = entries / sum(count * length) (run/zone percentage),
     * otherwise entries / total (GLDM's dependence percentage, always 1). NaN when the matrix is empty.
     */
    static double[] stats(int[] levelIdx, int[] length, double[] count, int entries, int[] levelValues, int maxLength,
                          boolean percentOverVoxels) {
        double total = 0, voxels = 0;
        double[] pg = new double[levelValues.length], pr = new double[maxLength + 1];
        double shortE = 0, longE = 0, shortLow = 0, shortHigh = 0, longLow = 0, longHigh = 0, entropy = 0;
        for (int e = 0; e < entries; e++) {
            double c = count[e];
            if (c == 0) continue;
            double i2 = (double) levelValues[levelIdx[e]] * levelValues[levelIdx[e]];
            double j = length[e], j2 = j * j;
            total += c;
            voxels += c * j;
            pg[levelIdx[e]] += c;
            pr[length[e]] += c;
            shortE += c / j2;
            longE += c * j2;
            shortLow += c / (i2 * j2);
            shortHigh += c * i2 / j2;
            longLow += c * j2 / i2;
            longHigh += c * i2 * j2;
        }
        double[] f = new double[COUNT];
        if (total == 0) {
            Arrays.fill(f, Double.NaN);
            return f;
        }
        for (int e = 0; e < entries; e++) entropy -= TextureGeometry.plogp(count[e] / total);
        double gln = 0, low = 0, high = 0, meanI = 0;
        for (int g = 0; g < pg.length; g++) {
            double i = levelValues[g];
            gln += pg[g] * pg[g];
            low += pg[g] / (i * i);
            high += pg[g] * i * i;
            meanI += pg[g] / total * i;
        }
        double glv = 0;
        for (int g = 0; g < pg.length; g++) glv += pg[g] / total * (levelValues[g] - meanI) * (levelValues[g] - meanI);
        double ln = 0, meanJ = 0;
        for (int j = 1; j <= maxLength; j++) {
            ln += pr[j] * pr[j];
            meanJ += pr[j] / total * j;
        }
        double lv = 0;
        for (int j = 1; j <= maxLength; j++) lv += pr[j] / total * (j - meanJ) * (j - meanJ);
        f[SHORT] = shortE / total;
        f[LONG] = longE / total;
        f[GLN] = gln / total;
        f[GLNN] = gln / (total * total);
        f[LN] = ln / total;
        f[LNN] = ln / (total * total);
        f[GLV] = glv;
        f[LV] = lv;
        f[ENTROPY] = entropy;
        f[LOW] = low / total;
        f[HIGH] = high / total;
        f[SHORT_LOW] = shortLow / total;
        f[SHORT_HIGH] = shortHigh / total;
        f[LONG_LOW] = longLow / total;
        f[LONG_HIGH] = longHigh / total;
        f[PERCENT] = total / (percentOverVoxels ? voxels : total);
        return f;
    }

    /** Statistics of a dense matrix (level index x (length - 1), row-major with {@code cols} columns). */
    static double[] statsDense(double[] matrix, int levels, int cols, int[] levelValues, boolean percentOverVoxels) {
        int entries = 0;
        for (double v : matrix) if (v != 0) entries++;
        int[] li = new int[entries], len = new int[entries];
        double[] c = new double[entries];
        for (int g = 0, e = 0; g < levels; g++)
            for (int j = 0; j < cols; j++) {
                double v = matrix[g * cols + j];
                if (v == 0) continue;
                li[e] = g;
                len[e] = j + 1;
                c[e++] = v;
            }
        return stats(li, len, c, entries, levelValues, cols, percentOverVoxels);
    }

    /** Reorders statistics into a class's feature order ({@code order[f]} = statistic of feature f). */
    static double[] select(double[] stats, int[] order) {
        double[] out = new double[order.length];
        for (int f = 0; f < order.length; f++) out[f] = stats[order[f]];
        return out;
    }

    /** GLRLM features of one run length matrix (level index x run length - 1). */
    static double[] runLength(double[] matrix, int levels, int maxRun, int[] levelValues) {
        return select(statsDense(matrix, levels, maxRun, levelValues, true), RUN_ORDER);
    }
}
