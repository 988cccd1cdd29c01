package org.spinerad.radiomics;

import org.spinerad.util.SpineRadException;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Common frame of the texture classes: PyRadiomics' feature order (alphabetical, as PyRadiomics lists its getters),
 * default set (all but the deprecated ones), name checks and the empty-ROI case. Subclasses compute every feature
 * (deprecated ones included) in the order of {@link #allNames()}.
 */
abstract class TextureFeatureClass implements FeatureClass {
    private final String name;
    private final List<String> all;
    private final Set<String> deprecated;
    private final List<String> defaults;

    TextureFeatureClass(String name, List<String> all, Set<String> deprecated) {
        this.name = name;
        this.all = all;
        this.deprecated = deprecated;
        this.defaults = all.stream().filter(f -> !deprecated.contains(f)).toList();
    }

    @Override public String name() { return name; }

    /** The default-enabled features (deprecated ones excluded), in PyRadiomics order. */
    @Override public List<String> featureNames() { return defaults; }

    /** All features including deprecated ones, which are computed only when enabled by name. */
    public List<String> allNames() { return all; }

    @Override public boolean needsDiscretization() { return true; }

    @Override
    public LinkedHashMap<String, Double> compute(RoiImage roi, DiscretizedRoi discretized, RadiomicsSettings settings,
                                                 Collection<String> enabled) {
        if (discretized == null) throw new IllegalArgumentException(name + " needs the discretised ROI");
        boolean useDefaults = enabled == null || enabled.isEmpty();
        if (!useDefaults)
            for (String f : enabled)
                if (!all.contains(f))
                    throw new SpineRadException("Unknown " + name + " feature '" + f + "' in the parameter settings; known: " + all);
        double[] values = TextureGeometry.GreyLevels.of(discretized).count() == 0 ? nanValues() : computeAll(discretized, settings);
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        for (int f = 0; f < all.size(); f++) {
            String n = all.get(f);
            if (useDefaults ? !deprecated.contains(n) : enabled.contains(n)) out.put(n, values[f]);
        }
        return out;
    }

    private double[] nanValues() {
        double[] v = new double[all.size()];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    /** Every feature of {@link #allNames()} for a non-empty ROI. */
    abstract double[] computeAll(DiscretizedRoi roi, RadiomicsSettings settings);
}
