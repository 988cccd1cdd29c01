package org.spinerad.radiomics;

import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

/**
 * Axis-aligned resampling as ITK's ResampleImageFilter does it for PyRadiomics: output voxel j on axis a samples the
 * input at continuous index {@code start[a] + j*step[a]}; points outside [-0.5, size-0.5) give 0. Interpolators:
 * "sitkNearestNeighbor" (round half up), "sitkLinear" (neighbours clamped to the image), "sitkBSpline" (cubic
 * B-spline: ITK's BSplineDecompositionImageFilter prefilter with mirror boundary, then BSplineInterpolateImageFunction
 * weights with mirrored indices). The prefilter runs on the needed region plus a 24-voxel margin, where the
 * coefficient difference to a whole-image prefilter is below 0.27^24 ~ 2e-14 of the data range. Integer input images
 * are clamped to their type's range and truncated toward zero, as ITK's static_cast when SimpleITK writes the input
 * pixel type (results are stored as float).
 */
final class Interpolation {
    private Interpolation() {}

    private static final double POLE = Math.sqrt(3) - 2;
    private static final int MARGIN = 24;

    static float[] resample(Volume image, double[] start, double[] step, int[] outSize, String interpolator) {
        String name = interpolator == null ? "sitkBSpline" : interpolator;
        return switch (name) {
            case "sitkNearestNeighbor" -> nearest(image, start, step, outSize);
            case "sitkLinear" -> separable(image, start, step, outSize, 1);
            case "sitkBSpline" -> separable(image, start, step, outSize, 3);
            default -> throw new SpineRadException("interpolator '" + interpolator
                    + "' is not supported (use sitkBSpline, sitkLinear or sitkNearestNeighbor)");
        };
    }

    /** Nearest-neighbour resampling of a mask (outside = false). */
    static boolean[] resampleNearest(boolean[] mask, int[] size, double[] start, double[] step, int[] outSize) {
        int[][] idx = nearestIndices(size, start, step, outSize);
        boolean[] out = new boolean[outSize[0] * outSize[1] * outSize[2]];
        int o = 0;
        for (int z = 0; z < outSize[2]; z++)
            for (int y = 0; y < outSize[1]; y++)
                for (int x = 0; x < outSize[0]; x++, o++) {
                    int ix = idx[0][x], iy = idx[1][y], iz = idx[2][z];
                    if (ix >= 0 && iy >= 0 && iz >= 0) out[o] = mask[ix + size[0] * (iy + size[1] * iz)];
                }
        return out;
    }

    private static float[] nearest(Volume image, double[] start, double[] step, int[] outSize) {
        int[] size = image.geometry().dims();
        int[][] idx = nearestIndices(size, start, step, outSize);
        float[] out = new float[outSize[0] * outSize[1] * outSize[2]];
        int o = 0;
        for (int z = 0; z < outSize[2]; z++)
            for (int y = 0; y < outSize[1]; y++)
                for (int x = 0; x < outSize[0]; x++, o++) {
                    int ix = idx[0][x], iy = idx[1][y], iz = idx[2][z];
                    if (ix >= 0 && iy >= 0 && iz >= 0) out[o] = (float) image.get(ix + size[0] * (iy + size[1] * iz));
                }
        return out;
    }

    /** Per axis, the nearest input index of each output position, or -1 when outside the image. */
    private static int[][] nearestIndices(int[] size, double[] start, double[] step, int[] outSize) {
        int[][] idx = new int[3][];
        for (int a = 0; a < 3; a++) {
            idx[a] = new int[outSize[a]];
            for (int j = 0; j < outSize[a]; j++) {
                double c = start[a] + j * step[a];
                idx[a][j] = inside(c, size[a]) ? Math.min(size[a] - 1, (int) Math.floor(c + 0.5)) : -1;
            }
        }
        return idx;
    }

    private static boolean inside(double c, int size) { return c >= -0.5 && c < size - 0.5; }

    /** Linear (order 1) or cubic B-spline (order 3) interpolation as a separable weighted sum. */
    private static float[] separable(Volume image, double[] start, double[] step, int[] outSize, int order) {
        int[] size = image.geometry().dims();
        int k = order + 1;
        // input region needed (plus margin for the B-spline prefilter)
        int[] lo = new int[3], hi = new int[3];
        for (int a = 0; a < 3; a++) {
            double c0 = start[a], c1 = start[a] + (outSize[a] - 1) * step[a];
            int margin = order == 3 ? MARGIN : 1;
            lo[a] = Math.max(0, (int) Math.floor(Math.min(c0, c1)) - 2 - margin);
            hi[a] = Math.min(size[a] - 1, (int) Math.floor(Math.max(c0, c1)) + 2 + margin);
        }
        int rx = hi[0] - lo[0] + 1, ry = hi[1] - lo[1] + 1, rz = hi[2] - lo[2] + 1;
        double[] coef = new double[rx * ry * rz];
        for (int z = 0; z < rz; z++)
            for (int y = 0; y < ry; y++)
                for (int x = 0; x < rx; x++)
                    coef[x + rx * (y + ry * z)] = image.get(lo[0] + x + size[0] * (lo[1] + y + size[1] * (lo[2] + z)));
        int[] rsize = {rx, ry, rz};
        if (order == 3) prefilter(coef, rsize);
        // per-axis indices (into the region) and weights; index -1 marks outside
        int[][][] ind = new int[3][][];
        double[][][] w = new double[3][][];
        for (int a = 0; a < 3; a++) {
            ind[a] = new int[outSize[a]][k];
            w[a] = new double[outSize[a]][k];
            for (int j = 0; j < outSize[a]; j++) {
                double c = start[a] + j * step[a];
                if (!inside(c, size[a])) {
                    ind[a][j][0] = -1;
                    continue;
                }
                if (order == 1) linearWeights(c, size[a], ind[a][j], w[a][j]);
                else cubicWeights(c, size[a], ind[a][j], w[a][j]);
                for (int t = 0; t < k; t++) ind[a][j][t] -= lo[a];
            }
        }
        float[] out = new float[outSize[0] * outSize[1] * outSize[2]];
        boolean integer = image.type().integer;
        double min = image.type().minValue(), max = image.type().maxValue();
        int o = 0;
        for (int z = 0; z < outSize[2]; z++) {
            int[] iz = ind[2][z];
            double[] wz = w[2][z];
            for (int y = 0; y < outSize[1]; y++) {
                int[] iy = ind[1][y];
                double[] wy = w[1][y];
                for (int x = 0; x < outSize[0]; x++, o++) {
                    int[] ix = ind[0][x];
                    if (ix[0] < 0 || iy[0] < 0 || iz[0] < 0) continue;
                    double[] wx = w[0][x];
                    double v = 0;
                    for (int c = 0; c < k; c++) {
                        if (wz[c] == 0) continue;
                        for (int b = 0; b < k; b++) {
                            double wyz = wz[c] * wy[b];
                            if (wyz == 0) continue;
                            int base = rx * (iy[b] + ry * iz[c]);
                            for (int t = 0; t < k; t++) v += wyz * wx[t] * coef[base + ix[t]];
                        }
                    }
                    out[o] = (float) (integer ? castLikeItk(v, min, max) : v);
                }
            }
        }
        return out;
    }

    private static double castLikeItk(double v, double min, double max) {
        return v < min ? min : v > max ? max : (double) (long) v;
    }

    private static void linearWeights(double c, int size, int[] ind, double[] w) {
        int b = (int) Math.floor(c);
        if (b < 0) b = 0;
        double d = Math.max(0, c - b);
        int b1 = Math.min(size - 1, b + 1);
        if (b > size - 1) b = size - 1;
        ind[0] = b;
        ind[1] = b1;
        w[0] = 1 - d;
        w[1] = d;
        if (b1 == b) {
            w[0] = 1;
            w[1] = 0;
        }
    }

    /** ITK BSplineInterpolateImageFunction (order 3) support, weights and mirror boundary. */
    private static void cubicWeights(double c, int size, int[] ind, double[] w) {
        int first = (int) Math.floor(c) - 1;
        double t = c - (first + 1);
        w[3] = t * t * t / 6.0;
        w[0] = 1.0 / 6.0 + 0.5 * t * (t - 1.0) - w[3];
        w[2] = t + w[0] - 2.0 * w[3];
        w[1] = 1.0 - w[0] - w[2] - w[3];
        for (int k = 0; k < 4; k++) {
            int i = first + k;
            if (size == 1) i = 0;
            else {
                int period = 2 * (size - 1);
                i = Math.floorMod(i, period);
                if (i > size - 1) i = period - i;
            }
            ind[k] = i;
        }
    }

    /**
     * In-place cubic B-spline decomposition along each axis (ITK BSplineDecompositionImageFilter): gain 6, causal and
     * anti-causal recursion with pole sqrt(3)-2, mirror-boundary initialisation. Lines whose region boundary is not
     * the image boundary still use the mirror initialisation (difference decays as pole^margin).
     */
    private static void prefilter(double[] c, int[] rsize) {
        int[] stride = {1, rsize[0], rsize[0] * rsize[1]};
        for (int a = 0; a < 3; a++) {
            int n = rsize[a];
            if (n == 1) continue;
            double[] line = new double[n];
            int o1 = (a + 1) % 3, o2 = (a + 2) % 3;
            for (int u = 0; u < rsize[o1]; u++)
                for (int v = 0; v < rsize[o2]; v++) {
                    int base = u * stride[o1] + v * stride[o2];
                    for (int i = 0; i < n; i++) line[i] = c[base + i * stride[a]];
                    filterLine(line);
                    for (int i = 0; i < n; i++) c[base + i * stride[a]] = line[i];
                }
        }
    }

    private static void filterLine(double[] c) {
        int n = c.length;
        double z = POLE, lambda = (1 - z) * (1 - 1 / z);
        for (int i = 0; i < n; i++) c[i] *= lambda;
        // causal initialisation (ITK SetInitialCausalCoefficient, tolerance 1e-10)
        int horizon = (int) Math.ceil(Math.log(1e-10) / Math.log(Math.abs(z)));
        if (horizon < n) {
            double zn = z, sum = c[0];
            for (int i = 1; i < horizon; i++) {
                sum += zn * c[i];
                zn *= z;
            }
            c[0] = sum;
        } else {
            double zn = z, iz = 1 / z, z2n = Math.pow(z, n - 1), sum = c[0] + z2n * c[n - 1];
            z2n *= z2n * iz;
            for (int i = 1; i <= n - 2; i++) {
                sum += (zn + z2n) * c[i];
                zn *= z;
                z2n *= iz;
            }
            c[0] = sum / (1 - zn * zn);
        }
        for (int i = 1; i < n; i++) c[i] += z * c[i - 1];
        c[n - 1] = (z / (z * z - 1)) * (z * c[n - 2] + c[n - 1]);
        for (int i = n - 2; i >= 0; i--) c[i] = z * (c[i + 1] - c[i]);
    }
}
