package org.spinerad.radiomics;

import org.spinerad.image.Volume;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small stand-ins for the feature classes, filters and discretiser, to test the extraction engine's wiring. */
final class FeatureDoubles {
    private FeatureDoubles() {}

    /** A feature class whose features are simple closed-form functions of its input. */
    record Simple(String name, List<String> featureNames, boolean needsDiscretization) implements FeatureClass {
        @Override
        public LinkedHashMap<String, Double> compute(RoiImage roi, DiscretizedRoi d, RadiomicsSettings s, Collection<String> enabled) {
            LinkedHashMap<String, Double> out = new LinkedHashMap<>();
            for (String f : featureNames) {
                if (enabled != null && !enabled.isEmpty() && !enabled.contains(f)) continue;
                out.put(f, value(f, roi, d, s));
            }
            return out;
        }

        private static double value(String f, RoiImage roi, DiscretizedRoi d, RadiomicsSettings s) {
            double[] v = roi.roiValues();
            return switch (f) {
                case "Mean" -> java.util.Arrays.stream(v).average().orElse(Double.NaN);
                case "Maximum" -> java.util.Arrays.stream(v).max().orElse(Double.NaN);
                case "VoxelNum" -> {
                    int c = 0;
                    for (boolean b : roi.morphologicalMask) if (b) c++;
                    yield c;
                }
                case "VoxelVolume" -> roi.voxelCount() * roi.voxelVolume();
                case "MaxLevel" -> d.maxLevel;
                case "BinWidth" -> s.binWidth;
                default -> throw new IllegalArgumentException(f);
            };
        }
    }

    static Map<String, FeatureClass> classes() {
        Map<String, FeatureClass> m = new LinkedHashMap<>();
        m.put("shape", new Simple("shape", List.of("VoxelVolume", "VoxelNum"), false));
        m.put("firstorder", new Simple("firstorder", List.of("Mean", "Maximum"), false));
        m.put("glcm", new Simple("glcm", List.of("MaxLevel", "BinWidth"), true));
        return m;
    }

    /** Fixed bin width discretisation as PyRadiomics: floor(x / w) - floor(min / w) + 1. */
    static final Discretizer BIN_WIDTH = (roi, s) -> {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < roi.mask.length; i++) if (roi.mask[i]) min = Math.min(min, roi.image[i]);
        int[] levels = new int[roi.mask.length];
        for (int i = 0; i < levels.length; i++)
            if (roi.mask[i]) levels[i] = (int) (Math.floor(roi.image[i] / s.binWidth) - Math.floor(min / s.binWidth)) + 1;
        return new DiscretizedRoi(roi.nx, roi.ny, roi.nz, roi.spacing, levels);
    };

    /** "LoG" stand-in: one image per sigma, intensities scaled by sigma, PyRadiomics' prefix. */
    static final ImageTypeFilter SCALE_BY_SIGMA = (image, mask, s) -> s.sigma.stream().map(sigma -> {
        Volume out = image.toFloat();
        float[] a = (float[]) out.array();
        for (int i = 0; i < a.length; i++) a[i] *= sigma.floatValue();
        return new ImageTypeFilter.Derived("log-sigma-" + String.valueOf(sigma).replace('.', '-') + "-mm-3D", out);
    }).toList();

    static RadiomicsExtractor.Components components() {
        return new RadiomicsExtractor.Components(RoiPreparation.STANDARD, BIN_WIDTH, classes(),
                Map.of("Original", ImageTypeFilter.ORIGINAL, "LoG", SCALE_BY_SIGMA));
    }
}
