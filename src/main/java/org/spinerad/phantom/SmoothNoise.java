package org.spinerad.phantom;

import org.spinerad.image.Geometry;

import java.util.SplittableRandom;

/** Correlated Gaussian noise: white noise smoothed by a separable Gaussian (sigma in mm), rescaled to mean 0 and SD 1. */
final class SmoothNoise {
    private SmoothNoise() {}

    static float[] field(Geometry g, double sigmaMm, SplittableRandom rng) {
        int n = g.voxelCount();
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) rng.nextGaussian();
        blur(f, g, sigmaMm);
        double sum = 0, sum2 = 0;
        for (float v : f) { sum += v; sum2 += (double) v * v; }
        double mean = sum / n, sd = Math.sqrt(Math.max(sum2 / n - mean * mean, 1e-30));
        for (int i = 0; i < n; i++) f[i] = (float) ((f[i] - mean) / sd);
        return f;
    }

    /** Separable Gaussian blur in place (sigma in mm; axes whose sigma is under 0.3 voxel are left alone). */
    static void blur(float[] f, Geometry g, double sigmaMm) {
        int[] dims = g.dims(), strides = {1, dims[0], dims[0] * dims[1]};
        for (int axis = 0; axis < 3; axis++) {
            double sigmaVox = sigmaMm / g.spacing(axis);
            if (sigmaVox >= 0.3 && dims[axis] > 1) smoothAxis(f, dims, strides, axis, kernel(sigmaVox));
        }
    }

    private static double[] kernel(double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double s = 0;
        for (int i = -r; i <= r; i++) s += k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= s;
        return k;
    }

    /** Convolves every line along one axis in place, mirroring at the borders. */
    private static void smoothAxis(float[] f, int[] dims, int[] strides, int axis, double[] k) {
        int len = dims[axis], stride = strides[axis], r = k.length / 2;
        int a1 = axis == 0 ? 1 : 0, a2 = axis == 2 ? 1 : 2;
        double[] line = new double[len];
        for (int j = 0; j < dims[a2]; j++)
            for (int i = 0; i < dims[a1]; i++) {
                int start = i * strides[a1] + j * strides[a2];
                for (int t = 0; t < len; t++) line[t] = f[start + t * stride];
                for (int t = 0; t < len; t++) {
                    double s = 0;
                    for (int q = -r; q <= r; q++) s += k[q + r] * line[mirror(t + q, len)];
                    f[start + t * stride] = (float) s;
                }
            }
    }

    private static int mirror(int t, int len) {
        if (len == 1) return 0;
        int period = 2 * (len - 1);
        t = Math.floorMod(t, period);
        return t < len ? t : period - t;
    }
}
