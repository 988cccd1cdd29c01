package org.spinerad.radiomics.filters;

import java.util.stream.IntStream;

/**
 * 1D convolution along one axis of a volume (x fastest, then y, then z), parallel over lines:
 * {@code out[o] (+)= sum_j kernel[j] * in[ext(o + offset - j)]}, where ext is either constant extension of the
 * edge values ("nearest", ITK's recursive-filter boundary) or periodic extension (pywt's swt).
 */
final class Separable {
    private Separable() {}

    enum Boundary { NEAREST, PERIODIC }

    static void convolve(float[] in, float[] out, int nx, int ny, int nz, int axis, double[] kernel, int offset,
                         Boundary boundary, boolean accumulate) {
        int n = axis == 0 ? nx : axis == 1 ? ny : nz;
        int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
        int linesA = axis == 0 ? ny : nx;           // the two other axes
        int linesB = axis == 2 ? ny : nz;
        int klen = kernel.length;
        // extended line: index e corresponds to position e - pad; left pad covers j up to klen-1 - offset
        int padLeft = Math.max(0, klen - 1 - offset);
        int padRight = Math.max(0, offset);
        IntStream.range(0, linesA * linesB).parallel().forEach(line -> {
            int a = line % linesA, b = line / linesA;
            int start = switch (axis) {
                case 0 -> nx * (a + ny * b);
                case 1 -> a + nx * ny * b;
                default -> a + nx * b;
            };
            double[] ext = new double[n + padLeft + padRight];
            for (int i = 0; i < ext.length; i++) {
                int p = i - padLeft;
                if (boundary == Boundary.PERIODIC) p = Math.floorMod(p, n);
                else p = p < 0 ? 0 : Math.min(p, n - 1);
                ext[i] = in[start + p * stride];
            }
            for (int o = 0; o < n; o++) {
                double sum = 0;
                int base = o + offset + padLeft;        // ext index of position o + offset
                for (int j = 0; j < klen; j++) sum += kernel[j] * ext[base - j];
                int idx = start + o * stride;
                out[idx] = accumulate ? (float) (out[idx] + sum) : (float) sum;
            }
        });
    }
}
