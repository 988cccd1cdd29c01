package org.spinerad.predict;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
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

/**
 * A saved risk model: preprocessing and selection steps, the classifier, the decision threshold and provenance,
 * stored as one JSON document of plain data ("format": "spinerad-risk-model"). Applying it to new patients needs only
 * their raw feature columns; missing ones are an error naming them.
 */
public final class RiskModel {
    public static final String FORMAT = "spinerad-risk-model";

    private final List<Step> steps;
    private final Model model;
    private final double threshold;
    private final JsonObject provenance;

    public RiskModel(List<Step> steps, Model model, double threshold, JsonObject provenance) {
        this.steps = List.copyOf(steps);
        this.model = model;
        this.threshold = threshold;
        this.provenance = provenance == null ? new JsonObject() : provenance;
    }

    public List<Step> steps() { return steps; }
    public Model model() { return model; }
    public double threshold() { return threshold; }
    public JsonObject provenance() { return provenance; }

    /** The raw feature columns a patient row must provide. */
    public List<String> expectedFeatures() { return steps.isEmpty() ? List.of() : steps.get(0).inputFeatures(); }

    /** One patient's prediction: probability, risk class and the selected features' values after preprocessing. */
    public record Prediction(String id, double probability, int riskClass, Map<String, Double> contributions) {}

    public List<Prediction> predict(FeatureTable patients) {
        FeatureTable x = SelectionPipeline.apply(steps, patients.select(expectedFeatures()));
        double[] p = model.predictProba(x.x());
        double[] coef = model instanceof LogisticModel lm ? lm.coefficients() : null;
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            Map<String, Double> contrib = new LinkedHashMap<>();
            for (int j = 0; j < x.cols(); j++)
                contrib.put(x.names().get(j), coef != null ? coef[j] * x.x()[i][j] : x.x()[i][j]);
            out.add(new Prediction(patients.ids().get(i), p[i], p[i] >= threshold ? 1 : 0, contrib));
        }
        return out;
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("format_version", 1);
        o.addProperty("spinerad_version", Version.get());
        o.add("expected_features", Json.of(expectedFeatures()));
        JsonArray s = new JsonArray();
        steps.forEach(st -> s.add(st.toJson()));
        o.add("steps", s);
        o.add("classifier", model.toJson());
        o.addProperty("threshold", threshold);
        o.add("provenance", provenance);
        return o;
    }

    public void save(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(toJson()));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write model file: " + e.getMessage(), e);
        }
    }

    public static RiskModel load(Path file) {
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read model file: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SpineRadException(file + ": not a JSON model file: " + e.getMessage(), e);
        }
        if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString()))
            throw new SpineRadException(file + ": not a SpineRad risk model (format must be '" + FORMAT + "')");
        try {
            List<Step> steps = new ArrayList<>();
            o.getAsJsonArray("steps").forEach(e -> steps.add(Models.stepFromJson(e.getAsJsonObject())));
            return new RiskModel(steps, Models.modelFromJson(o.getAsJsonObject("classifier")),
                    o.get("threshold").getAsDouble(), o.has("provenance") ? o.getAsJsonObject("provenance") : null);
        } catch (SpineRadException e) {
            throw new SpineRadException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SpineRadException(file + ": malformed model file: " + e, e);
        }
    }
}
