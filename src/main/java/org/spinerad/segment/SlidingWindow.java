package org.spinerad.segment;

import org.spinerad.util.Progress;

/**
 * nnU-Net's sliding-window inference: patches tile the volume with a given overlap (the last patch of an axis
 * flush with the border), each patch's logits are weighted by a Gaussian importance map (sigma = 1/8 of the patch
 * size, peak 1) that down-weights the less reliable patch borders, and the weighted sum is divided by the summed
 * weights. An axis shorter than the patch is padded symmetrically with {@code padValue} and cropped back afterwards.
 */
public final class SlidingWindow {
    private SlidingWindow() {}

    /** Patch start positions along an axis: {@code ceil((n - p) / (p * (1 - overlap))) + 1} evenly spaced starts. */
    public static int[] starts(int n, int p, double overlap) {
        if (n <= p) return new int[]{0};
        double step = p * (1 - overlap);
        int count = (int) Math.ceil((n - p) / step) + 1;
        int[] s = new int[count];
        double actual = (double) (n - p) / (count - 1);
        for (int i = 0; i < count; i++) s[i] = (int) Math.round(i * actual);
        return s;
    }

    /** Gaussian importance map of a patch (x fastest), centred at {@code (p-1)/2}, sigma {@code p/8}, maximum 1. */
    public static float[] gaussian(int[] p) {
        double[][] axis = new double[3][];
        for (int a = 0; a < 3; a++) {
            axis[a] = new double[p[a]];
            double c = (p[a] - 1) / 2.0, sigma = p[a] / 8.0;
            for (int i = 0; i < p[a]; i++) axis[a][i] = Math.exp(-(i - c) * (i - c) / (2 * sigma * sigma));
        }
        double max = max(axis[0]) * max(axis[1]) * max(axis[2]);
        float[] w = new float[p[0] * p[1] * p[2]];
        int i = 0;
        for (int z = 0; z < p[2]; z++)
            for (int y = 0; y < p[1]; y++)
                for (int x = 0; x < p[0]; x++)
                    w[i++] = (float) Math.max(axis[0][x] * axis[1][y] * axis[2][z] / max, 1e-6);
        return w;
    }

    private static double max(double[] v) {
        double m = 0;
        for (double d : v) m = Math.max(m, d);
        return m;
    }

    /**
     * Logits of a whole volume ({@code classes} channels of {@code dims}, channel-major).
     *
     * @param image normalised image, x fastest, {@code dims} voxels
     */
    public static float[] predict(float[] image, int[] dims, int[] patch, double overlap, PatchPredictor net,
                                  float padValue, Progress progress) {
        return predict(image, dims, patch, overlap, net, padValue, false, progress);
    }

    /**
     * As above; with {@code mirrorZ}, a z axis shorter than the patch is padded by mirroring the image at its first
     * and last slice (the U-Net paper's overlap-tile extrapolation, Ronneberger et al. 2015) instead of the constant.
     */
    public static float[] predict(float[] image, int[] dims, int[] patch, double overlap, PatchPredictor net,
                                  float padValue, boolean mirrorZ, Progress progress) {
        if (!(overlap >= 0 && overlap < 1)) throw new IllegalArgumentException("overlap must be in [0, 1), got " + overlap);
        int[] padded = new int[3], before = new int[3];
        for (int a = 0; a < 3; a++) {
            padded[a] = Math.max(dims[a], patch[a]);
            before[a] = (padded[a] - dims[a]) / 2;
        }
        float[] src = pad(image, dims, padded, before, padValue, mirrorZ);
        int classes = net.classes();
        int n = padded[0] * padded[1] * padded[2], pn = patch[0] * patch[1] * patch[2];
        float[] sum = new float[classes * n], weightSum = new float[n], w = gaussian(patch), buf = new float[pn];
        int[] sx = starts(padded[0], patch[0], overlap), sy = starts(padded[1], patch[1], overlap),
                sz = starts(padded[2], patch[2], overlap);
        long total = (long) sx.length * sy.length * sz.length, done = 0;
        progress.update(0, total, "sliding window");
        for (int z0 : sz)
            for (int y0 : sy)
                for (int x0 : sx) {
                    copyBox(src, padded, x0, y0, z0, buf, patch);
                    float[] logits = net.predict(buf, patch);
                    if (logits.length != classes * pn)
                        throw new IllegalStateException("network returned " + logits.length + " logits for a patch of " + pn
                                + " voxels and " + classes + " classes");
                    for (int z = 0; z < patch[2]; z++)
                        for (int y = 0; y < patch[1]; y++) {
                            int pi = patch[0] * (y + patch[1] * z), vi = x0 + padded[0] * (y0 + y + padded[1] * (z0 + z));
                            for (int x = 0; x < patch[0]; x++) weightSum[vi + x] += w[pi + x];
                            for (int c = 0; c < classes; c++)
                                for (int x = 0; x < patch[0]; x++) sum[c * n + vi + x] += w[pi + x] * logits[c * pn + pi + x];
                        }
                    progress.update(++done, total, "sliding window");
                }
        for (int c = 0; c < classes; c++)
            for (int i = 0; i < n; i++) sum[c * n + i] /= weightSum[i];
        if (padded[0] == dims[0] && padded[1] == dims[1] && padded[2] == dims[2]) return sum;
        int m = dims[0] * dims[1] * dims[2];
        float[] out = new float[classes * m], channel = new float[n];
        for (int c = 0; c < classes; c++) {
            System.arraycopy(sum, c * n, channel, 0, n);
            float[] cropped = new float[m];
            copyBox(channel, padded, before[0], before[1], before[2], cropped, dims);
            System.arraycopy(cropped, 0, out, c * m, m);
        }
        return out;
    }

    /** Index of the largest score per voxel ({@code classes} channel-major channels). */
    public static int[] argmax(float[] scores, int classes) {
        int n = scores.length / classes;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            float bestScore = scores[i];
            for (int c = 1; c < classes; c++)
                if (scores[c * n + i] > bestScore) { bestScore = scores[c * n + i]; best = c; }
            out[i] = best;
        }
        return out;
    }

    static float[] pad(float[] image, int[] dims, int[] padded, int[] before, float value, boolean mirrorZ) {
        if (padded[0] == dims[0] && padded[1] == dims[1] && padded[2] == dims[2]) return image;
        float[] out = new float[padded[0] * padded[1] * padded[2]];
        java.util.Arrays.fill(out, value);
        for (int pz = 0; pz < padded[2]; pz++) {
            int z = mirrorZ ? mirrored(pz - before[2], dims[2]) : pz - before[2];
            if (z < 0 || z >= dims[2]) continue;
            for (int y = 0; y < dims[1]; y++)
                System.arraycopy(image, dims[0] * (y + dims[1] * z), out,
                        before[0] + padded[0] * (before[1] + y + padded[1] * pz), dims[0]);
        }
        return out;
    }

    /** Index {@code i} reflected into [0, n) about the end slices (period 2n - 2; repeated for short axes). */
    static int mirrored(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * n - 2, m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** Copies the box of {@code size} starting at (x0, y0, z0) of a volume of {@code dims} into {@code dst}. */
    static void copyBox(float[] src, int[] dims, int x0, int y0, int z0, float[] dst, int[] size) {
        for (int z = 0; z < size[2]; z++)
            for (int y = 0; y < size[1]; y++)
                System.arraycopy(src, x0 + dims[0] * (y0 + y + dims[1] * (z0 + z)), dst, size[0] * (y + size[1] * z), size[0]);
    }
}
