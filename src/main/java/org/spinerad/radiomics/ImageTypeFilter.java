package org.spinerad.radiomics;

import org.spinerad.image.Volume;

import java.util.List;

/**
 * Produces the derived images of one PyRadiomics image type (e.g. "LoG" gives one image per sigma, "Wavelet" eight
 * sub-bands per level) from the preprocessed, padded image. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ImageTypeFilter {
    /**
     * Derived images on the grid of {@code image}, each with its PyRadiomics prefix such as "log-sigma-3-0-mm-3D";
     * {@code mask} is the ROI on that grid (LBP3D reads it).
     */
    List<Derived> apply(Volume image, boolean[] mask, RadiomicsSettings settings);

    /** One derived image and its column prefix. */
    record Derived(String prefix, Volume image) {}

    /** The unfiltered image, prefix "original". */
    ImageTypeFilter ORIGINAL = (image, mask, settings) -> List.of(new Derived("original", image));
}
