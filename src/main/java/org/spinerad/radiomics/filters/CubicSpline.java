package org.spinerad.radiomics.filters;

import java.util.stream.IntStream;

/**
 * Cubic B-spline interpolation as scipy.ndimage.map_coordinates(order=3, mode='constant', cval=0): coefficients by
 * the exact recursive prefilter with mirror boundary, evaluation with mirrored coefficient indices, and 0 for
 * coordinates outside [0, n-1].
 */
final class CubicSpline {
    private CubicSpline() {}

    private static final double POLE = Math.sqrt(3) - 2;

    static double[] coefficients(float[] image, int nx, int ny, int nz) {
        double[] c = new double[image.length];
        for (int i = 0; i < c.length; i++) c[i] = image[i];
        filterAxis(c, nx, ny, nz, 0);
        filterAxis(c, nx, ny, nz, 1);
        filterAxis(c, nx, ny, nz, 2);
        return c;
    }

    private static void filterAxis(double[] c, int nx, int ny, int nz, int axis) {
        int n = axis == 0 ? nx : axis == 1 ? ny : nz;
        if (n < 2) return;
        int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
        int linesA = axis == 0 ? ny : nx, linesB = axis == 2 ? ny : nz;
        IntStream.range(0, linesA * linesB).parallel().forEach(line -> {
            int a = line % linesA, b = line / linesA;
            int start = switch (axis) {
                case 0 -> nx * (a + ny * b);
                case 1 -> a + nx * ny * b;
                default -> a + nx * b;
            };
            double[] l = new double[n];
            for (int i = 0; i < n; i++) l[i] = c[start + i * stride];
            prefilter(l);
            for (int i = 0; i < n; i++) c[start + i * stride] = l[i];
        });
    }

    /** In-place cubic B-spline prefilter with mirror-symmetric boundary (scipy ni_splines.c). */
    static void prefilter(double[] c) {
        int n = c.length;
        double z = POLE, gain = (1 - z) * (1 - 1 / z);
        for (int i = 0; i < n; i++) c[i] *= gain;
        double zi = z, zn1 = Math.pow(z, n - 1);
        double c0 = c[0] + zn1 * c[n - 1];
        for (int i = 1; i < n - 1; i++) {
            c0 += zi * (c[i] + zn1 * c[n - 1 - i]);
            zi *= z;
        }
        c[0] = c0 / (1 - zn1 * zn1);
        for (int i = 1; i < n; i++) c[i] += z * c[i - 1];
        c[n - 1] = (z / (z * z - 1)) * (c[n - 1] + z * c[n - 2]);
        for (int i = n - 2; i >= 0; i--) c[i] = z * (c[i + 1] - c[i]);
    }

    /** The 4 cubic B-spline weights for nodes floor(t)-1 .. floor(t)+2 at fractional part t in [0, 1). */
    static double[] weights(double t) {
        double[] w = new double[4];
        for (int k = 0; k < 4; k++) {
            double d = Math.abs(t - (k - 1));
            w[k] = d < 1 ? 2.0 / 3 - d * d + d * d * d / 2 : d < 2 ? (2 - d) * (2 - d) * (2 - d) / 6 : 0;
        }
        return w;
    }

    /** Value at (x + ox, y + oy, z + oz); base = floor(offset) - 1 per axis (x, y, z), w = weights per axis. */
    static double sample(double[] c, int nx, int ny, int nz, int x, int y, int z, double ox, double oy, double oz,
                         int[] base, double[][] w) {
        double px = x + ox, py = y + oy, pz = z + oz;
        if (px < 0 || py < 0 || pz < 0 || px > nx - 1 || py > ny - 1 || pz > nz - 1) return 0;
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            int zi = mirror(z + base[2] + k, nz);
            double sy = 0;
            for (int j = 0; j < 4; j++) {
                int row = nx * (mirror(y + base[1] + j, ny) + ny * zi);
                double sx = 0;
                for (int i = 0; i < 4; i++) sx += w[0][i] * c[row + mirror(x + base[0] + i, nx)];
                sy += w[1][j] * sx;
            }
            sum += w[2][k] * sy;
        }
        return sum;
    }

    private static int mirror(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * n - 2;
        i = Math.floorMod(i, period);
        return i < n ? i : period - i;
    }
}
