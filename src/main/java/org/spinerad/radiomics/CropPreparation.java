package org.spinerad.radiomics;

import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

/**
 * Preprocessing without resampling or normalisation: checks that the mask is on the image grid (within
 * {@code geometryTolerance}) and that the label is present and large enough, then crops the image to the ROI's
 * bounding box padded by {@code padDistance} voxels (clamped to the image), as PyRadiomics does before filtering.
 */
public final class CropPreparation implements RoiPreparation {
    @Override
    public PreparedRoi prepare(Volume image, Volume mask, int label, RadiomicsSettings s) {
        String mismatch = image.geometry().mismatch(mask.geometry(), s.geometryTolerance);
        if (mismatch != null) throw new SpineRadException("mask does not match the image grid: " + mismatch);
        int[] box = boundingBox(mask, label);
        if (box == null) throw new SpineRadException("label " + label + " is not present in the mask");
        checkSize(box, s, label);
        int pad = Math.max(0, s.padDistance);
        int[] lo = new int[3], size = new int[3], dims = image.geometry().dims();
        for (int d = 0; d < 3; d++) {
            lo[d] = Math.max(0, box[d] - pad);
            size[d] = Math.min(dims[d], box[d] + box[d + 3] + pad) - lo[d];
        }
        Volume padded = image.crop(lo[0], lo[1], lo[2], size[0], size[1], size[2]);
        int[] inner = {box[0] - lo[0], box[1] - lo[1], box[2] - lo[2], box[3], box[4], box[5]};
        boolean[] roiMask = new boolean[box[3] * box[4] * box[5]];
        float[] values = new float[roiMask.length];
        for (int z = 0, i = 0; z < box[5]; z++)
            for (int y = 0; y < box[4]; y++)
                for (int x = 0; x < box[3]; x++, i++) {
                    roiMask[i] = mask.getInt(mask.geometry().index(box[0] + x, box[1] + y, box[2] + z)) == label;
                    values[i] = (float) image.get(box[0] + x, box[1] + y, box[2] + z);
                }
        RoiImage roi = new RoiImage(box[3], box[4], box[5], image.geometry().spacing(), values, roiMask);
        if (s.minimumROISize != null && roi.voxelCount() < s.minimumROISize)
            throw new SpineRadException("label " + label + " has " + roi.voxelCount() + " voxels, minimumROISize is " + s.minimumROISize);
        return new PreparedRoi(padded, inner, roi);
    }

    /** ROI bounding box (x0, y0, z0, sx, sy, sz) of a label, or null when absent. */
    public static int[] boundingBox(Volume mask, int label) {
        int nx = mask.nx(), ny = mask.ny(), nz = mask.nz();
        int x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1;
        for (int z = 0, i = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++, i++)
                    if (mask.getInt(i) == label) {
                        if (x < x0) x0 = x;
                        if (x > x1) x1 = x;
                        if (y < y0) y0 = y;
                        if (y > y1) y1 = y;
                        if (z < z0) z0 = z;
                        if (z > z1) z1 = z;
                    }
        return x1 < 0 ? null : new int[]{x0, y0, z0, x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1};
    }

    /** PyRadiomics' checks: minimumROIDimensions (axes with more than one voxel) and minimumROISize. */
    static void checkSize(int[] box, RadiomicsSettings s, int label) {
        int dims = 0;
        for (int d = 3; d < 6; d++) if (box[d] > 1) dims++;
        if (dims < s.minimumROIDimensions)
            throw new SpineRadException("label " + label + " spans " + dims + " dimension(s), minimumROIDimensions is " + s.minimumROIDimensions);
    }
}
