package org.spinerad.stenosis.geometry;

import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;

/**
 * Partial-volume sampling of a label map at world positions: the trilinear weight of the voxels whose label is in a
 * group, i.e. the fraction of the group at that point (0..1). A boundary is where the fraction crosses 0.5; an area
 * is the integral of the fraction. Positions outside the grid have fraction 0.
 */
public final class LabelSampler {
    private final int[] labels;
    private final int nx, ny, nz;
    private final double[] m = new double[9], origin;

    public LabelSampler(LabelMap map) {
        Geometry g = map.geometry();
        nx = g.nx(); ny = g.ny(); nz = g.nz();
        labels = new int[g.voxelCount()];
        for (int i = 0; i < labels.length; i++) labels[i] = map.volume().getInt(i);
        double[] d = g.direction(), s = g.spacing();
        for (int c = 0; c < 3; c++) for (int r = 0; r < 3; r++) m[c * 3 + r] = d[r * 3 + c] / s[c];
        origin = g.origin();
    }

    /** A label group: membership by label value. */
    public static boolean[] group(int... values) {
        boolean[] g = new boolean[256];
        for (int v : values) if (v > 0 && v < g.length) g[v] = true;
        return g;
    }

    public static boolean[] union(boolean[] a, boolean[] b) {
        boolean[] g = new boolean[256];
        for (int i = 0; i < g.length; i++) g[i] = a[i] || b[i];
        return g;
    }

    /** Fraction of the group at a world point. */
    public double fraction(double[] w, boolean[] group) {
        double dx = w[0] - origin[0], dy = w[1] - origin[1], dz = w[2] - origin[2];
        double fx = m[0] * dx + m[1] * dy + m[2] * dz, fy = m[3] * dx + m[4] * dy + m[5] * dz, fz = m[6] * dx + m[7] * dy + m[8] * dz;
        int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy), z0 = (int) Math.floor(fz);
        double tx = fx - x0, ty = fy - y0, tz = fz - z0, sum = 0;
        for (int c = 0; c < 8; c++) {
            int x = x0 + (c & 1), y = y0 + (c >> 1 & 1), z = z0 + (c >> 2 & 1);
            if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
            int l = labels[x + nx * (y + ny * z)];
            if (l <= 0 || l >= group.length || !group[l]) continue;
            sum += ((c & 1) == 1 ? tx : 1 - tx) * ((c >> 1 & 1) == 1 ? ty : 1 - ty) * ((c >> 2 & 1) == 1 ? tz : 1 - tz);
        }
        return sum;
    }

    /** True when the world point lies inside the grid (with half a voxel margin). */
    public boolean inside(double[] w) {
        double dx = w[0] - origin[0], dy = w[1] - origin[1], dz = w[2] - origin[2];
        double fx = m[0] * dx + m[1] * dy + m[2] * dz, fy = m[3] * dx + m[4] * dy + m[5] * dz, fz = m[6] * dx + m[7] * dy + m[8] * dz;
        return fx >= -0.5 && fy >= -0.5 && fz >= -0.5 && fx <= nx - 0.5 && fy <= ny - 0.5 && fz <= nz - 0.5;
    }

    /**
     * Marches from {@code start} along the unit direction {@code dir} in steps of {@code step} mm up to {@code max} mm and
     * returns the distance where the group's fraction first crosses 0.5 in the wanted sense ({@code entering}: from
     * below to above), refined by linear interpolation; NaN when it never does.
     */
    public double crossing(double[] start, double[] dir, boolean[] group, boolean entering, double step, double max) {
        double prev = fraction(start, group);
        for (double t = step; t <= max + 1e-9; t += step) {
            double f = fraction(Vec.add(start, dir, t), group);
            boolean crossed = entering ? prev < 0.5 && f >= 0.5 : prev >= 0.5 && f < 0.5;
            if (crossed) return t - step + step * (0.5 - prev) / (f - prev);
            prev = f;
        }
        return Double.NaN;
    }
}
