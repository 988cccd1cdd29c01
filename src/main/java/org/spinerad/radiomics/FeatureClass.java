package org.spinerad.radiomics;

import java.util.LinkedHashMap;

/**
 * One PyRadiomics feature class ("firstorder", "shape", "shape2D", "glcm", "glrlm", "glszm", "gldm", "ngtdm").
 * Implementations are stateless and thread-safe.
 */
public interface FeatureClass {
    /** PyRadiomics class name as used in parameter files and column names. */
    String name();

    /** Feature names (without prefix) in PyRadiomics order, e.g. "Autocorrelation". */
    java.util.List<String> featureNames();

    /** Whether the class reads discretised grey levels (texture) rather than raw intensities. */
    boolean needsDiscretization();

    /**
     * Computes the enabled features (all when {@code enabled} is null or empty) in PyRadiomics order.
     * {@code discretized} is null for classes that do not need it.
     */
    LinkedHashMap<String, Double> compute(RoiImage roi, DiscretizedRoi discretized, RadiomicsSettings settings,
                                          java.util.Collection<String> enabled);
}
