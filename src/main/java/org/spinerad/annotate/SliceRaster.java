package org.spinerad.annotate;

import java.util.Arrays;

/**
 * Rasterises shapes on a slice of nx x ny pixels with pixel-centre sampling: pixel (i, j) is inside when its centre
 * (i + 1/2, j + 1/2) is inside the shape (see the package documentation for the coordinate convention). A polygon
 * with integer corners therefore covers exactly its area in pixels when its edges are axis-aligned.
 */
public final class SliceRaster {
    private SliceRaster() {}

    /** How self-overlapping polygons are filled. */
    public enum FillRule {
        /** A point is inside when a ray from it crosses the outline an odd number of times (ImageJ's rule). */
        EVEN_ODD,
        /** A point is inside when the outline winds around it a non-zero number of times. */
        NON_ZERO
    }

    /** The pixels of a closed polygon (vertices xs[k], ys[k]; the last vertex connects to the first). */
    public static SliceMask polygon(double[] xs, double[] ys, FillRule rule, int nx, int ny) {
        int n = xs.length;
        if (n != ys.length) throw new IllegalArgumentException("polygon has " + n + " x but " + ys.length + " y coordinates");
        if (n < 3) throw new IllegalArgumentException("a polygon needs at least 3 vertices, got " + n);
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, minY = minX, maxY = maxX;
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(xs[k]) || !Double.isFinite(ys[k])) throw new IllegalArgumentException("polygon vertex " + k + " is not finite");
            minX = Math.min(minX, xs[k]); maxX = Math.max(maxX, xs[k]);
            minY = Math.min(minY, ys[k]); maxY = Math.max(maxY, ys[k]);
        }
        int x0 = clamp((int) Math.floor(minX), nx), x1 = clamp((int) Math.ceil(maxX), nx);
        int y0 = clamp((int) Math.floor(minY), ny), y1 = clamp((int) Math.ceil(maxY), ny);
        if (x1 <= x0 || y1 <= y0) return SliceMask.empty();
        int w = x1 - x0, h = y1 - y0;
        boolean[] inside = new boolean[w * h];
        double[] cross = new double[n];
        int[] dir = new int[n];
        for (int j = y0; j < y1; j++) {
            double y = j + 0.5;
            int m = 0;
            for (int k = 0; k < n; k++) {
                double ya = ys[k], yb = ys[(k + 1) % n];
                if (ya == yb) continue;
                boolean down = ya < yb;
                if (down ? (ya <= y && y < yb) : (yb <= y && y < ya)) { // half-open: shared vertices count once
                    double xa = xs[k], xb = xs[(k + 1) % n];
                    cross[m] = xa + (y - ya) * (xb - xa) / (yb - ya);
                    dir[m++] = down ? 1 : -1;
                }
            }
            sortByX(cross, dir, m);
            int winding = 0;
            for (int c = 0; c < m; c++) {
                boolean wasInside = rule == FillRule.EVEN_ODD ? (c & 1) == 1 : winding != 0;
                winding += dir[c];
                if (!wasInside || c == 0) continue;
                // span [cross[c-1], cross[c]) is inside: pixels whose centre i + 1/2 lies in it
                int from = Math.max(x0, (int) Math.ceil(cross[c - 1] - 0.5));
                int to = Math.min(x1, (int) Math.ceil(cross[c] - 0.5));
                for (int i = from; i < to; i++) inside[(i - x0) + w * (j - y0)] = true;
            }
        }
        return new SliceMask(x0, y0, w, h, inside);
    }

    /** Insertion sort of crossings by x (rows have few crossings). */
    private static void sortByX(double[] x, int[] dir, int m) {
        for (int a = 1; a < m; a++) {
            double xv = x[a];
            int dv = dir[a], b = a - 1;
            while (b >= 0 && x[b] > xv) { x[b + 1] = x[b]; dir[b + 1] = dir[b]; b--; }
            x[b + 1] = xv;
            dir[b + 1] = dv;
        }
    }

    /**
     * The pixels swept by a disc moved along a polyline (one vertex: a single disc): pixels whose centre lies within
     * {@code radius} of the polyline, distances measured with pixel size (pixelWidth, pixelHeight) — (1, 1) for a
     * radius in pixels, the voxel spacing for a radius in mm (a disc in mm is an ellipse in pixels when the spacing
     * is anisotropic).
     */
    public static SliceMask brush(double[] xs, double[] ys, double radius, double pixelWidth, double pixelHeight, int nx, int ny) {
        int n = xs.length;
        if (n != ys.length || n == 0) throw new IllegalArgumentException("a brush stroke needs matching, non-empty x and y coordinates");
        if (!(radius > 0) || !Double.isFinite(radius)) throw new IllegalArgumentException("brush radius must be positive, got " + radius);
        for (int k = 0; k < n; k++)
            if (!Double.isFinite(xs[k]) || !Double.isFinite(ys[k])) throw new IllegalArgumentException("brush point " + k + " is not finite");
        double rx = radius / pixelWidth, ry = radius / pixelHeight;
        double minX = Arrays.stream(xs).min().orElseThrow() - rx, maxX = Arrays.stream(xs).max().orElseThrow() + rx;
        double minY = Arrays.stream(ys).min().orElseThrow() - ry, maxY = Arrays.stream(ys).max().orElseThrow() + ry;
        int x0 = clamp((int) Math.floor(minX), nx), x1 = clamp((int) Math.ceil(maxX), nx);
        int y0 = clamp((int) Math.floor(minY), ny), y1 = clamp((int) Math.ceil(maxY), ny);
        if (x1 <= x0 || y1 <= y0) return SliceMask.empty();
        int w = x1 - x0, h = y1 - y0;
        boolean[] inside = new boolean[w * h];
        double r2 = radius * radius;
        for (int k = 0; k < Math.max(1, n - 1); k++) {
            int k2 = Math.min(k + 1, n - 1);
            double ax = xs[k], ay = ys[k], bx = xs[k2], by = ys[k2];
            // segment in mm (or pixel) units
            double ux = (bx - ax) * pixelWidth, uy = (by - ay) * pixelHeight, len2 = ux * ux + uy * uy;
            int sx0 = Math.max(x0, (int) Math.floor(Math.min(ax, bx) - rx)), sx1 = Math.min(x1, (int) Math.ceil(Math.max(ax, bx) + rx));
            int sy0 = Math.max(y0, (int) Math.floor(Math.min(ay, by) - ry)), sy1 = Math.min(y1, (int) Math.ceil(Math.max(ay, by) + ry));
            for (int j = sy0; j < sy1; j++) {
                double py = (j + 0.5 - ay) * pixelHeight;
                for (int i = sx0; i < sx1; i++) {
                    double px = (i + 0.5 - ax) * pixelWidth;
                    double t = len2 > 0 ? Math.max(0, Math.min(1, (px * ux + py * uy) / len2)) : 0;
                    double dx = px - t * ux, dy = py - t * uy;
                    if (dx * dx + dy * dy <= r2) inside[(i - x0) + w * (j - y0)] = true;
                }
            }
        }
        return new SliceMask(x0, y0, w, h, inside);
    }

    private static int clamp(int v, int n) { return Math.max(0, Math.min(n, v)); }
}
