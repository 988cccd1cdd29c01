package org.spinerad.radiomics.filters;

import java.util.stream.IntStream;

import org.spinerad.util.SpineRadException;

/**
 * PyRadiomics' getLBP2DImage: scikit-image {@code local_binary_pattern(slice, P, R, method)} on every slice
 * perpendicular to {@code force2Ddimension} (numpy axis: 0 = z, slices are (y, x); 1 = y, slices (z, x);
 * 2 = x, slices (y, z)). Neighbour i at (row - R sin(2 pi i / P), col + R cos(2 pi i / P)) rounded to 5 decimals,
 * bilinear interpolation with 0 outside the slice, bit set when neighbour >= centre. Methods as scikit-image:
 * "default", "ror", "uniform" (number of ones when at most 2 transitions between consecutive neighbours 0..P-1,
 * without the wrap-around pair, else P + 1), "nri_uniform", "var" (biased variance of the neighbours, NaN when 0).
 */
public final class Lbp2dFilter {
    private Lbp2dFilter() {}

    public static float[] apply(float[] image, int nx, int ny, int nz, double radius, int samples, String method,
                                int force2Ddimension) {
        char m = switch (method.toLowerCase()) {
            case "default" -> 'D';
            case "ror" -> 'R';
            case "uniform" -> 'U';
            case "nri_uniform" -> 'N';
            case "var" -> 'V';
            default -> throw new SpineRadException("Unknown lbp2DMethod '" + method
                    + "'; valid: default, ror, uniform, nri_uniform, var");
        };
        if (samples < 1 || samples > 30) throw new SpineRadException("lbp2DSamples must be 1..30, found " + samples);
        int[] dims = {nx, ny, nz}, strides = {1, nx, nx * ny};
        int rowAxis, colAxis, sliceAxis;
        switch (force2Ddimension) {
            case 0 -> { sliceAxis = 2; rowAxis = 1; colAxis = 0; }
            case 1 -> { sliceAxis = 1; rowAxis = 2; colAxis = 0; }
            case 2 -> { sliceAxis = 0; rowAxis = 1; colAxis = 2; }
            default -> throw new SpineRadException("force2Ddimension must be 0, 1 or 2, found " + force2Ddimension);
        }
        Slice geometry = new Slice(dims[rowAxis], dims[colAxis], strides[rowAxis], strides[colAxis]);
        int ss = strides[sliceAxis];
        double[] rp = new double[samples], cp = new double[samples];
        for (int i = 0; i < samples; i++) {
            rp[i] = round5(-radius * Math.sin(2 * Math.PI * i / samples));
            cp[i] = round5(radius * Math.cos(2 * Math.PI * i / samples));
        }
        float[] out = new float[image.length];
        IntStream.range(0, dims[sliceAxis]).parallel().forEach(s -> {
            int base = s * ss;
            double[] texture = new double[samples];
            int[] bits = new int[samples];
            for (int r = 0; r < geometry.rows; r++)
                for (int c = 0; c < geometry.cols; c++) {
                    int idx = base + r * geometry.rowStride + c * geometry.colStride;
                    double centre = image[idx];
                    for (int i = 0; i < samples; i++) {
                        texture[i] = geometry.bilinear(image, base, r + rp[i], c + cp[i]);
                        bits[i] = texture[i] - centre >= 0 ? 1 : 0;
                    }
                    out[idx] = (float) code(m, texture, bits, samples);
                }
        });
        return out;
    }

    private record Slice(int rows, int cols, int rowStride, int colStride) {
        /** scikit-image bilinear_interpolation with mode 'C' (cval 0 for pixels outside the slice). */
        double bilinear(float[] im, int base, double r, double c) {
            int minr = (int) Math.floor(r), minc = (int) Math.floor(c);
            int maxr = (int) Math.ceil(r), maxc = (int) Math.ceil(c);
            double dr = r - minr, dc = c - minc;
            double top = (1 - dc) * pixel(im, base, minr, minc) + dc * pixel(im, base, minr, maxc);
            double bottom = (1 - dc) * pixel(im, base, maxr, minc) + dc * pixel(im, base, maxr, maxc);
            return (1 - dr) * top + dr * bottom;
        }

        double pixel(float[] im, int base, int r, int c) {
            return r < 0 || r >= rows || c < 0 || c >= cols ? 0 : im[base + r * rowStride + c * colStride];
        }
    }

    private static double code(char method, double[] texture, int[] bits, int p) {
        if (method == 'V') {
            double sum = 0, sq = 0;
            for (double t : texture) {
                sum += t;
                sq += t * t;
            }
            double var = (sq - sum * sum / p) / p;
            return var != 0 ? var : Double.NaN;
        }
        if (method == 'U' || method == 'N') {
            int changes = 0, ones = 0;
            for (int i = 0; i < p - 1; i++) if (bits[i] != bits[i + 1]) changes++;
            for (int b : bits) ones += b;
            if (method == 'U') return changes > 2 ? p + 1 : ones;
            if (changes > 2) return p * (p - 1) + 2;
            if (ones == 0) return 0;
            if (ones == p) return p * (p - 1) + 1;
            int firstOne = -1, firstZero = -1;
            for (int i = 0; i < p; i++) {
                if (bits[i] == 1 && firstOne == -1) firstOne = i;
                if (bits[i] == 0 && firstZero == -1) firstZero = i;
            }
            int rot = firstOne == 0 ? ones - firstZero : p - firstOne;
            return 1 + (ones - 1) * p + rot;
        }
        int lbp = 0;
        for (int i = 0; i < p; i++) lbp += bits[i] << i;
        if (method == 'R') {
            int min = lbp, v = lbp;
            for (int i = 1; i < p; i++) {
                v = (v >> 1) | ((v & 1) << (p - 1));
                min = Math.min(min, v);
            }
            lbp = min;
        }
        return lbp;
    }

    /** numpy.round(v, 5): scale, round half to even, unscale. */
    private static double round5(double v) {
        return Math.rint(v * 1e5) / 1e5;
    }
}
