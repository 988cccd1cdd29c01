package org.spinerad.radiomics;

/**
 * The input every feature class receives: an image (original or filtered) and the ROI mask, both cropped to the
 * ROI's bounding box, on a grid with the given spacing (mm, x/y/z). Voxel (x, y, z) is at {@code x + nx * (y + ny * z)}.
 * The image values here are after preprocessing (normalisation, resegmentation is expressed by the mask).
 */
public final class RoiImage {
    public final int nx, ny, nz;
    public final double[] spacing;
    /** Image intensities in the bounding box (also outside the ROI, where texture and shape do not read them). */
    public final float[] image;
    /** True for voxels inside the ROI (after any intensity re-segmentation). */
    public final boolean[] mask;
    /** True for voxels in the ROI used for shape features (the morphological mask, before re-segmentation). */
    public final boolean[] morphologicalMask;
    private final int voxelCount;

    public RoiImage(int nx, int ny, int nz, double[] spacing, float[] image, boolean[] mask, boolean[] morphologicalMask) {
        int n = nx * ny * nz;
        if (image.length != n || mask.length != n || morphologicalMask.length != n)
            throw new IllegalArgumentException("ROI arrays do not match the box " + nx + "x" + ny + "x" + nz);
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.spacing = spacing.clone();
        this.image = image;
        this.mask = mask;
        this.morphologicalMask = morphologicalMask;
        int c = 0;
        for (boolean b : mask) if (b) c++;
        this.voxelCount = c;
    }

    public RoiImage(int nx, int ny, int nz, double[] spacing, float[] image, boolean[] mask) {
        this(nx, ny, nz, spacing, image, mask, mask);
    }

    /** Number of voxels in the (intensity) ROI. */
    public int voxelCount() { return voxelCount; }

    public double voxelVolume() { return spacing[0] * spacing[1] * spacing[2]; }

    public int index(int x, int y, int z) { return x + nx * (y + ny * z); }

    /** The intensities of ROI voxels, in index order. */
    public double[] roiValues() {
        double[] v = new double[voxelCount];
        for (int i = 0, k = 0; i < mask.length; i++) if (mask[i]) v[k++] = image[i];
        return v;
    }

    /** A copy with other intensities on the same box and masks (used for filtered image types). */
    public RoiImage withImage(float[] other) {
        return new RoiImage(nx, ny, nz, spacing, other, mask, morphologicalMask);
    }
}
