package org.spinerad.radiomics;

/**
 * Grey levels of an ROI after discretisation, on its bounding box: {@code levels[i]} is 1..{@link #maxLevel} inside
 * the ROI and 0 outside. Texture matrices are built from this. Levels that do not occur are kept in the numbering
 * (PyRadiomics removes empty levels from the matrices where its definitions require it; the feature classes do that).
 */
public final class DiscretizedRoi {
    public final int nx, ny, nz;
    public final double[] spacing;
    public final int[] levels;
    public final int maxLevel;
    // caches shared by the texture classes (which may run in parallel: immutable once published)
    private volatile Padded padded;
    volatile TextureGeometry.NeighbourStats neighbourStats;
    volatile TextureGeometry.GreyLevels greyLevels;

    public DiscretizedRoi(int nx, int ny, int nz, double[] spacing, int[] levels) {
        if (levels.length != nx * ny * nz) throw new IllegalArgumentException("levels do not match the box");
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.spacing = spacing.clone();
        this.levels = levels;
        int max = 0;
        for (int l : levels) if (l > max) max = l;
        this.maxLevel = max;
    }

    public int index(int x, int y, int z) { return x + nx * (y + ny * z); }

    /** Level at (x, y, z), or 0 when outside the box or the ROI. */
    public int level(int x, int y, int z) {
        if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) return 0;
        return levels[x + nx * (y + ny * z)];
    }

    /** Which levels occur in the ROI: {@code present[g]} for g in 1..maxLevel. */
    public boolean[] presentLevels() {
        boolean[] p = new boolean[maxLevel + 1];
        for (int l : levels) if (l > 0) p[l] = true;
        return p;
    }

    /**
     * The levels on the box grown by {@code pad} zero voxels on every side, so that neighbour reads up to {@code pad}
     * voxels away need no bounds checks, and the padded index of every ROI voxel in box index order. Cached (a
     * wider border may be returned).
     */
    Padded padded(int pad) {
        Padded p = padded;
        if (p == null || p.pad < pad) padded = p = new Padded(this, pad);
        return p;
    }

    /** See {@link #padded(int)}; {@code px, py} are the padded box sizes along x and y. */
    static final class Padded {
        final int pad, px, py;
        final int[] levels, roiIndex;

        private Padded(DiscretizedRoi roi, int pad) {
            this.pad = pad;
            px = roi.nx + 2 * pad;
            py = roi.ny + 2 * pad;
            levels = new int[px * py * (roi.nz + 2 * pad)];
            int count = 0;
            for (int l : roi.levels) if (l != 0) count++;
            roiIndex = new int[count];
            for (int z = 0, i = 0, k = 0; z < roi.nz; z++)
                for (int y = 0; y < roi.ny; y++) {
                    int row = pad + px * (y + pad + py * (z + pad));
                    for (int x = 0; x < roi.nx; x++, i++) {
                        int l = roi.levels[i];
                        levels[row + x] = l;
                        if (l != 0) roiIndex[k++] = row + x;
                    }
                }
        }

        /** Index shift of each offset {dx, dy, dz} on the padded grid. */
        int[] shifts(int[][] offsets) {
            int[] shift = new int[offsets.length];
            for (int a = 0; a < offsets.length; a++) shift[a] = offsets[a][0] + px * (offsets[a][1] + py * offsets[a][2]);
            return shift;
        }
    }
}
