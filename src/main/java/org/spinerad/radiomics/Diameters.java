package org.spinerad.radiomics;

import java.util.Arrays;

/**
 * Exact maximum pairwise distances between mesh vertices (PyRadiomics Maximum3DDiameter / Maximum2DDiameter* /
 * MaximumDiameter), fast: a farthest pair is always a pair of convex-hull vertices. In-plane maxima compare only the
 * 2D hull vertices of each plane (monotone chain on exact integer coordinates; axis scaling preserves hulls). A 3D hull
 * vertex is a hull vertex of each of its three axis planes, so the 3D search compares only points that are, visited in
 * order of decreasing distance to the centroid, stopping when two radii cannot beat the best distance.
 * Vertices are doubled integer coordinates (edge midpoints become integers).
 */
final class Diameters {
    private Diameters() {}

    /** Returns {same-axis0, same-axis1, same-axis2, 3D} maxima for triples (a0, a1, a2); h = mm per coordinate unit. */
    static double[] of3D(int[] v, double[] sp) {
        int n = v.length / 3;
        double[] out = new double[4];
        if (n == 0) return out;
        double[] h = {sp[0] / 2, sp[1] / 2, sp[2] / 2};
        int[] hullCount = new int[n];
        for (int fixed = 0; fixed < 3; fixed++) {
            int o1 = (fixed + 1) % 3, o2 = (fixed + 2) % 3;
            int size = 0;
            for (int i = 0; i < n; i++) size = Math.max(size, v[3 * i + fixed] + 1);
            // bucket the vertices by their fixed coordinate
            int[] start = new int[size + 1];
            for (int i = 0; i < n; i++) start[v[3 * i + fixed] + 1]++;
            for (int k = 1; k <= size; k++) start[k] += start[k - 1];
            int[] byPlane = new int[n], pos = start.clone();
            for (int i = 0; i < n; i++) byPlane[pos[v[3 * i + fixed]]++] = i;
            double best = 0;
            for (int g = 0; g < size; g++) {
                int len = start[g + 1] - start[g];
                if (len == 0) continue;
                int[] hull = hull2D(v, 3, o1, o2, byPlane, start[g], len);
                for (int i : hull) hullCount[i]++;
                best = Math.max(best, bruteForce(v, 3, hull, h));
            }
            out[fixed] = best;
        }
        int[] cand = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) if (hullCount[i] == 3) cand[m++] = i;
        out[3] = prunedMax(v, 3, Arrays.copyOf(cand, m), h);
        return out;
    }

    /** Maximum distance between vertex pairs (r, c) with spacing (mm) of rows and columns. */
    static double of2D(int[] v, double sr, double sc) {
        int n = v.length / 2;
        if (n == 0) return 0;
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        return bruteForce(v, 2, hull2D(v, 2, 0, 1, all, 0, n), new double[]{sr / 2, sc / 2});
    }

    /** Indices of the strict convex-hull vertices (collinear points dropped) of the listed points in (a, b). */
    static int[] hull2D(int[] v, int dim, int a, int b, int[] idx, int from, int len) {
        if (len <= 2) return Arrays.copyOfRange(idx, from, from + len);
        long[] keys = new long[len];
        for (int k = 0; k < len; k++) {
            int i = idx[from + k];
            keys[k] = ((long) v[dim * i + a] << 42) | ((long) v[dim * i + b] << 21) | k;
        }
        Arrays.sort(keys);
        int[] pts = new int[len];
        for (int k = 0; k < len; k++) pts[k] = idx[from + (int) (keys[k] & 0x1FFFFF)];
        int[] hull = new int[2 * len];
        int h = 0;
        for (int k = 0; k < len; k++) { // lower chain
            while (h >= 2 && cross(v, dim, a, b, hull[h - 2], hull[h - 1], pts[k]) <= 0) h--;
            hull[h++] = pts[k];
        }
        for (int k = len - 2, lower = h + 1; k >= 0; k--) { // upper chain
            while (h >= lower && cross(v, dim, a, b, hull[h - 2], hull[h - 1], pts[k]) <= 0) h--;
            hull[h++] = pts[k];
        }
        return Arrays.copyOf(hull, Math.max(1, h - 1));
    }

    private static long cross(int[] v, int dim, int a, int b, int o, int p, int q) {
        long ox = v[dim * o + a], oy = v[dim * o + b];
        return (v[dim * p + a] - ox) * (v[dim * q + b] - oy) - (v[dim * p + b] - oy) * (v[dim * q + a] - ox);
    }

    private static double bruteForce(int[] v, int dim, int[] idx, double[] h) {
        double best = 0;
        for (int x = 0; x < idx.length; x++)
            for (int y = x + 1; y < idx.length; y++) best = Math.max(best, dist2(v, dim, idx[x], idx[y], h));
        return Math.sqrt(best);
    }

    private static double dist2(int[] v, int dim, int i, int j, double[] h) {
        double s = 0;
        for (int a = 0; a < dim; a++) {
            double d = (v[dim * i + a] - v[dim * j + a]) * h[a];
            s += d * d;
        }
        return s;
    }

    /** Exact maximum distance among the given vertices, pruned by distance to their centroid. */
    private static double prunedMax(int[] v, int dim, int[] idx, double[] h) {
        int m = idx.length;
        if (m < 2) return 0;
        double[] centre = new double[dim];
        for (int i : idx) for (int a = 0; a < dim; a++) centre[a] += v[dim * i + a] * h[a];
        for (int a = 0; a < dim; a++) centre[a] /= m;
        double[] r = new double[m];
        long[] order = new long[m];
        for (int k = 0; k < m; k++) {
            double s = 0;
            for (int a = 0; a < dim; a++) {
                double d = v[dim * idx[k] + a] * h[a] - centre[a];
                s += d * d;
            }
            r[k] = Math.sqrt(s);
            // non-negative floats order like their bit patterns; ascending, scanned from the end
            order[k] = ((long) Float.floatToIntBits((float) r[k]) << 32) | k;
        }
        Arrays.sort(order);
        double best2 = 0, best = 0;
        for (int oi = m - 1; oi > 0; oi--) {
            int i = (int) order[oi];
            // float keys may misorder nearly equal radii: keep a relative safety margin
            if ((r[i] + r[(int) order[oi - 1]]) * (1 + 1e-6) < best) break;
            for (int oj = oi - 1; oj >= 0; oj--) {
                int j = (int) order[oj];
                if ((r[i] + r[j]) * (1 + 1e-6) < best) break;
                double s = dist2(v, dim, idx[i], idx[j], h);
                if (s > best2) {
                    best2 = s;
                    best = Math.sqrt(s);
                }
            }
        }
        return best;
    }
}
