package org.spinerad.radiomics.filters;

import java.util.stream.IntStream;

/**
 * 1D convolution along one axis of a volume (x fastest, then y, then z), multi-threaded:
 * {@code out[o] (+)= sum_j kernel[j] * in[ext(o + offset - j)]}, where ext is either constant extension of the
 * edge values ("nearest", ITK's recursive-filter boundary) or periodic extension (pywt's swt). Along y and z whole
 * x-rows are accumulated at once (contiguous memory access).
 */
final class Separable {
    private Separable() {}

    enum Boundary { NEAREST, PERIODIC }

    static void convolve(float[] in, float[] out, int nx, int ny, int nz, int axis, double[] kernel, int offset,
                         Boundary boundary, boolean accumulate) {
        if (axis == 0) convolveX(in, out, nx, ny, nz, kernel, offset, boundary, accumulate);
        else convolveRows(in, out, nx, ny, nz, axis, kernel, offset, boundary, accumulate);
    }

    private static int extend(int p, int n, Boundary boundary) {
        return boundary == Boundary.PERIODIC ? Math.floorMod(p, n) : p < 0 ? 0 : Math.min(p, n - 1);
    }

    private static void convolveX(float[] in, float[] out, int nx, int ny, int nz, double[] kernel, int offset,
                                  Boundary boundary, boolean accumulate) {
        int klen = kernel.length;
        int padLeft = Math.max(0, klen - 1 - offset), padRight = Math.max(0, offset);
        IntStream.range(0, nz).parallel().forEach(z -> {
            double[] ext = new double[nx + padLeft + padRight];
            for (int y = 0; y < ny; y++) {
                int start = nx * (y + ny * z);
                for (int i = 0; i < ext.length; i++) ext[i] = in[start + extend(i - padLeft, nx, boundary)];
                for (int o = 0; o < nx; o++) {
                    double sum = 0;
                    int base = o + offset + padLeft;    // ext index of position o + offset
                    for (int j = 0; j < klen; j++) sum += kernel[j] * ext[base - j];
                    out[start + o] = accumulate ? (float) (out[start + o] + sum) : (float) sum;
                }
            }
        });
    }

    /** Along y (axis 1) or z (axis 2): parallel over the remaining outer index, accumulating whole x-rows. */
    private static void convolveRows(float[] in, float[] out, int nx, int ny, int nz, int axis, double[] kernel,
                                     int offset, Boundary boundary, boolean accumulate) {
        int n = axis == 1 ? ny : nz;
        int outer = axis == 1 ? nz : ny;
        int klen = kernel.length;
        IntStream.range(0, outer).parallel().forEach(b -> {
            double[] acc = new double[nx];
            for (int o = 0; o < n; o++) {
                java.util.Arrays.fill(acc, 0);
                for (int j = 0; j < klen; j++) {
                    double kj = kernel[j];
                    if (kj == 0) continue;
                    int row = rowStart(extend(o + offset - j, n, boundary), b, nx, ny, axis);
                    for (int x = 0; x < nx; x++) acc[x] += kj * in[row + x];
                }
                int row = rowStart(o, b, nx, ny, axis);
                if (accumulate) for (int x = 0; x < nx; x++) out[row + x] = (float) (out[row + x] + acc[x]);
                else for (int x = 0; x < nx; x++) out[row + x] = (float) acc[x];
            }
        });
    }

    private static int rowStart(int p, int b, int nx, int ny, int axis) {
        return axis == 1 ? nx * (p + ny * b) : nx * (b + ny * p);
    }
}
