package org.spinerad.radiomics;

import org.spinerad.image.Volume;

/**
 * One label's ROI after preprocessing: the (resampled, normalised) image on a region padded around the ROI, on which
 * filters run, the ROI's bounding box inside that region, and the ROI input of the original image type.
 *
 * @param image  preprocessed image on the padded region
 * @param mask   the intensity ROI on the grid of {@code image}
 * @param box    ROI bounding box in {@code image} voxels: x0, y0, z0, sx, sy, sz
 * @param roi    original-image ROI cropped to {@code box} (its masks serve every image type)
 */
public record PreparedRoi(Volume image, boolean[] mask, int[] box, RoiImage roi) {
    public PreparedRoi {
        if (mask.length != image.size() || box.length != 6 || box[3] != roi.nx || box[4] != roi.ny || box[5] != roi.nz)
            throw new IllegalArgumentException("ROI box does not match the ROI image");
    }

    /** The ROI input for a derived image on the grid of {@link #image}: its intensities cropped to the box. */
    public RoiImage crop(Volume derived) {
        if (derived.nx() != image.nx() || derived.ny() != image.ny() || derived.nz() != image.nz())
            throw new IllegalArgumentException("Derived image grid " + derived.geometry() + " differs from " + image.geometry());
        return roi.withImage(derived.crop(box[0], box[1], box[2], box[3], box[4], box[5]).floats());
    }
}
