package org.spinerad.radiomics;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

import java.util.Arrays;

/** Eigenvalues of the covariance (divided by N, as PyRadiomics) of the physical voxel-centre positions of a mask. */
final class Pca {
    private Pca() {}

    /**
     * Ascending eigenvalues for the voxels of {@code mask} on a box {@code dims} (x fastest) with {@code spacing},
     * over the given axes (0 = x, 1 = y, 2 = z). Values in (-1e-10, 0) are rounded to 0 like PyRadiomics.
     */
    static double[] eigenvalues(boolean[] mask, int[] dims, double[] spacing, int[] axes) {
        int nx = dims[0], ny = dims[1];
        double[] sum = new double[3];
        double[][] cross = new double[3][3];
        long n = 0;
        // centre first for numerical stability
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) continue;
            int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
            sum[0] += x;
            sum[1] += y;
            sum[2] += z;
            n++;
        }
        double[] mean = {sum[0] / n, sum[1] / n, sum[2] / n};
        double[] d = new double[3];
        for (int i = 0; i < mask.length; i++) {
            if (!mask[i]) continue;
            int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
            d[0] = (x - mean[0]) * spacing[0];
            d[1] = (y - mean[1]) * spacing[1];
            d[2] = (z - mean[2]) * spacing[2];
            for (int a = 0; a < 3; a++) for (int b = a; b < 3; b++) cross[a][b] += d[a] * d[b];
        }
        double[][] c = new double[axes.length][axes.length];
        for (int a = 0; a < axes.length; a++)
            for (int b = 0; b < axes.length; b++) {
                int i = Math.min(axes[a], axes[b]), j = Math.max(axes[a], axes[b]);
                c[a][b] = cross[i][j] / n;
            }
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(c, false)).getRealEigenvalues();
        for (int i = 0; i < ev.length; i++) if (ev[i] < 0 && ev[i] > -1e-10) ev[i] = 0;
        Arrays.sort(ev);
        return ev;
    }
}
