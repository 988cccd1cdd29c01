package org.spinerad.segment;

import org.spinerad.image.AxisPermutation;
import org.spinerad.image.Geometry;

/**
 * Maps an image grid to SpineRad's canonical orientation (index axes x, y, z pointing to patient left, posterior and
 * superior: LPS) and label maps back. When the direction cosines are an axis permutation with flips (any of the 48),
 * or one rotated in the axial plane by at most {@value #MAX_UNRESAMPLED_TILT_DEG}°, both ways are exact index
 * permutations (the canonical grid keeps the rotated direction cosines). Any other oblique grid is resampled (trilinear) onto an
 * axis-aligned LPS grid covering its bounding box at the spacing of the source axis closest to each world axis;
 * canonical voxels outside the source are filled with the given value and flagged invalid, and labels come back by
 * nearest neighbour of each source voxel's world position. Arrays are x fastest.
 */
public final class Reorientation {
    private static final double AXIS_TOLERANCE = 1e-3;
    /**
     * Grids rotated only within the axial plane, by at most this much (degrees), are permuted, not resampled: the
     * network runs on the stored voxels and labels come back exactly. The column models are trained with in-plane
     * rotations of this range; other tilts (tested: 10° about two axes) segment worse unresampled and are resampled.
     */
    static final double MAX_UNRESAMPLED_TILT_DEG = 15;

    private final Geometry source, canonical;
    /** canonical axis r holds source axis {@code axisOf[r]}, reversed when {@code flipped[r]}. */
    private final int[] axisOf = new int[3];
    private final boolean[] flipped = new boolean[3];
    private final boolean oblique;
    private final double tiltDegrees;

    private Reorientation(Geometry source) {
        this.source = source;
        double[] dir = source.direction();
        boolean[] used = new boolean[3];
        double maxOff = 0;
        for (int j = 0; j < 3; j++) {
            int best = -1;
            for (int r = 0; r < 3; r++)
                if (!used[r] && (best < 0 || Math.abs(dir[r * 3 + j]) > Math.abs(dir[best * 3 + j]))) best = r;
            used[best] = true;
            axisOf[best] = j;
            flipped[best] = dir[best * 3 + j] < 0;
            for (int r = 0; r < 3; r++) if (r != best) maxOff = Math.max(maxOff, Math.abs(dir[r * 3 + j]));
        }
        double minCos = 1;
        for (int r = 0; r < 3; r++) minCos = Math.min(minCos, Math.abs(dir[r * 3 + axisOf[r]]));
        tiltDegrees = Math.toDegrees(Math.acos(Math.min(1, minCos)));
        boolean axial = 1 - Math.abs(dir[2 * 3 + axisOf[2]]) <= AXIS_TOLERANCE; // a stored axis is the cranio-caudal one
        oblique = maxOff > AXIS_TOLERANCE && !(axial && tiltDegrees <= MAX_UNRESAMPLED_TILT_DEG);
        canonical = oblique ? obliqueGrid() : permutedGrid();
    }

    public static Reorientation of(Geometry source) { return new Reorientation(source); }

    public Geometry source() { return source; }
    public Geometry canonical() { return canonical; }
    /** True when the canonical image is resampled (oblique beyond a small in-plane rotation). */
    public boolean oblique() { return oblique; }

    /** Largest angle (degrees) between a stored axis and the patient axis it is mapped to. */
    public double tiltDegrees() { return tiltDegrees; }

    private Geometry permutedGrid() { return new AxisPermutation(source, axisOf, flipped).target(); }

    private Geometry obliqueGrid() {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE}, hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        int[] n = source.dims();
        for (int c = 0; c < 8; c++) {
            double[] w = source.indexToWorld((c & 1) * (n[0] - 1), ((c >> 1) & 1) * (n[1] - 1), (c >> 2) * (n[2] - 1));
            for (int a = 0; a < 3; a++) { lo[a] = Math.min(lo[a], w[a]); hi[a] = Math.max(hi[a], w[a]); }
        }
        int[] dims = new int[3];
        double[] spacing = new double[3];
        for (int r = 0; r < 3; r++) {
            spacing[r] = source.spacing(axisOf[r]);
            dims[r] = (int) Math.floor((hi[r] - lo[r]) / spacing[r] + 1e-6) + 1;
        }
        return new Geometry(dims, spacing, lo, Geometry.identity());
    }

    /** Source linear index of every canonical voxel (permutation case only). */
    private int[] permutation() { return new AxisPermutation(source, axisOf, flipped).sourceIndex(); }

    /** The image on the canonical grid; {@code fill} outside the source (oblique case). */
    public float[] toCanonical(float[] image, float fill) {
        float[] out = new float[canonical.voxelCount()];
        if (!oblique) {
            int[] p = permutation();
            for (int i = 0; i < out.length; i++) out[i] = image[p[i]];
            return out;
        }
        int[] c = canonical.dims(), s = source.dims();
        int i = 0;
        for (int z = 0; z < c[2]; z++)
            for (int y = 0; y < c[1]; y++)
                for (int x = 0; x < c[0]; x++, i++) {
                    double[] q = source.worldToIndex(canonical.indexToWorld(x, y, z));
                    out[i] = trilinear(image, s, q, fill);
                }
        return out;
    }

    /** Canonical voxels that lie inside the source image (all of them unless oblique). */
    public boolean[] validMask() {
        boolean[] valid = new boolean[canonical.voxelCount()];
        if (!oblique) { java.util.Arrays.fill(valid, true); return valid; }
        float[] ones = new float[source.voxelCount()];
        java.util.Arrays.fill(ones, 1);
        float[] inside = toCanonical(ones, 0); // trilinear gives the fill exactly where a voxel is outside the source
        for (int i = 0; i < valid.length; i++) valid[i] = inside[i] > 0.5f;
        return valid;
    }

    /** Canonical labels back on the source grid. */
    public int[] labelsToSource(int[] labels) {
        if (oblique) return nearestOnto(labels, canonical, source);
        int[] out = new int[source.voxelCount()];
        int[] p = permutation();
        for (int i = 0; i < p.length; i++) out[p[i]] = labels[i];
        return out;
    }

    /** Labels of the source grid on the canonical grid (nearest neighbour when oblique; for training references). */
    public int[] labelsToCanonical(int[] labels) {
        if (oblique) return nearestOnto(labels, source, canonical);
        int[] out = new int[canonical.voxelCount()];
        int[] p = permutation();
        for (int i = 0; i < out.length; i++) out[i] = labels[p[i]];
        return out;
    }

    /** Labels on grid {@code from} sampled at the voxel centres of grid {@code to} by nearest neighbour (0 outside). */
    private static int[] nearestOnto(int[] labels, Geometry from, Geometry to) {
        int[] out = new int[to.voxelCount()];
        int[] t = to.dims(), f = from.dims();
        int i = 0;
        for (int z = 0; z < t[2]; z++)
            for (int y = 0; y < t[1]; y++)
                for (int x = 0; x < t[0]; x++, i++) {
                    double[] q = from.worldToIndex(to.indexToWorld(x, y, z));
                    int qx = (int) Math.round(q[0]), qy = (int) Math.round(q[1]), qz = (int) Math.round(q[2]);
                    if (qx >= 0 && qy >= 0 && qz >= 0 && qx < f[0] && qy < f[1] && qz < f[2])
                        out[i] = labels[qx + f[0] * (qy + f[1] * qz)];
                }
        return out;
    }

    /** Trilinear value at a continuous index; {@code fill} beyond half a voxel outside the grid, edge-clamped within. */
    static float trilinear(float[] img, int[] d, double[] q, float fill) {
        for (int a = 0; a < 3; a++) if (!(q[a] > -0.5 && q[a] < d[a] - 0.5)) return fill;
        double x = Math.max(0, Math.min(d[0] - 1, q[0])), y = Math.max(0, Math.min(d[1] - 1, q[1])),
                z = Math.max(0, Math.min(d[2] - 1, q[2]));
        int x0 = Math.min((int) x, d[0] - 1), y0 = Math.min((int) y, d[1] - 1), z0 = Math.min((int) z, d[2] - 1);
        int x1 = Math.min(x0 + 1, d[0] - 1), y1 = Math.min(y0 + 1, d[1] - 1), z1 = Math.min(z0 + 1, d[2] - 1);
        double fx = x - x0, fy = y - y0, fz = z - z0;
        int sy = d[0], sz = d[0] * d[1];
        double c00 = img[x0 + sy * y0 + sz * z0] * (1 - fx) + img[x1 + sy * y0 + sz * z0] * fx;
        double c10 = img[x0 + sy * y1 + sz * z0] * (1 - fx) + img[x1 + sy * y1 + sz * z0] * fx;
        double c01 = img[x0 + sy * y0 + sz * z1] * (1 - fx) + img[x1 + sy * y0 + sz * z1] * fx;
        double c11 = img[x0 + sy * y1 + sz * z1] * (1 - fx) + img[x1 + sy * y1 + sz * z1] * fx;
        double c0 = c00 * (1 - fy) + c10 * fy, c1 = c01 * (1 - fy) + c11 * fy;
        return (float) (c0 * (1 - fz) + c1 * fz);
    }
}
