package org.spinerad.segment;

import org.spinerad.image.Geometry;

/**
 * Resampling between an image grid and the same field of view at another voxel count (the model spacing). Both
 * grids share direction and outer extent: along an axis of n input and m output voxels, output voxel i is centred at
 * input index {@code (i + 0.5) * n / m - 0.5} (clamped to the grid), so the transform is a per-axis scale and
 * trilinear interpolation is three separable linear passes. Arrays are x fastest.
 */
public final class Resample {
    private Resample() {}

    /** Voxel counts of the field of view of {@code g} at {@code spacing} (at least 1 per axis). */
    public static int[] dimsAt(Geometry g, double[] spacing) {
        int[] d = new int[3];
        for (int a = 0; a < 3; a++) d[a] = Math.max(1, (int) Math.round(g.dims()[a] * g.spacing(a) / spacing[a]));
        return d;
    }

    /** The grid with {@code dims} voxels covering the field of view of {@code g} (spacing = extent / dims). */
    public static Geometry gridOf(Geometry g, int[] dims) {
        double[] spacing = new double[3], first = new double[3];
        for (int a = 0; a < 3; a++) {
            int n = g.dims()[a];
            spacing[a] = n * g.spacing(a) / dims[a];
            first[a] = 0.5 * n / dims[a] - 0.5;
        }
        double[] origin = g.indexToWorld(first[0], first[1], first[2]);
        return new Geometry(dims, spacing, origin, g.direction());
    }

    /** Input position of output voxel i along an axis (n input, m output voxels). */
    static double position(int i, int n, int m) {
        return Math.max(0, Math.min(n - 1, (i + 0.5) * n / m - 0.5));
    }

    /** Trilinear resampling of a volume of {@code in} dims (x fastest) to {@code out} dims. */
    public static float[] linear(float[] src, int[] in, int[] out) {
        if (in[0] == out[0] && in[1] == out[1] && in[2] == out[2]) return src.clone();
        float[] a = axis(src, in[0], in[1] * in[2], 1, out[0]);
        float[] b = axis(a, in[1], in[2], out[0], out[1]);
        return axis(b, in[2], 1, out[0] * out[1], out[2]);
    }

    /** One axis of length n to m; data are {@code outer} blocks each holding the axis with stride {@code inner}. */
    private static float[] axis(float[] src, int n, int outer, int inner, int m) {
        float[] dst = new float[outer * m * inner];
        for (int i = 0; i < m; i++) {
            double p = position(i, n, m);
            int lo = Math.min((int) p, n - 1), hi = Math.min(lo + 1, n - 1);
            float w = (float) (p - lo), wl = 1 - w;
            for (int o = 0; o < outer; o++) {
                int s0 = (o * n + lo) * inner, s1 = (o * n + hi) * inner, d = (o * m + i) * inner;
                for (int k = 0; k < inner; k++) dst[d + k] = wl * src[s0 + k] + w * src[s1 + k];
            }
        }
        return dst;
    }

    /** Nearest-neighbour resampling of labels. */
    public static int[] nearest(int[] src, int[] in, int[] out) {
        int[][] idx = new int[3][];
        for (int a = 0; a < 3; a++) {
            idx[a] = new int[out[a]];
            for (int i = 0; i < out[a]; i++) idx[a][i] = (int) Math.round(position(i, in[a], out[a]));
        }
        int[] dst = new int[out[0] * out[1] * out[2]];
        int d = 0;
        for (int z = 0; z < out[2]; z++)
            for (int y = 0; y < out[1]; y++) {
                int base = in[0] * (idx[1][y] + in[1] * idx[2][z]);
                for (int x = 0; x < out[0]; x++) dst[d++] = src[base + idx[0][x]];
            }
        return dst;
    }

    /**
     * Argmax of class scores ({@code classes} channels of {@code in} dims, channel-major) trilinearly resampled to
     * {@code out} dims, computed voxel by voxel so the resampled scores are never held in memory.
     */
    public static int[] argmaxLinear(float[] scores, int classes, int[] in, int[] out) {
        int[][] lo = new int[3][], hi = new int[3][];
        float[][] w = new float[3][];
        for (int a = 0; a < 3; a++) {
            lo[a] = new int[out[a]];
            hi[a] = new int[out[a]];
            w[a] = new float[out[a]];
            for (int i = 0; i < out[a]; i++) {
                double p = position(i, in[a], out[a]);
                lo[a][i] = Math.min((int) p, in[a] - 1);
                hi[a][i] = Math.min(lo[a][i] + 1, in[a] - 1);
                w[a][i] = (float) (p - lo[a][i]);
            }
        }
        int nx = in[0], nxy = in[0] * in[1], n = nxy * in[2];
        int[] dst = new int[out[0] * out[1] * out[2]];
        int d = 0;
        for (int z = 0; z < out[2]; z++) {
            int z0 = lo[2][z] * nxy, z1 = hi[2][z] * nxy;
            float wz = w[2][z];
            for (int y = 0; y < out[1]; y++) {
                int y0 = lo[1][y] * nx, y1 = hi[1][y] * nx;
                float wy = w[1][y];
                for (int x = 0; x < out[0]; x++, d++) {
                    int x0 = lo[0][x], x1 = hi[0][x];
                    float wx = w[0][x];
                    int best = 0;
                    float bestScore = Float.NEGATIVE_INFINITY;
                    for (int c = 0, off = 0; c < classes; c++, off += n) {
                        float c00 = scores[off + z0 + y0 + x0] * (1 - wx) + scores[off + z0 + y0 + x1] * wx;
                        float c01 = scores[off + z0 + y1 + x0] * (1 - wx) + scores[off + z0 + y1 + x1] * wx;
                        float c10 = scores[off + z1 + y0 + x0] * (1 - wx) + scores[off + z1 + y0 + x1] * wx;
                        float c11 = scores[off + z1 + y1 + x0] * (1 - wx) + scores[off + z1 + y1 + x1] * wx;
                        float v = ((c00 * (1 - wy) + c01 * wy) * (1 - wz)) + ((c10 * (1 - wy) + c11 * wy) * wz);
                        if (v > bestScore) { bestScore = v; best = c; }
                    }
                    dst[d] = best;
                }
            }
        }
        return dst;
    }
}
