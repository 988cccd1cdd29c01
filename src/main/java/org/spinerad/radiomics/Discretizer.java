package org.spinerad.radiomics;

/** Grey-level discretisation of an ROI (fixed bin width or bin count, PyRadiomics style). */
@FunctionalInterface
public interface Discretizer {
    DiscretizedRoi discretize(RoiImage roi, RadiomicsSettings settings);
}
