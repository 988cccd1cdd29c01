package org.spinerad.radiomics;

import java.util.Arrays;

/**
 * Exact maximum pairwise distances between mesh vertices (PyRadiomics Maximum3DDiameter / Maximum2DDiameter*), fast:
 * a farthest pair is always a pair of convex-hull vertices, and a hull vertex is the first or last point on each
 * axis-parallel line through it, so only such points are compared; pairs are then visited in order of decreasing
 * distance to the centroid and the scan stops when two radii cannot beat the best distance.
 * Vertices are given as doubled integer coordinates (so edge midpoints are integers).
 */
final class Diameters {
    private Diameters() {}

    /** Returns {same-axis0, same-axis1, same-axis2, 3D} maxima for triples (a0, a1, a2) with spacing sp (mm). */
    static double[] of3D(int[] v, double[] sp) {
        int n = v.length / 3;
        if (n == 0) return new double[4];
        int[] size = new int[3];
        for (int i = 0; i < n; i++) for (int a = 0; a < 3; a++) size[a] = Math.max(size[a], v[3 * i + a] + 1);
        // extreme[a][i]: vertex i is first/last on its line along axis a
        boolean[][] extreme = new boolean[3][];
        for (int a = 0; a < 3; a++) extreme[a] = lineExtremes(v, 3, n, size, a);
        double[] h = {sp[0] / 2, sp[1] / 2, sp[2] / 2};
        double[] out = new double[4];
        int[] all = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) if (extreme[0][i] && extreme[1][i] && extreme[2][i]) all[m++] = i;
        out[3] = maxDistance(v, 3, Arrays.copyOf(all, m), h);
        for (int fixed = 0; fixed < 3; fixed++) {
            int o1 = (fixed + 1) % 3, o2 = (fixed + 2) % 3;
            // group in-plane candidates by the fixed coordinate
            int[] count = new int[size[fixed] + 1];
            for (int i = 0; i < n; i++) if (extreme[o1][i] && extreme[o2][i]) count[v[3 * i + fixed] + 1]++;
            for (int k = 1; k < count.length; k++) count[k] += count[k - 1];
            int[] sorted = new int[count[count.length - 1]];
            int[] pos = count.clone();
            for (int i = 0; i < n; i++) if (extreme[o1][i] && extreme[o2][i]) sorted[pos[v[3 * i + fixed]]++] = i;
            double best = 0;
            for (int g = 0; g + 1 < count.length; g++)
                if (count[g + 1] - count[g] > 1)
                    best = Math.max(best, maxDistance(v, 3, Arrays.copyOfRange(sorted, count[g], count[g + 1]), h));
            out[fixed] = best;
        }
        return out;
    }

    /** Maximum distance between pairs (r, c) with spacing (mm). */
    static double of2D(int[] v, double sr, double sc) {
        int n = v.length / 2;
        if (n == 0) return 0;
        int[] size = new int[2];
        for (int i = 0; i < n; i++) for (int a = 0; a < 2; a++) size[a] = Math.max(size[a], v[2 * i + a] + 1);
        boolean[] e0 = lineExtremes(v, 2, n, size, 0), e1 = lineExtremes(v, 2, n, size, 1);
        int[] cand = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) if (e0[i] && e1[i]) cand[m++] = i;
        return maxDistance(v, 2, Arrays.copyOf(cand, m), new double[]{sr / 2, sc / 2});
    }

    /** Marks vertices that are the minimum or maximum along axis {@code axis} on their line. */
    private static boolean[] lineExtremes(int[] v, int dim, int n, int[] size, int axis) {
        int lines = 1;
        for (int a = 0; a < dim; a++) if (a != axis) lines *= size[a];
        int[] min = new int[lines], max = new int[lines];
        Arrays.fill(min, Integer.MAX_VALUE);
        Arrays.fill(max, Integer.MIN_VALUE);
        int[] key = new int[n];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (int a = 0; a < dim; a++) if (a != axis) k = k * size[a] + v[dim * i + a];
            key[i] = k;
            int c = v[dim * i + axis];
            if (c < min[k]) min[k] = c;
            if (c > max[k]) max[k] = c;
        }
        boolean[] e = new boolean[n];
        for (int i = 0; i < n; i++) {
            int c = v[dim * i + axis];
            e[i] = c == min[key[i]] || c == max[key[i]];
        }
        return e;
    }

    /** Exact maximum distance among the given vertices (scale h per axis converts doubled coordinates to mm). */
    private static double maxDistance(int[] v, int dim, int[] idx, double[] h) {
        int m = idx.length;
        if (m < 2) return 0;
        double[] p = new double[m * dim];
        double[] centre = new double[dim];
        for (int i = 0; i < m; i++)
            for (int a = 0; a < dim; a++) {
                p[i * dim + a] = v[dim * idx[i] + a] * h[a];
                centre[a] += p[i * dim + a];
            }
        for (int a = 0; a < dim; a++) centre[a] /= m;
        double[] r = new double[m];
        long[] order = new long[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int a = 0; a < dim; a++) {
                double d = p[i * dim + a] - centre[a];
                s += d * d;
            }
            r[i] = Math.sqrt(s);
            // sort key: radius as float bits (non-negative floats order like ints), descending via negation
            order[i] = ((long) Float.floatToIntBits((float) r[i]) << 32) | i;
        }
        Arrays.sort(order);
        double best2 = 0, best = 0;
        for (int oi = m - 1; oi > 0; oi--) {
            int i = (int) order[oi];
            if ((r[i] + r[(int) order[oi - 1]]) * (1 + 1e-6) < best) break;
            for (int oj = oi - 1; oj >= 0; oj--) {
                int j = (int) order[oj];
                if ((r[i] + r[j]) * (1 + 1e-6) < best) break;
                double s = 0;
                for (int a = 0; a < dim; a++) {
                    double d = p[i * dim + a] - p[j * dim + a];
                    s += d * d;
                }
                if (s > best2) {
                    best2 = s;
                    best = Math.sqrt(s);
                }
            }
        }
        return best;
    }
}
