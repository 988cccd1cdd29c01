package org.spinerad.radiomics;

import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Resolves which features of a class to compute, following PyRadiomics: deprecated ones only when named. */
public final class FeatureSelection {
    private FeatureSelection() {}

    /**
     * The features to compute, in the class's order: all non-deprecated when {@code enabled} is null or empty,
     * otherwise exactly the named ones (deprecated allowed); an unknown name is a {@link SpineRadException}.
     */
    public static List<String> resolve(String className, List<String> all, Set<String> deprecated, Collection<String> enabled) {
        List<String> out = new ArrayList<>();
        if (enabled == null || enabled.isEmpty()) {
            for (String f : all) if (!deprecated.contains(f)) out.add(f);
            return out;
        }
        for (String e : enabled)
            if (!all.contains(e))
                throw new SpineRadException("Unknown feature '" + e + "' in class '" + className + "' (known: " + all + ")");
        for (String f : all) if (enabled.contains(f)) out.add(f);
        return out;
    }
}
