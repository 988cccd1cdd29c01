package org.spinerad.radiomics;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.spinerad.util.SpineRadException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An extraction configuration in PyRadiomics' parameter-file form: enabled image types (each with custom settings),
 * enabled feature classes (each with its enabled features, empty = all default features) and general settings.
 * Reads PyRadiomics YAML and JSON parameter files; {@link #defaults()} is PyRadiomics' configuration without a file.
 */
public final class ParameterFile {
    /** Image types PyRadiomics knows ({@code imageType} keys). */
    public static final List<String> IMAGE_TYPES = List.of("Original", "Wavelet", "LoG", "Square", "SquareRoot",
            "Logarithm", "Exponential", "Gradient", "LBP2D", "LBP3D");
    /** Feature classes PyRadiomics knows ({@code featureClass} keys), in PyRadiomics' extraction order. */
    public static final List<String> FEATURE_CLASSES = List.of("shape", "shape2D", "firstorder", "glcm", "glrlm",
            "glszm", "gldm", "ngtdm");
    /** Feature classes enabled without a parameter file (all but shape2D, as in PyRadiomics' featureextractor). */
    public static final List<String> DEFAULT_FEATURE_CLASSES = List.of("shape", "firstorder", "glcm", "glrlm",
            "glszm", "gldm", "ngtdm");

    /** PyRadiomics setting names that differ from the {@link RadiomicsSettings} field names. */
    private static final Map<String, String> ALIASES = Map.of("label_channel", "labelChannel",
            "start_level", "startLevel", "symmetricalGlcm", "symmetricalGLCM");
    /** SimpleITK interpolator enumeration values, which PyRadiomics also accepts as integers. */
    private static final List<String> SITK_INTERPOLATORS = List.of("", "sitkNearestNeighbor", "sitkLinear",
            "sitkBSpline", "sitkGaussian", "sitkLabelGaussian", "sitkHammingWindowedSinc", "sitkCosineWindowedSinc",
            "sitkWelchWindowedSinc", "sitkLanczosWindowedSinc", "sitkBlackmanWindowedSinc");

    private final String source;
    private final RadiomicsSettings settings;
    private final LinkedHashMap<String, Map<String, Object>> imageTypes;
    private final LinkedHashMap<String, List<String>> featureClasses;
    private final List<String> warnings;

    public ParameterFile(String source, RadiomicsSettings settings, LinkedHashMap<String, Map<String, Object>> imageTypes,
                         LinkedHashMap<String, List<String>> featureClasses, List<String> warnings) {
        this.source = source;
        this.settings = settings;
        this.imageTypes = imageTypes;
        this.featureClasses = featureClasses;
        this.warnings = warnings;
    }

    /** PyRadiomics' defaults: Original only, all default feature classes with all their default features. */
    public static ParameterFile defaults() {
        LinkedHashMap<String, Map<String, Object>> types = new LinkedHashMap<>();
        types.put("Original", Map.of());
        LinkedHashMap<String, List<String>> classes = new LinkedHashMap<>();
        for (String c : DEFAULT_FEATURE_CLASSES) classes.put(c, List.of());
        return new ParameterFile("PyRadiomics defaults", new RadiomicsSettings(), types, classes, new ArrayList<>());
    }

    /** Reads a YAML (.yaml/.yml) or JSON (.json) parameter file. */
    public static ParameterFile read(Path file) {
        if (!Files.isRegularFile(file)) throw new SpineRadException(file + ": parameter file not found");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read parameter file: " + e.getMessage(), e);
        }
        return parse(text, file.toString(), file.getFileName().toString().toLowerCase().endsWith(".json"));
    }

    /** Parses parameter-file text; {@code source} names it in messages. */
    public static ParameterFile parse(String text, String source, boolean json) {
        Object root;
        try {
            if (json) root = new Gson().fromJson(text, Object.class);
            else root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException | JsonParseException e) {
            throw new SpineRadException(source + ": not a valid " + (json ? "JSON" : "YAML") + " parameter file: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null) return withSource(defaults(), source);
        if (!(root instanceof Map<?, ?> top))
            throw new SpineRadException(source + ": a parameter file must be a mapping with sections imageType, featureClass, setting");
        List<String> warnings = new ArrayList<>();
        for (Object k : top.keySet())
            if (!Set.of("imageType", "featureClass", "setting", "voxelSetting").contains(String.valueOf(k)))
                throw new SpineRadException(source + ": unknown section '" + k + "' (expected imageType, featureClass, setting)");
        if (top.containsKey("voxelSetting"))
            warnings.add(source + ": section 'voxelSetting' (voxel-based extraction) is not supported and is ignored");

        RadiomicsSettings settings = new RadiomicsSettings();
        for (var e : section(top, "setting", source).entrySet())
            apply(settings, String.valueOf(e.getKey()), e.getValue(), source + ": setting '" + e.getKey() + "'", warnings);

        LinkedHashMap<String, Map<String, Object>> types = new LinkedHashMap<>();
        Map<?, ?> typeSection = section(top, "imageType", source);
        for (var e : typeSection.entrySet()) {
            String type = String.valueOf(e.getKey());
            if (!IMAGE_TYPES.contains(type))
                throw new SpineRadException(source + ": unknown image type '" + type + "' (known: " + String.join(", ", IMAGE_TYPES) + ")");
            Map<String, Object> custom = new LinkedHashMap<>();
            if (e.getValue() != null) {
                if (!(e.getValue() instanceof Map<?, ?> m))
                    throw new SpineRadException(source + ": image type '" + type + "' needs a mapping of settings (e.g. {}), got " + describe(e.getValue()));
                for (var s : m.entrySet()) {
                    String key = String.valueOf(s.getKey());
                    // validate now, so that a wrong custom setting is reported when the file is read
                    apply(new RadiomicsSettings(), key, s.getValue(), source + ": imageType '" + type + "' setting '" + key + "'", new ArrayList<>());
                    custom.put(key, s.getValue());
                }
            }
            types.put(type, Collections.unmodifiableMap(custom));
        }
        if (types.isEmpty()) types.put("Original", Map.of());

        LinkedHashMap<String, List<String>> classes = new LinkedHashMap<>();
        if (!top.containsKey("featureClass")) {
            for (String c : DEFAULT_FEATURE_CLASSES) classes.put(c, List.of());
        } else {
            for (var e : section(top, "featureClass", source).entrySet()) {
                String cls = String.valueOf(e.getKey());
                if (!FEATURE_CLASSES.contains(cls))
                    throw new SpineRadException(source + ": unknown feature class '" + cls + "' (known: " + String.join(", ", FEATURE_CLASSES) + ")");
                List<String> names = new ArrayList<>();
                if (e.getValue() instanceof List<?> l) {
                    for (Object o : l) {
                        if (!(o instanceof String s))
                            throw new SpineRadException(source + ": featureClass '" + cls + "' lists " + describe(o) + ", expected feature names");
                        names.add(s);
                    }
                } else if (e.getValue() != null)
                    throw new SpineRadException(source + ": featureClass '" + cls + "' needs a list of feature names or nothing, got " + describe(e.getValue()));
                classes.put(cls, List.copyOf(names));
            }
        }
        return new ParameterFile(source, settings, types, classes, warnings);
    }

    private static ParameterFile withSource(ParameterFile p, String source) {
        return new ParameterFile(source, p.settings, p.imageTypes, p.featureClasses, p.warnings);
    }

    private static Map<?, ?> section(Map<?, ?> top, String name, String source) {
        Object v = top.get(name);
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) throw new SpineRadException(source + ": section '" + name + "' must be a mapping, got " + describe(v));
        return m;
    }

    /** Settings whose text values PyRadiomics restricts to a list (its parameter schema). */
    private static final Map<String, List<String>> ENUMERATED = Map.of(
            "interpolator", SITK_INTERPOLATORS.subList(1, SITK_INTERPOLATORS.size()),
            "resegmentMode", List.of("absolute", "relative", "sigma"),
            "weightingNorm", List.of("manhattan", "euclidean", "infinity", "no_weighting"),
            "textureAggregation", List.of("pyradiomics", "merged"));

    /** Sets one PyRadiomics setting on {@code s}; unknown keys go to {@code extra} with a warning. */
    public static void apply(RadiomicsSettings s, String key, Object value, String where, List<String> warnings) {
        Field f = field(ALIASES.getOrDefault(key, key));
        if (f == null) {
            s.extra.put(key, value);
            warnings.add(where + " is not a known setting; kept for provenance but not used");
            return;
        }
        try {
            Object v = convert(f, key, value, where);
            List<String> allowed = ENUMERATED.get(f.getName());
            if (allowed != null && v != null && !allowed.contains(v))
                throw new SpineRadException(where + ": '" + v + "' is not one of " + String.join(", ", allowed));
            f.set(s, v);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field field(String name) {
        try {
            Field f = RadiomicsSettings.class.getField(name);
            int mod = f.getModifiers();
            return Modifier.isStatic(mod) || Modifier.isFinal(mod) ? null : f;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static Object convert(Field f, String key, Object v, String where) {
        Class<?> t = f.getType();
        if (v == null) {
            if (t.isPrimitive()) throw new SpineRadException(where + ": needs a value (" + t.getSimpleName() + "), got nothing");
            return null;
        }
        if (t == double.class || t == Double.class) return number(v, where);
        if (t == int.class || t == Integer.class) return integer(v, where);
        if (t == boolean.class) {
            if (v instanceof Boolean b) return b;
            throw new SpineRadException(where + ": needs true or false, got " + describe(v));
        }
        if (t == String.class) {
            if (key.equals("interpolator") && v instanceof Number n) {
                int i = integer(n, where);
                if (i < 1 || i >= SITK_INTERPOLATORS.size()) throw new SpineRadException(where + ": unknown interpolator " + i);
                return SITK_INTERPOLATORS.get(i);
            }
            if (v instanceof String str) return str;
            throw new SpineRadException(where + ": needs text, got " + describe(v));
        }
        if (t == double[].class) {
            List<?> l = list(v, where);
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) out[i] = l.get(i) == null ? Double.NaN : number(l.get(i), where);
            return out;
        }
        if (t == List.class) {
            Class<?> elem = (Class<?>) ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
            List<?> l = v instanceof List<?> ? (List<?>) v : List.of(v); // PyRadiomics accepts a single sigma/distance
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                if (elem == Integer.class) out.add(integer(o, where)); // no ?: here: it would promote int to double
                else out.add(number(o, where));
            }
            return List.copyOf(out);
        }
        throw new IllegalStateException("No conversion for setting type " + t);
    }

    private static List<?> list(Object v, String where) {
        if (v instanceof List<?> l) return l;
        throw new SpineRadException(where + ": needs a list, got " + describe(v));
    }

    private static double number(Object v, String where) {
        if (v instanceof Number n) return n.doubleValue();
        throw new SpineRadException(where + ": needs a number, got " + describe(v));
    }

    private static int integer(Object v, String where) {
        if (v instanceof Integer i) return i;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < Integer.MAX_VALUE)
            return (int) n.doubleValue(); // JSON numbers arrive as doubles
        throw new SpineRadException(where + ": needs a whole number, got " + describe(v));
    }

    private static String describe(Object v) {
        if (v == null) return "nothing";
        String kind = v instanceof Map ? "mapping" : v instanceof List ? "list" : v instanceof String ? "text" : v.getClass().getSimpleName().toLowerCase();
        return kind + " '" + v + "'";
    }

    /** Where the configuration came from (file path or "PyRadiomics defaults"). */
    public String source() { return source; }

    /** The general settings (a copy; callers may modify it). */
    public RadiomicsSettings settings() { return settings.copy(); }

    /** Enabled image types in file order, each with its custom settings. */
    public Map<String, Map<String, Object>> imageTypes() { return Collections.unmodifiableMap(imageTypes); }

    /** Enabled feature classes in file order, each with its enabled features (empty = all default features). */
    public Map<String, List<String>> featureClasses() { return Collections.unmodifiableMap(featureClasses); }

    /** Messages about ignored or unknown keys. */
    public List<String> warnings() { return Collections.unmodifiableList(warnings); }

    /** The general settings with an image type's custom settings applied on top. */
    public RadiomicsSettings settingsFor(String imageType) {
        RadiomicsSettings s = settings.copy();
        Map<String, Object> custom = imageTypes.getOrDefault(imageType, Map.of());
        for (var e : custom.entrySet())
            apply(s, e.getKey(), e.getValue(), source + ": imageType '" + imageType + "' setting '" + e.getKey() + "'", new ArrayList<>());
        return s;
    }

    /** A copy with other image types (e.g. from a dialog). */
    public ParameterFile withImageTypes(LinkedHashMap<String, Map<String, Object>> types) {
        return new ParameterFile(source, settings, new LinkedHashMap<>(types), featureClasses, warnings);
    }

    /** A copy with other feature classes. */
    public ParameterFile withFeatureClasses(LinkedHashMap<String, List<String>> classes) {
        return new ParameterFile(source, settings, imageTypes, new LinkedHashMap<>(classes), warnings);
    }

    /** A copy with other general settings. */
    public ParameterFile withSettings(RadiomicsSettings s) {
        return new ParameterFile(source, s.copy(), imageTypes, featureClasses, warnings);
    }

    /** Settings as PyRadiomics-named values (for provenance), in field order, plus any unknown keys. */
    public static LinkedHashMap<String, Object> settingsMap(RadiomicsSettings s) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        for (Field f : RadiomicsSettings.class.getFields()) {
            int mod = f.getModifiers();
            if (Modifier.isStatic(mod) || Modifier.isFinal(mod)) continue;
            try {
                Object v = f.get(s);
                if (v instanceof double[] a) {
                    List<Double> l = new ArrayList<>();
                    for (double d : a) l.add(d);
                    v = l;
                }
                m.put(pyName(f.getName()), v);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        m.putAll(s.extra);
        return m;
    }

    private static String pyName(String field) {
        for (var e : ALIASES.entrySet()) if (e.getValue().equals(field)) return e.getKey();
        return field;
    }

    /** The whole configuration as a PyRadiomics-shaped JSON parameter file (reads back with {@link #parse}). */
    public String toJson() {
        LinkedHashMap<String, Object> root = new LinkedHashMap<>();
        root.put("imageType", imageTypes);
        root.put("featureClass", featureClasses);
        LinkedHashMap<String, Object> set = settingsMap(settings);
        root.put("setting", set);
        return gson().toJson(root);
    }

    static Gson gson() {
        return new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues().setPrettyPrinting().create();
    }
}
