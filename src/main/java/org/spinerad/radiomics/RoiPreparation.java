package org.spinerad.radiomics;

import org.spinerad.image.Volume;

/** Preprocessing of one label (geometry check, resampling, normalisation, re-segmentation, cropping with padding). */
@FunctionalInterface
public interface RoiPreparation {
    /** Prepares the ROI of {@code label}; bad input (grid mismatch, absent or too small label) is a SpineRadException naming the inputs. */
    PreparedRoi prepare(Volume image, Volume mask, int label, RadiomicsSettings settings, String imageName, String maskName);

    /** PyRadiomics' preprocessing chain ({@link Preprocessing}). */
    RoiPreparation STANDARD = (image, mask, label, settings, imageName, maskName) -> {
        RadiomicsSettings s = settings.copy();
        s.label = label;
        Preprocessing.Prepared p = Preprocessing.prepare(image, mask, s, imageName, maskName);
        int[] b = p.boundingBox; // inclusive corners
        return new PreparedRoi(p.image, p.mask, new int[]{b[0], b[1], b[2], b[3] - b[0] + 1, b[4] - b[1] + 1, b[5] - b[2] + 1}, p.roi());
    };
}
