package org.spinerad.radiomics.filters;

import org.spinerad.radiomics.filters.Separable.Boundary;

/**
 * Laplacian of Gaussian with sigma in mm and scale normalisation (result times sigma^2), as SimpleITK's
 * LaplacianRecursiveGaussianImageFilter with NormalizeAcrossScale=True used by PyRadiomics' getLoGImage.
 * {@link #applyRecursive} reproduces that IIR filter (PyRadiomics' numbers); {@link #apply} is the exact operator
 * (the IIR approximation deviates by up to ~1% of the peak response), as separable FIR convolution with sampled
 * Gaussian / second-derivative-of-Gaussian kernels (radius round(6 sigma) voxels), constant extension of edge values at the borders (as ITK's recursive filters assume).
 * The second-derivative kernel is corrected to have zero sum and second moment 2 (exact on quadratics), the smoothing
 * kernel to unit sum.
 */
public final class LogFilter {
    private LogFilter() {}

    /** Truncation of the sampled kernels in units of sigma (voxels). */
    static final double TRUNCATE = 6.0;

    /** PyRadiomics' check: the image must span at least ceil(sigma / spacing) + 1 voxels on every axis. */
    public static boolean largeEnough(int[] size, double[] spacing, double sigma) {
        for (int d = 0; d < 3; d++) if (size[d] < Math.ceil(sigma / spacing[d]) + 1) return false;
        return true;
    }

    /** SimpleITK's recursive (Deriche IIR) LoG as PyRadiomics computes it; see {@link RecursiveGaussian}. */
    public static float[] applyRecursive(float[] image, int nx, int ny, int nz, double[] spacing, double sigmaMm) {
        return RecursiveGaussian.laplacian(image, nx, ny, nz, spacing, sigmaMm);
    }

    /** Exact LoG by sampled FIR kernels (see class comment). */
    public static float[] apply(float[] image, int nx, int ny, int nz, double[] spacing, double sigmaMm) {
        int n = nx * ny * nz;
        double[][] smooth = new double[3][], second = new double[3][];
        for (int d = 0; d < 3; d++) {
            double s = sigmaMm / spacing[d];
            smooth[d] = gaussian(s);
            second[d] = secondDerivative(s);
            double scale = sigmaMm * sigmaMm / (spacing[d] * spacing[d]); // per mm^2, times sigma^2 normalisation
            for (int i = 0; i < second[d].length; i++) second[d][i] *= scale;
        }
        // z: Sz = Gz*I, Dz = Gzz*I ; y: A = Gy*Sz, B = Gyy*Sz + Gy*Dz ; x: out = Gxx*A + Gx*B
        float[] sz = new float[n], dz = new float[n];
        conv(image, sz, nx, ny, nz, 2, smooth[2], false);
        conv(image, dz, nx, ny, nz, 2, second[2], false);
        float[] a = new float[n], b = new float[n];
        conv(sz, a, nx, ny, nz, 1, smooth[1], false);
        conv(sz, b, nx, ny, nz, 1, second[1], false);
        conv(dz, b, nx, ny, nz, 1, smooth[1], true);
        float[] out = sz;
        conv(a, out, nx, ny, nz, 0, second[0], false);
        conv(b, out, nx, ny, nz, 0, smooth[0], true);
        return out;
    }

    private static void conv(float[] in, float[] out, int nx, int ny, int nz, int axis, double[] k, boolean acc) {
        Separable.convolve(in, out, nx, ny, nz, axis, k, k.length / 2, Boundary.NEAREST, acc);
    }

    static int radius(double sigmaVoxels) {
        return Math.max(1, (int) (TRUNCATE * sigmaVoxels + 0.5));
    }

    /** Sampled Gaussian with unit sum. */
    static double[] gaussian(double s) {
        int r = radius(s);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-0.5 * i * i / (s * s));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        return k;
    }

    /** Sampled second derivative of a Gaussian (voxel units), corrected to zero sum and second moment 2. */
    static double[] secondDerivative(double s) {
        int r = radius(s);
        double[] g = new double[2 * r + 1], d = new double[2 * r + 1];
        double g0 = 0, g2 = 0, d0 = 0, d2 = 0;
        for (int i = -r; i <= r; i++) {
            double gi = Math.exp(-0.5 * i * i / (s * s));
            double di = (i * i / (s * s) - 1) / (s * s) * gi;
            g[i + r] = gi;
            d[i + r] = di;
            g0 += gi; g2 += gi * i * i; d0 += di; d2 += di * i * i;
        }
        // k = alpha d + beta g with sum(k) = 0, sum(k i^2) = 2
        double det = d0 * g2 - g0 * d2;
        double alpha = -2 * g0 / det, beta = 2 * d0 / det;
        double[] k = new double[2 * r + 1];
        for (int i = 0; i < k.length; i++) k[i] = alpha * d[i] + beta * g[i];
        return k;
    }
}
