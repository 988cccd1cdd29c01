package org.spinerad.radiomics;


import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/** SpineRad's standard extraction pipeline: its feature classes, filters, preprocessing and discretisation. */
public final class RadiomicsComponents {
    private RadiomicsComponents() {}

    public static RadiomicsExtractor.Components standard() {
        Map<String, FeatureClass> classes = new LinkedHashMap<>();
        for (FeatureClass fc : List.of(new ShapeFeatures(), new Shape2DFeatures(), new FirstOrderFeatures(), new GlcmFeatures(),
                new GlrlmFeatures(), new GlszmFeatures(), new GldmFeatures(), new NgtdmFeatures()))
            classes.put(fc.name(), fc);
        Map<String, ImageTypeFilter> types = new LinkedHashMap<>();
        types.put("Original", ImageTypeFilter.ORIGINAL);
        return new RadiomicsExtractor.Components(RoiPreparation.STANDARD, Discretization::discretize, classes, types);
    }

    /** An extractor of the standard pipeline running image types on {@code threads} threads (1: sequential). */
    public static RadiomicsExtractor extractor(ParameterFile config, int threads) {
        return new RadiomicsExtractor(config, standard(), threads <= 1 ? null : new ForkJoinPool(threads));
    }

    /** An extractor of the standard pipeline on a given pool (null: sequential). */
    public static RadiomicsExtractor extractor(ParameterFile config, ForkJoinPool pool) {
        return new RadiomicsExtractor(config, standard(), pool);
    }
}
