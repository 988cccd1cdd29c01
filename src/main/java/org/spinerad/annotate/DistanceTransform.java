package org.spinerad.annotate;

/**
 * Exact Euclidean distance transform of a 2D binary image with anisotropic pixel size (Felzenszwalb &amp; Huttenlocher,
 * "Distance transforms of sampled functions", Theory of Computing 8, 2012): two separable passes of the lower
 * envelope of parabolas, O(pixels). Distances are between pixel centres, in the units of the pixel size.
 */
public final class DistanceTransform {
    private static final double FAR = Double.POSITIVE_INFINITY;

    private DistanceTransform() {}

    /**
     * Distance from each pixel to the nearest pixel whose {@code feature} value equals {@code target}
     * (0 on such pixels; +infinity when there is none). Image is nx x ny, row-major ({@code x + nx * y}).
     */
    public static double[] distance(boolean[] feature, boolean target, int nx, int ny, double pixelWidth, double pixelHeight) {
        double[] d = new double[nx * ny];
        for (int i = 0; i < d.length; i++) d[i] = feature[i] == target ? 0 : FAR;
        int n = Math.max(nx, ny);
        double[] f = new double[n], out = new double[n], z = new double[n + 1];
        int[] v = new int[n];
        double wx = pixelWidth * pixelWidth, wy = pixelHeight * pixelHeight;
        for (int y = 0; y < ny; y++) {
            System.arraycopy(d, y * nx, f, 0, nx);
            envelope(f, nx, wx, out, v, z);
            System.arraycopy(out, 0, d, y * nx, nx);
        }
        for (int x = 0; x < nx; x++) {
            for (int y = 0; y < ny; y++) f[y] = d[x + nx * y];
            envelope(f, ny, wy, out, v, z);
            for (int y = 0; y < ny; y++) d[x + nx * y] = out[y];
        }
        for (int i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]);
        return d;
    }

    /** 1D squared distance transform: out[p] = min_q (w (p - q)^2 + f[q]), over the finite f[q] only. */
    private static void envelope(double[] f, int n, double w, double[] out, int[] v, double[] z) {
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] == FAR) continue;
            if (k < 0) {
                k = 0;
                v[0] = q;
                z[0] = Double.NEGATIVE_INFINITY;
                z[1] = FAR;
                continue;
            }
            double s;
            while (true) { // z[0] = -infinity stops the loop at k = 0
                int r = v[k];
                s = ((f[q] + w * q * q) - (f[r] + w * r * r)) / (2 * w * (q - r));
                if (s <= z[k]) k--;
                else break;
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = FAR;
        }
        if (k < 0) {
            java.util.Arrays.fill(out, 0, n, FAR);
            return;
        }
        int j = 0;
        for (int p = 0; p < n; p++) {
            while (z[j + 1] < p) j++;
            double dp = p - v[j];
            out[p] = w * dp * dp + f[v[j]];
        }
    }

    /**
     * Signed distance of a binary shape: positive inside, negative outside, its zero level placed half-way between
     * the centres of the boundary pixels: inside {@code d_out - h/2}, outside {@code -(d_in - h/2)}, where d_out and
     * d_in are the distances to the nearest outside / inside pixel centre and h the smaller pixel size. Exact sign:
     * never 0, so thresholding at 0 gives back the shape.
     */
    public static double[] signed(boolean[] inside, int nx, int ny, double pixelWidth, double pixelHeight) {
        double[] toOutside = distance(inside, false, nx, ny, pixelWidth, pixelHeight);
        double[] toInside = distance(inside, true, nx, ny, pixelWidth, pixelHeight);
        double half = 0.5 * Math.min(pixelWidth, pixelHeight);
        double[] s = new double[inside.length];
        for (int i = 0; i < s.length; i++) {
            if (inside[i]) s[i] = toOutside[i] == FAR ? Double.MAX_VALUE / 4 : toOutside[i] - half;
            else s[i] = toInside[i] == FAR ? -Double.MAX_VALUE / 4 : -(toInside[i] - half);
        }
        return s;
    }
}
