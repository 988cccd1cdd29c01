package org.spinerad.segment;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json} of a segmentation model folder: architecture (a DJL {@link UNet3d} with its
 * {@link UNetConfig}, or a TorchScript file), voxel spacing and patch size (x, y, z), output classes with label values
 * and names, CT normalisation, parameter file with the shape of every parameter, training description, validation
 * Dice per label and the SpineRad version that wrote it. See docs/segmentation.md.
 *
 * @param labels           foreground classes 1..C-1 in class order; for vertebrae listed from top to bottom
 * @param relabelByPosition reassign the vertebral labels top-to-bottom by centroid z after inference
 */
public record ModelManifest(String architecture, UNetConfig unet, double[] spacing, int[] patchSize,
                            List<ClassLabel> labels, CtNormalization normalization, boolean relabelByPosition,
                            String parameterFile, Map<String, long[]> parameterShapes, JsonObject training,
                            Map<String, Double> validationDice, String spineradVersion) {

    public static final String FORMAT = "spinerad-segmentation";
    public static final String UNET = "unet3d", TORCHSCRIPT = "torchscript";
    public static final String FILE = "manifest.json";

    /** Output class {@code index} (1..) written as label {@code value} named {@code name}. */
    public record ClassLabel(int index, int value, String name) {}

    /** Number of output classes including background. */
    public int classes() { return labels.size() + 1; }

    /** Label values of the classes (index 1.. in order). */
    public int[] labelValues() { return labels.stream().mapToInt(ClassLabel::value).toArray(); }

    public Map<Integer, String> labelNames() {
        Map<Integer, String> m = new TreeMap<>();
        for (ClassLabel c : labels) m.put(c.value(), c.name());
        return m;
    }

    public void write(Path dir) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("formatVersion", 1);
        o.addProperty("architecture", architecture);
        if (unet != null) {
            JsonObject u = new JsonObject();
            u.addProperty("inChannels", unet.inChannels());
            u.addProperty("classes", unet.classes());
            u.addProperty("baseChannels", unet.baseChannels());
            u.addProperty("depth", unet.depth());
            u.addProperty("maxChannels", unet.maxChannels());
            u.addProperty("norm", unet.norm().name());
            u.addProperty("negativeSlope", unet.negativeSlope());
            o.add("unet", u);
        }
        o.add("spacing", array(spacing));
        JsonArray p = new JsonArray();
        for (int v : patchSize) p.add(v);
        o.add("patchSize", p);
        JsonArray ls = new JsonArray();
        for (ClassLabel c : labels) {
            JsonObject l = new JsonObject();
            l.addProperty("class", c.index());
            l.addProperty("value", c.value());
            l.addProperty("name", c.name());
            ls.add(l);
        }
        o.add("labels", ls);
        o.addProperty("relabelByPosition", relabelByPosition);
        JsonObject n = new JsonObject();
        n.addProperty("scheme", "CT: clip to [p0.5, p99.5] of training foreground, then z-score");
        n.addProperty("clipLow", normalization.clipLow());
        n.addProperty("clipHigh", normalization.clipHigh());
        n.addProperty("mean", normalization.mean());
        n.addProperty("std", normalization.std());
        o.add("normalization", n);
        o.addProperty("parameterFile", parameterFile);
        if (parameterShapes != null) {
            JsonObject ps = new JsonObject();
            for (var e : parameterShapes.entrySet()) {
                JsonArray a = new JsonArray();
                for (long d : e.getValue()) a.add(d);
                ps.add(e.getKey(), a);
            }
            o.add("parameters", ps);
        }
        o.add("training", training == null ? new JsonObject() : training);
        JsonObject dice = new JsonObject();
        if (validationDice != null) validationDice.forEach(dice::addProperty);
        o.add("validationDice", dice);
        o.addProperty("spineradVersion", spineradVersion == null ? Version.get() : spineradVersion);
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write the model manifest (" + e.getMessage() + ")", e);
        }
    }

    private static JsonArray array(double[] v) {
        JsonArray a = new JsonArray();
        for (double d : v) a.add(d);
        return a;
    }

    /** Reads {@code dir/manifest.json} (or the file itself when given a file) and validates it. */
    public static ModelManifest read(Path dirOrFile) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE) : dirOrFile;
        if (!Files.isRegularFile(file)) throw new SpineRadException(file + ": model manifest not found");
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString()))
                throw new SpineRadException(file + ": not a SpineRad segmentation manifest (format must be '" + FORMAT + "')");
            String arch = o.get("architecture").getAsString();
            if (!arch.equals(UNET) && !arch.equals(TORCHSCRIPT))
                throw new SpineRadException(file + ": unknown architecture '" + arch + "' (expected " + UNET + " or " + TORCHSCRIPT + ")");
            List<ClassLabel> labels = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("labels")) {
                JsonObject l = e.getAsJsonObject();
                labels.add(new ClassLabel(l.get("class").getAsInt(), l.get("value").getAsInt(), l.get("name").getAsString()));
            }
            for (int i = 0; i < labels.size(); i++)
                if (labels.get(i).index() != i + 1)
                    throw new SpineRadException(file + ": labels must list classes 1, 2, ... in order; entry " + (i + 1)
                            + " has class " + labels.get(i).index());
            UNetConfig unet = null;
            if (o.has("unet")) {
                JsonObject u = o.getAsJsonObject("unet");
                unet = new UNetConfig(u.get("inChannels").getAsInt(), u.get("classes").getAsInt(), u.get("baseChannels").getAsInt(),
                        u.get("depth").getAsInt(), u.get("maxChannels").getAsInt(), UNetConfig.Norm.valueOf(u.get("norm").getAsString()),
                        u.get("negativeSlope").getAsFloat());
                if (unet.classes() != labels.size() + 1)
                    throw new SpineRadException(file + ": the U-Net has " + unet.classes() + " classes but " + labels.size()
                            + " labels (+ background) are listed");
            } else if (arch.equals(UNET)) throw new SpineRadException(file + ": architecture unet3d needs a 'unet' section");
            double[] spacing = doubles(o.getAsJsonArray("spacing"));
            int[] patch = ints(o.getAsJsonArray("patchSize"));
            if (spacing.length != 3 || patch.length != 3)
                throw new SpineRadException(file + ": spacing and patchSize need 3 values (x, y, z)");
            for (int a = 0; a < 3; a++) {
                if (!(spacing[a] >= MIN_SPACING && spacing[a] <= MAX_SPACING))
                    throw new SpineRadException(file + ": spacing must be within " + MIN_SPACING + ".." + MAX_SPACING + " mm, got " + spacing[a]);
                if (patch[a] < 1 || patch[a] > MAX_PATCH || (unet != null && patch[a] % unet.sizeDivisor() != 0))
                    throw new SpineRadException(file + ": patch size " + patch[a] + " must be within 1.." + MAX_PATCH
                            + (unet != null ? " and a multiple of " + unet.sizeDivisor() : ""));
            }
            JsonObject n = o.getAsJsonObject("normalization");
            double[] nv = {n.get("clipLow").getAsDouble(), n.get("clipHigh").getAsDouble(), n.get("mean").getAsDouble(), n.get("std").getAsDouble()};
            for (double v : nv) if (!Double.isFinite(v)) throw new SpineRadException(file + ": normalization values must be finite");
            if (!(nv[3] > 0) || nv[0] > nv[1]) throw new SpineRadException(file + ": normalization needs std > 0 and clipLow <= clipHigh");
            CtNormalization norm = new CtNormalization(nv[0], nv[1], nv[2], nv[3]);
            Map<String, long[]> shapes = null;
            if (o.has("parameters")) {
                shapes = new LinkedHashMap<>();
                for (var e : o.getAsJsonObject("parameters").entrySet()) {
                    JsonArray a = e.getValue().getAsJsonArray();
                    long[] s = new long[a.size()];
                    for (int i = 0; i < s.length; i++) s[i] = a.get(i).getAsLong();
                    shapes.put(e.getKey(), s);
                }
            }
            Map<String, Double> dice = new LinkedHashMap<>();
            if (o.has("validationDice"))
                for (var e : o.getAsJsonObject("validationDice").entrySet()) dice.put(e.getKey(), e.getValue().getAsDouble());
            return new ModelManifest(arch, unet, spacing, patch, labels, norm,
                    !o.has("relabelByPosition") || o.get("relabelByPosition").getAsBoolean(),
                    confinedFileName(o.get("parameterFile").getAsString(), file),
                    shapes, o.has("training") ? o.getAsJsonObject("training") : new JsonObject(), dice,
                    o.has("spineradVersion") ? o.get("spineradVersion").getAsString() : "unknown");
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read the model manifest (" + e.getMessage() + ")", e);
        } catch (SpineRadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SpineRadException(file + ": malformed model manifest (a field is missing or has the wrong type)", e);
        }
    }

    /** Model spacing bounds (mm) and the largest patch: beyond them the resampled grid cannot be allocated. */
    static final double MIN_SPACING = 0.05, MAX_SPACING = 50;
    static final int MAX_PATCH = 1024;

    /** The parameter file must be a plain relative path inside the model folder (no absolute path, no '..'). */
    private static String confinedFileName(String name, Path manifestFile) {
        Path p;
        try {
            p = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new SpineRadException(manifestFile + ": parameterFile '" + name + "' is not a valid file name");
        }
        if (name.isEmpty() || p.isAbsolute() || !p.normalize().equals(p) || p.startsWith("..") || name.contains(".."))
            throw new SpineRadException(manifestFile + ": parameterFile '" + name + "' must be a file inside the model folder");
        return name;
    }

    private static double[] doubles(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsDouble();
        return v;
    }

    private static int[] ints(JsonArray a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsInt();
        return v;
    }
}
