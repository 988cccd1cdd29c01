package org.spinerad.radiomics;

import org.spinerad.image.Volume;

/** Preprocessing of one label (geometry check, resampling, normalisation, re-segmentation, cropping with padding). */
@FunctionalInterface
public interface RoiPreparation {
    /** Prepares the ROI of {@code label}; bad input (grid mismatch, absent or too small label) is a SpineRadException. */
    PreparedRoi prepare(Volume image, Volume mask, int label, RadiomicsSettings settings);
}
