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
}
