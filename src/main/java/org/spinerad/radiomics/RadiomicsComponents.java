package org.spinerad.radiomics;

import org.spinerad.image.Volume;
import org.spinerad.radiomics.filters.FilteredImage;
import org.spinerad.radiomics.filters.LogFilter;
import org.spinerad.radiomics.filters.WaveletFilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/** SpineRad's standard extraction pipeline: its feature classes, filters, preprocessing and discretisation. */
public final class RadiomicsComponents {
    private RadiomicsComponents() {}

    public static RadiomicsExtractor.Components standard() {
        Map<String, FeatureClass> classes = new LinkedHashMap<>();
        for (FeatureClass fc : List.of(new ShapeFeatures(), new FirstOrderFeatures(), new GlcmFeatures(),
                new GlrlmFeatures(), new GlszmFeatures(), new GldmFeatures(), new NgtdmFeatures()))
            classes.put(fc.name(), fc);
        Map<String, ImageTypeFilter> types = new LinkedHashMap<>();
        types.put("Original", ImageTypeFilter.ORIGINAL);
        types.put("LoG", RadiomicsComponents::log);
        types.put("Wavelet", RadiomicsComponents::wavelet);
        return new RadiomicsExtractor.Components(new CropPreparation(), Discretization::discretize, classes, types);
    }

    /** An extractor of the standard pipeline running image types on {@code threads} threads (1: sequential). */
    public static RadiomicsExtractor extractor(ParameterFile config, int threads) {
        return new RadiomicsExtractor(config, standard(), threads <= 1 ? null : new ForkJoinPool(threads));
    }

    /** An extractor of the standard pipeline on a given pool (null: sequential). */
    public static RadiomicsExtractor extractor(ParameterFile config, ForkJoinPool pool) {
        return new RadiomicsExtractor(config, standard(), pool);
    }

    /** PyRadiomics' LoG image type: one image per sigma (mm), skipping sigmas too large for the image, as PyRadiomics. */
    static List<ImageTypeFilter.Derived> log(Volume image, RadiomicsSettings s) {
        List<ImageTypeFilter.Derived> out = new ArrayList<>();
        double[] spacing = image.geometry().spacing();
        for (double sigma : s.sigma) {
            if (!LogFilter.largeEnough(image.geometry().dims(), spacing, sigma)) continue;
            float[] f = LogFilter.apply(image.floats(), image.nx(), image.ny(), image.nz(), spacing, sigma);
            out.add(new ImageTypeFilter.Derived("log-sigma-" + pyFloat(sigma).replace('.', '-') + "-mm-3D", Volume.ofFloats(image.geometry(), f)));
        }
        return out;
    }

    /** PyRadiomics' Wavelet image type: 8 sub-bands per level (3D). */
    static List<ImageTypeFilter.Derived> wavelet(Volume image, RadiomicsSettings s) {
        List<ImageTypeFilter.Derived> out = new ArrayList<>();
        for (FilteredImage f : WaveletFilter.apply(image.floats(), image.nx(), image.ny(), image.nz(), s.wavelet, s.level,
                s.startLevel, new int[]{0, 1, 2}))
            out.add(new ImageTypeFilter.Derived(f.prefix(), Volume.ofFloats(image.geometry(), f.data())));
        return out;
    }

    private static String pyFloat(double d) {
        return d == Math.rint(d) ? (long) d + ".0" : Double.toString(d);
    }
}
