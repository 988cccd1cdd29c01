package org.spinerad.image;

import java.util.Arrays;

/**
 * Voxel grid of a 3D volume: dimensions, spacing (mm), origin and direction cosines.
 *
 * <p>World coordinates are <b>LPS</b> millimetres (DICOM / ITK / SimpleITK / PyRadiomics convention):
 * {@code world = origin + direction * diag(spacing) * index}. The direction matrix is row-major and its
 * column j is the unit vector of index axis j. {@link #toRasAffine()} gives the NIfTI (RAS+) affine, which is
 * exactly what nibabel reports as {@code img.affine}. Voxel index (x, y, z) maps to the linear index
 * {@code x + nx * (y + ny * z)}. Instances are immutable.
 */
public final class Geometry {
    private final int nx, ny, nz;
    private final double[] spacing;
    private final double[] origin;
    private final double[] direction;

    public Geometry(int[] dims, double[] spacing, double[] origin, double[] direction) {
        if (dims.length != 3 || spacing.length != 3 || origin.length != 3 || direction.length != 9)
            throw new IllegalArgumentException("Geometry needs 3 dims, 3 spacings, 3 origin values and a 3x3 direction");
        for (int d = 0; d < 3; d++) {
            if (dims[d] < 1) throw new IllegalArgumentException("Dimension " + d + " must be >= 1, got " + dims[d]);
            if (!(spacing[d] > 0) || !Double.isFinite(spacing[d]))
                throw new IllegalArgumentException("Spacing " + d + " must be positive and finite, got " + spacing[d]);
        }
        for (int d = 0; d < 3; d++)
            if (!Double.isFinite(origin[d])) throw new IllegalArgumentException("Origin must be finite, got " + Arrays.toString(origin));
        for (int i = 0; i < 9; i++)
            if (!Double.isFinite(direction[i])) throw new IllegalArgumentException("Direction must be finite, got " + Arrays.toString(direction));
        if ((long) dims[0] * dims[1] * dims[2] > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("Volume " + Arrays.toString(dims) + " has more than 2^31 voxels");
        this.nx = dims[0];
        this.ny = dims[1];
        this.nz = dims[2];
        this.spacing = spacing.clone();
        this.origin = origin.clone();
        this.direction = direction.clone();
    }

    /** Identity-oriented grid at the world origin. */
    public static Geometry of(int nx, int ny, int nz, double sx, double sy, double sz) {
        return new Geometry(new int[]{nx, ny, nz}, new double[]{sx, sy, sz}, new double[3], identity());
    }

    public static double[] identity() {
        return new double[]{1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    /** Builds a geometry from a 4x4 row-major RAS+ affine (NIfTI / nibabel convention). */
    public static Geometry fromRasAffine(int[] dims, double[] affine) {
        double[] spacing = new double[3];
        double[] dir = new double[9];
        double[] origin = new double[3];
        for (int c = 0; c < 3; c++) {
            double norm = 0;
            for (int r = 0; r < 3; r++) norm += affine[r * 4 + c] * affine[r * 4 + c];
            norm = Math.sqrt(norm);
            if (!(norm > 0)) throw new IllegalArgumentException("Affine column " + c + " is zero: no voxel size");
            spacing[c] = norm;
            for (int r = 0; r < 3; r++) {
                double sign = r < 2 ? -1 : 1; // RAS -> LPS
                dir[r * 3 + c] = sign * affine[r * 4 + c] / norm;
            }
        }
        for (int r = 0; r < 3; r++) origin[r] = (r < 2 ? -1 : 1) * affine[r * 4 + 3];
        return new Geometry(dims, spacing, origin, dir);
    }

    /** 4x4 row-major RAS+ affine from voxel index to world millimetres (what nibabel's {@code img.affine} gives). */
    public double[] toRasAffine() {
        double[] a = new double[16];
        for (int r = 0; r < 3; r++) {
            double sign = r < 2 ? -1 : 1;
            for (int c = 0; c < 3; c++) a[r * 4 + c] = sign * direction[r * 3 + c] * spacing[c];
            a[r * 4 + 3] = sign * origin[r];
        }
        a[15] = 1;
        return a;
    }

    public int nx() { return nx; }
    public int ny() { return ny; }
    public int nz() { return nz; }
    public int[] dims() { return new int[]{nx, ny, nz}; }
    public int voxelCount() { return nx * ny * nz; }
    public double[] spacing() { return spacing.clone(); }
    public double spacing(int axis) { return spacing[axis]; }
    public double[] origin() { return origin.clone(); }
    public double[] direction() { return direction.clone(); }
    public double voxelVolume() { return spacing[0] * spacing[1] * spacing[2]; }

    public int index(int x, int y, int z) { return x + nx * (y + ny * z); }

    public boolean contains(int x, int y, int z) {
        return x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz;
    }

    /** LPS world position of a (possibly fractional) voxel index. */
    public double[] indexToWorld(double i, double j, double k) {
        double[] w = new double[3];
        for (int r = 0; r < 3; r++)
            w[r] = origin[r] + direction[r * 3] * spacing[0] * i + direction[r * 3 + 1] * spacing[1] * j
                    + direction[r * 3 + 2] * spacing[2] * k;
        return w;
    }

    /** Continuous voxel index of an LPS world position (direction is orthonormal, so its inverse is its transpose). */
    public double[] worldToIndex(double[] world) {
        double[] d = {world[0] - origin[0], world[1] - origin[1], world[2] - origin[2]};
        double[] idx = new double[3];
        for (int c = 0; c < 3; c++) {
            double s = 0;
            for (int r = 0; r < 3; r++) s += direction[r * 3 + c] * d[r];
            idx[c] = s / spacing[c];
        }
        return idx;
    }

    /** Same grid as another geometry within a tolerance (mm for spacing/origin, cosine units for direction). */
    public boolean sameGrid(Geometry o, double tolerance) {
        return mismatch(o, tolerance) == null;
    }

    /** Describes the first difference to another grid beyond tolerance, or null when they match. */
    public String mismatch(Geometry o, double tolerance) {
        if (nx != o.nx || ny != o.ny || nz != o.nz)
            return "dimensions differ: " + Arrays.toString(dims()) + " vs " + Arrays.toString(o.dims());
        for (int d = 0; d < 3; d++) {
            if (!(Math.abs(spacing[d] - o.spacing[d]) <= tolerance)) // written so that NaN never matches
                return "spacing differs: " + Arrays.toString(spacing) + " vs " + Arrays.toString(o.spacing);
            if (!(Math.abs(origin[d] - o.origin[d]) <= tolerance))
                return "origin differs: " + Arrays.toString(origin) + " vs " + Arrays.toString(o.origin);
        }
        for (int i = 0; i < 9; i++)
            if (!(Math.abs(direction[i] - o.direction[i]) <= tolerance))
                return "direction differs: " + Arrays.toString(direction) + " vs " + Arrays.toString(o.direction);
        return null;
    }

    public Geometry withDims(int[] dims) { return new Geometry(dims, spacing, origin, direction); }
    public Geometry withSpacing(double[] s) { return new Geometry(dims(), s, origin, direction); }
    public Geometry withOrigin(double[] o) { return new Geometry(dims(), spacing, o, direction); }

    /** Sub-grid starting at voxel (x0, y0, z0) with the given size, at the same world position. */
    public Geometry crop(int x0, int y0, int z0, int sx, int sy, int sz) {
        return new Geometry(new int[]{sx, sy, sz}, spacing, indexToWorld(x0, y0, z0), direction);
    }

    /** Three-letter orientation code in LPS terms of each index axis, e.g. "LPS" or "RAS" for the world axis each points to. */
    public String orientationCode() {
        StringBuilder sb = new StringBuilder();
        char[] pos = {'L', 'P', 'S'}, neg = {'R', 'A', 'I'};
        for (int c = 0; c < 3; c++) {
            int best = 0;
            for (int r = 1; r < 3; r++)
                if (Math.abs(direction[r * 3 + c]) > Math.abs(direction[best * 3 + c])) best = r;
            sb.append(direction[best * 3 + c] >= 0 ? pos[best] : neg[best]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Geometry[dims=" + Arrays.toString(dims()) + ", spacing=" + Arrays.toString(spacing)
                + ", origin(LPS)=" + Arrays.toString(origin) + ", orientation=" + orientationCode() + "]";
    }
}
