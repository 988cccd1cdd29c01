package org.spinerad.radiomics;

import org.spinerad.image.Volume;
import org.spinerad.radiomics.filters.FilteredImage;
import org.spinerad.radiomics.filters.ImageFilters;
import org.spinerad.radiomics.filters.ImageType;

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
        for (ImageType t : ImageType.values()) types.put(t.pyName, filter(t));
        return new RadiomicsExtractor.Components(RoiPreparation.STANDARD, Discretization::discretize, classes, types);
    }

    /** An image type of {@link ImageFilters}; its custom settings are already applied to the settings passed in. */
    private static ImageTypeFilter filter(ImageType type) {
        return (image, mask, s) -> {
            List<FilteredImage> filtered = ImageFilters.apply(type.pyName, Map.of(), image.floats(), mask,
                    image.nx(), image.ny(), image.nz(), image.geometry().spacing(), s);
            return filtered.stream().map(f -> new ImageTypeFilter.Derived(f.prefix(),
                    f.data() == image.array() ? image : Volume.ofFloats(image.geometry(), f.data()))).toList();
        };
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
