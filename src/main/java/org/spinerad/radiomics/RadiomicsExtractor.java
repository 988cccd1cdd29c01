package org.spinerad.radiomics;

import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * PyRadiomics-style feature extraction for one image, mask and label: the equivalent of
 * {@code RadiomicsFeatureExtractor.execute()}. Returns an ordered row: diagnostics first (when {@code additionalInfo}),
 * then shape features of the original image, then per enabled image type and derived image the other enabled classes,
 * named {@code <image-type-prefix>_<class>_<Feature>} exactly as PyRadiomics names them. Image types and derived images
 * are computed in parallel on a fork-join pool; the row order does not depend on it. Instances are thread-safe.
 */
public final class RadiomicsExtractor {
    private static final List<String> SHAPE_CLASSES = List.of("shape", "shape2D");

    /** The pluggable stages of the pipeline. */
    public record Components(RoiPreparation preparation, Discretizer discretizer,
                             Map<String, FeatureClass> featureClasses, Map<String, ImageTypeFilter> imageTypes) {}

    private final ParameterFile config;
    private final Components components;
    private final ForkJoinPool pool;
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param pool the pool to run image types on, or null to compute everything on the calling thread (the naive
     *             single-threaded mode used as benchmark baseline)
     */
    public RadiomicsExtractor(ParameterFile config, Components components, ForkJoinPool pool) {
        this.config = config;
        this.components = components;
        this.pool = pool;
        validate();
    }

    private void validate() {
        String src = config.source();
        for (var e : config.featureClasses().entrySet()) {
            FeatureClass fc = components.featureClasses().get(e.getKey());
            if (fc == null) throw new SpineRadException(src + ": feature class '" + e.getKey() + "' is not available in SpineRad");
            List<String> known = knownFeatures(fc);
            for (String f : e.getValue())
                if (!known.contains(f))
                    throw new SpineRadException(src + ": feature class '" + e.getKey() + "' has no feature '" + f
                            + "' (known: " + String.join(", ", known) + ")");
        }
        for (String t : config.imageTypes().keySet())
            if (!components.imageTypes().containsKey(t))
                throw new SpineRadException(src + ": image type '" + t + "' is not available in SpineRad (available: "
                        + String.join(", ", components.imageTypes().keySet()) + ")");
        if (config.featureClasses().containsKey("shape2D") && !config.settings().force2D)
            warnings.add(src + ": shape2D needs force2D: true (as in PyRadiomics); shape2D features are skipped");
    }

    /** All features a class can compute when enabled by name (texture classes add their deprecated ones). */
    private static List<String> knownFeatures(FeatureClass fc) {
        return fc instanceof TextureFeatureClass t ? t.allNames() : fc.featureNames();
    }

    public ParameterFile config() { return config; }

    /** Configuration problems that do not stop extraction (e.g. shape2D without force2D). */
    public List<String> warnings() { return List.copyOf(warnings); }

    /** Extracts the features of {@code label} in {@code mask} (an integer volume on the image's grid). */
    public LinkedHashMap<String, Object> execute(Volume image, Volume mask, int label) {
        return execute(image, mask, label, "image", "mask", Progress.NONE, null);
    }

    /** Extracts the features of {@code label} of a label map on the image's grid. */
    public LinkedHashMap<String, Object> execute(Volume image, LabelMap mask, int label) {
        return execute(image, mask.volume(), label);
    }

    /**
     * Extracts the features of {@code label}; the names identify the inputs in error messages. Reports progress per
     * derived image and, when {@code timings} is not null, adds the time spent per image type and stage ("filter",
     * "discretization", feature class names).
     */
    public LinkedHashMap<String, Object> execute(Volume image, Volume mask, int label, String imageName, String maskName,
                                                 Progress progress, Timings timings) {
        RadiomicsSettings settings = config.settings();
        settings.label = label;
        LinkedHashMap<String, Object> row = new LinkedHashMap<>();
        if (settings.additionalInfo) {
            row.putAll(provenance(settings));
            row.putAll(RadiomicsDiagnostics.of(image, mask, label));
        }
        long t0 = System.nanoTime();
        PreparedRoi prepared = components.preparation().prepare(image, mask, label, settings, imageName, maskName);
        Timings.add(timings, "Original", "preparation", t0);
        if (settings.additionalInfo && settings.resampledPixelSpacing != null) row.putAll(RadiomicsDiagnostics.interpolated(prepared));

        for (String cls : SHAPE_CLASSES) {
            List<String> enabled = config.featureClasses().get(cls);
            if (enabled == null || (cls.equals("shape2D") && !settings.force2D)) continue;
            long t = System.nanoTime();
            put(row, "original", cls, components.featureClasses().get(cls).compute(prepared.roi(), null, settings, enabled));
            Timings.add(timings, "Original", cls, t);
        }

        List<Map.Entry<String, Map<String, Object>>> types = List.copyOf(config.imageTypes().entrySet());
        List<List<ImageTypeFilter.Derived>> derivedPerType = inPool(() -> parallel(types.size()).mapToObj(i -> {
            String type = types.get(i).getKey();
            long t = System.nanoTime();
            var derived = components.imageTypes().get(type).apply(prepared.image(), prepared.mask(), config.settingsFor(type));
            Timings.add(timings, type, "filter", t);
            return derived;
        }).toList());
        List<Job> jobs = new ArrayList<>();
        for (int t = 0; t < types.size(); t++)
            for (ImageTypeFilter.Derived d : derivedPerType.get(t)) jobs.add(new Job(types.get(t).getKey(), d));
        AtomicLong done = new AtomicLong();
        progress.update(0, jobs.size(), "image types");
        List<LinkedHashMap<String, Object>> parts = inPool(() -> parallel(jobs.size()).mapToObj(i -> {
            LinkedHashMap<String, Object> part = compute(prepared, jobs.get(i), timings);
            progress.update(done.incrementAndGet(), jobs.size(), jobs.get(i).derived.prefix());
            return part;
        }).toList());
        for (var part : parts) row.putAll(part);
        return row;
    }

    private record Job(String imageType, ImageTypeFilter.Derived derived) {}

    /** The non-shape classes of one derived image; the classes run in parallel (discretisation is shared). */
    private LinkedHashMap<String, Object> compute(PreparedRoi prepared, Job job, Timings timings) {
        RadiomicsSettings s = config.settingsFor(job.imageType);
        RoiImage roi = prepared.crop(job.derived.image());
        List<Map.Entry<String, List<String>>> classes = config.featureClasses().entrySet().stream()
                .filter(e -> !SHAPE_CLASSES.contains(e.getKey())).toList();
        DiscretizedRoi discretized = null;
        if (classes.stream().anyMatch(e -> components.featureClasses().get(e.getKey()).needsDiscretization())) {
            long t = System.nanoTime();
            discretized = components.discretizer().discretize(roi, s);
            Timings.add(timings, job.imageType, "discretization", t);
        }
        DiscretizedRoi levels = discretized;
        List<Map<String, Double>> values = parallel(classes.size()).mapToObj(i -> {
            FeatureClass fc = components.featureClasses().get(classes.get(i).getKey());
            long t = System.nanoTime();
            Map<String, Double> v = fc.compute(roi, fc.needsDiscretization() ? levels : null, s, classes.get(i).getValue());
            Timings.add(timings, job.imageType, fc.name(), t);
            return v;
        }).toList();
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) put(out, job.derived.prefix(), classes.get(i).getKey(), values.get(i));
        return out;
    }

    private static void put(Map<String, Object> row, String prefix, String cls, Map<String, Double> features) {
        for (var f : features.entrySet()) row.put(prefix + "_" + cls + "_" + f.getKey(), f.getValue());
    }

    private java.util.stream.IntStream parallel(int n) {
        java.util.stream.IntStream s = java.util.stream.IntStream.range(0, n);
        return pool == null ? s : s.parallel();
    }

    /** Runs a (possibly parallel) stream computation in the extractor's pool, or directly when already in it or sequential. */
    private <T> T inPool(Supplier<T> work) {
        if (pool == null || ForkJoinTask.getPool() == pool) return work.get();
        try {
            return pool.submit(work::get).join();
        } catch (RuntimeException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(RuntimeException e) {
        Throwable t = e;
        while (!(t instanceof SpineRadException) && t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t instanceof RuntimeException r ? r : e;
    }

    /** Version and configuration columns (PyRadiomics' diagnostics_Versions_* and diagnostics_Configuration_*). */
    public LinkedHashMap<String, Object> provenance(RadiomicsSettings settings) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put(RadiomicsDiagnostics.PREFIX + "Versions_SpineRad", Version.get());
        m.put(RadiomicsDiagnostics.PREFIX + "Versions_Java", System.getProperty("java.version"));
        m.put(RadiomicsDiagnostics.PREFIX + "Configuration_Settings", compactJson(ParameterFile.settingsMap(settings)));
        m.put(RadiomicsDiagnostics.PREFIX + "Configuration_EnabledImageTypes", compactJson(config.imageTypes()));
        return m;
    }

    static String compactJson(Object o) {
        return new com.google.gson.GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues().create().toJson(o);
    }
}
