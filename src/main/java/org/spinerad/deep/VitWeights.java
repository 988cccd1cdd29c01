package org.spinerad.deep;

import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON manifest that accompanies a weights file ({@code model.params} → {@code model.json}): format tag, network
 * configuration, preprocessing, every parameter's name and shape, the SHA-256 of the parameter file and free-form
 * provenance. See {@code docs/deep-features.md}.
 */
public final class VitWeights {
    private VitWeights() {}

    public static final String FORMAT = "spinerad-vit3d-weights";
    public static final int FORMAT_VERSION = 1;

    /** What a manifest says about its weights file. */
    public record Manifest(VitConfig config, VitPreprocessing preprocessing, Map<String, Shape> parameterShapes,
                           JsonObject provenance) {}

    /** {@code x.params} → {@code x.json}; any other name gets {@code .json} appended. */
    public static Path manifestPath(Path weights) {
        String name = weights.getFileName().toString();
        String base = name.endsWith(".params") ? name.substring(0, name.length() - ".params".length()) : name;
        return weights.resolveSibling(base + ".json");
    }

    static void writeManifest(Path weights, VitConfig config, VitPreprocessing preprocessing, Map<String, Shape> shapes,
                              JsonObject provenance) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("formatVersion", FORMAT_VERSION);
        o.addProperty("parameterFile", weights.getFileName().toString());
        o.addProperty("sha256", sha256(weights));
        o.add("config", new Gson().toJsonTree(config));
        JsonObject pre = new JsonObject();
        pre.addProperty("inputSize", preprocessing.size());
        pre.addProperty("marginMm", preprocessing.marginMm());
        pre.addProperty("crop", "ROI bounding box plus margin, clamped to the image");
        pre.addProperty("interpolation", "trilinear, corner-aligned");
        pre.addProperty("normalization", "z-score over the resized cube");
        o.add("preprocessing", pre);
        JsonObject params = new JsonObject();
        for (var e : shapes.entrySet()) {
            JsonArray a = new JsonArray();
            for (long d : e.getValue().getShape()) a.add(d);
            params.add(e.getKey(), a);
        }
        o.add("parameters", params);
        JsonObject prov = provenance == null ? new JsonObject() : provenance.deepCopy();
        prov.addProperty("spineradVersion", Version.get());
        prov.addProperty("engine", "DJL PyTorch");
        prov.addProperty("saved", Instant.now().toString());
        o.add("provenance", prov);
        Path file = manifestPath(weights);
        try {
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write the weights manifest (" + e.getMessage() + ")", e);
        }
    }

    /** Reads and checks the manifest of a weights file (present, right format, parameter file unchanged). */
    public static Manifest readManifest(Path weights) {
        if (!Files.isRegularFile(weights)) throw new SpineRadException(weights + ": weights file not found");
        Path file = manifestPath(weights);
        if (!Files.isRegularFile(file))
            throw new SpineRadException(weights + ": its manifest " + file.getFileName() + " is missing (it holds the network configuration)");
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString()))
                throw new SpineRadException(file + ": not a SpineRad ViT-3D weights manifest (format must be '" + FORMAT + "')");
            if (o.get("formatVersion").getAsInt() > FORMAT_VERSION)
                throw new SpineRadException(file + ": manifest format version " + o.get("formatVersion") + " is newer than this SpineRad reads");
            String expectedHash = o.get("sha256").getAsString();
            if (!expectedHash.equals(sha256(weights)))
                throw new SpineRadException(weights + ": the parameter file does not match the SHA-256 in " + file.getFileName()
                        + " (changed or truncated)");
            VitConfig config = new Gson().fromJson(o.get("config"), VitConfig.class);
            config = new VitConfig(config.inputSize(), config.patchSize(), config.dim(), config.depth(), config.heads(),
                    config.headDim(), config.mlpDim(), config.layerNormEps()); // re-validates
            JsonObject pre = o.getAsJsonObject("preprocessing");
            VitPreprocessing preprocessing = new VitPreprocessing(pre.get("inputSize").getAsInt(), pre.get("marginMm").getAsDouble());
            Map<String, Shape> shapes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("parameters").entrySet()) {
                JsonArray a = e.getValue().getAsJsonArray();
                long[] s = new long[a.size()];
                for (int i = 0; i < s.length; i++) s[i] = a.get(i).getAsLong();
                shapes.put(e.getKey(), new Shape(s));
            }
            return new Manifest(config, preprocessing, shapes, o.has("provenance") ? o.getAsJsonObject("provenance") : new JsonObject());
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read the weights manifest (" + e.getMessage() + ")", e);
        } catch (SpineRadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SpineRadException(file + ": malformed weights manifest (" + e.getMessage() + ")", e);
        }
    }

    /** Every expected parameter must be in the file with the same shape (head parameters skipped for a backbone). */
    static void checkShapes(Path weights, Map<String, Shape> inFile, Map<String, Shape> expected, boolean backboneOnly) {
        for (var e : expected.entrySet()) {
            if (backboneOnly && Vit3d.isHeadParameter(e.getKey())) continue;
            Shape found = inFile.get(e.getKey());
            if (found == null)
                throw new SpineRadException(weights + ": parameter '" + e.getKey() + "' of shape " + e.getValue()
                        + " is missing from the weights file");
            if (!found.equals(e.getValue()))
                throw new SpineRadException(weights + ": parameter '" + e.getKey() + "' has shape " + found
                        + " in the weights file but the network expects " + e.getValue());
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
