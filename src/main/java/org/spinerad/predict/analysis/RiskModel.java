package org.spinerad.predict.analysis;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.spinerad.predict.ClinicalEncoding;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.Json;
import org.spinerad.predict.learners.LogisticModel;
import org.spinerad.predict.learners.Model;
import org.spinerad.predict.learners.Models;
import org.spinerad.predict.selection.SelectionPipeline;
import org.spinerad.predict.selection.Step;
import org.spinerad.predict.selection.Steps;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A saved risk model, one JSON document of plain data ("format": "spinerad-risk-model"): optional signature
 * sub-models whose probabilities become input columns named after them (e.g. "Rad-sign", "DL-sign"), an optional
 * clinical encoding, the preprocessing/selection steps, the classifier, the decision threshold and provenance.
 * A patient's raw feature columns are all it needs; missing ones are an error naming them.
 */
public final class RiskModel {
    public static final String FORMAT = "spinerad-risk-model";

    public record Signature(String name, RiskModel model) {}

    private final List<Signature> signatures;
    private final ClinicalEncoding clinical;
    private final List<Step> steps;
    private final Model model;
    private final double threshold;
    private final JsonObject provenance;

    public RiskModel(List<Signature> signatures, ClinicalEncoding clinical, List<Step> steps, Model model, double threshold, JsonObject provenance) {
        this.signatures = List.copyOf(signatures);
        this.clinical = clinical;
        this.steps = List.copyOf(steps);
        this.model = model;
        this.threshold = threshold;
        this.provenance = provenance == null ? new JsonObject() : provenance;
    }

    /** A plain model over one feature table. */
    public RiskModel(List<Step> steps, Model model, double threshold, JsonObject provenance) {
        this(List.of(), null, steps, model, threshold, provenance);
    }

    public List<Signature> signatures() { return signatures; }
    public ClinicalEncoding clinical() { return clinical; }
    public List<Step> steps() { return steps; }
    public Model model() { return model; }
    public double threshold() { return threshold; }
    public JsonObject provenance() { return provenance; }

    /** Column names the classifier's steps read (signature outputs included). */
    private List<String> ownInputs() { return steps.isEmpty() ? List.of() : steps.get(0).inputFeatures(); }

    /** The raw numeric feature columns a patient must provide (signature inputs first, clinical columns excluded). */
    public List<String> expectedFeatures() {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Signature s : signatures) out.addAll(s.model().expectedFeatures());
        List<String> derived = new ArrayList<>(clinical == null ? List.of() : clinical.encodedNames());
        for (Signature s : signatures) derived.add(s.name());
        for (String f : ownInputs()) if (!derived.contains(f)) out.add(f);
        return new ArrayList<>(out);
    }

    /**
     * One patient's prediction: probability, risk class, the selected features' values after preprocessing, and the
     * input columns that were missing for this patient and so were imputed with the training value.
     */
    public record Prediction(String id, double probability, int riskClass, Map<String, Double> contributions, List<String> imputed) {
        public Prediction(String id, double probability, int riskClass, Map<String, Double> contributions) {
            this(id, probability, riskClass, contributions, List.of());
        }
    }

    /** Probability of the outcome per row of a numeric table that already holds any encoded clinical columns. */
    public double[] probabilities(FeatureTable patients) {
        return model.predictProba(prepare(patients).x());
    }

    private FeatureTable prepare(FeatureTable patients) {
        FeatureTable t = patients;
        for (Signature s : signatures) t = t.withColumn(s.name(), s.model().probabilities(patients));
        return SelectionPipeline.apply(steps, t.select(ownInputs()));
    }

    /** Predictions for numeric feature rows, plus a clinical table (may be null when the model uses none). */
    public List<Prediction> predict(FeatureTable features, Csv clinicalTable, String idColumn, String clinicalSource) {
        FeatureTable t = features;
        if (clinical != null && !clinical.variables().isEmpty()) {
            if (clinicalTable == null) throw new SpineRadException("this model needs clinical variables: "
                    + clinical.variables().stream().map(ClinicalEncoding.Variable::column).toList());
            t = t.join(clinical.encode(clinicalTable, idColumn, null, clinicalSource));
        }
        return predict(t);
    }

    public List<Prediction> predict(FeatureTable patients) {
        List<String> missing = new ArrayList<>();
        for (String f : expectedFeatures()) if (!patients.names().contains(f)) missing.add(f);
        if (!missing.isEmpty())
            throw new SpineRadException(patients.source() + ": missing " + missing.size() + " feature(s) the model expects: " + String.join(", ", missing));
        FeatureTable x = prepare(patients);
        double[] p = model.predictProba(x.x());
        double[] coef = model instanceof LogisticModel lm ? lm.coefficients() : null;
        List<String> used = new ArrayList<>(expectedFeatures());
        if (clinical != null) used.addAll(clinical.encodedNames());
        int[] usedCol = used.stream().mapToInt(patients.names()::indexOf).toArray();
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            Map<String, Double> contrib = new LinkedHashMap<>();
            for (int j = 0; j < x.cols(); j++)
                contrib.put(x.names().get(j), coef != null ? coef[j] * x.x()[i][j] : x.x()[i][j]);
            List<String> imputed = new ArrayList<>();
            for (int k = 0; k < usedCol.length; k++)
                if (usedCol[k] >= 0 && Double.isNaN(patients.x()[i][usedCol[k]])) imputed.add(used.get(k));
            out.add(new Prediction(patients.ids().get(i), p[i], p[i] >= threshold ? 1 : 0, contrib, List.copyOf(imputed)));
        }
        return out;
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("format_version", 1);
        o.addProperty("spinerad_version", Version.get());
        o.add("expected_features", Json.of(expectedFeatures()));
        JsonArray sig = new JsonArray();
        for (Signature s : signatures) {
            JsonObject so = s.model().toJson();
            so.addProperty("name", s.name());
            sig.add(so);
        }
        o.add("signatures", sig);
        if (clinical != null) o.add("clinical_encoding", clinical.toJson());
        JsonArray st = new JsonArray();
        steps.forEach(x -> st.add(x.toJson()));
        o.add("steps", st);
        o.add("classifier", model.toJson());
        o.addProperty("threshold", threshold);
        o.add("provenance", provenance);
        return o;
    }

    static RiskModel fromJson(JsonObject o) {
        if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString()))
            throw new SpineRadException("not a SpineRad risk model (format must be '" + FORMAT + "')");
        List<Signature> sigs = new ArrayList<>();
        if (o.has("signatures"))
            o.getAsJsonArray("signatures").forEach(e -> sigs.add(new Signature(e.getAsJsonObject().get("name").getAsString(), fromJson(e.getAsJsonObject()))));
        List<Step> steps = new ArrayList<>();
        o.getAsJsonArray("steps").forEach(e -> steps.add(Steps.fromJson(e.getAsJsonObject())));
        ClinicalEncoding enc = o.has("clinical_encoding") ? ClinicalEncoding.fromJson(o.getAsJsonArray("clinical_encoding")) : null;
        return new RiskModel(sigs, enc, steps, Models.modelFromJson(o.getAsJsonObject("classifier")),
                o.get("threshold").getAsDouble(), o.has("provenance") ? o.getAsJsonObject("provenance") : null);
    }

    public void save(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().create().toJson(toJson()));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write model file: " + e.getMessage(), e);
        }
    }

    /** Loads a model file after validating it against its schema ({@link ModelFileSchema}); bad files fail clearly. */
    public static RiskModel load(Path file) {
        JsonObject o;
        try {
            if (Files.size(file) > MAX_MODEL_BYTES) throw new SpineRadException(file + ": model file larger than 256 MiB");
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) throw new SpineRadException(file + ": not a SpineRad model file (the JSON is not an object)");
            o = root.getAsJsonObject();
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read model file: " + e.getMessage(), e);
        } catch (com.google.gson.JsonParseException | StackOverflowError e) {
            throw new SpineRadException(file + ": not a valid JSON model file (syntax error or nesting too deep)", e);
        }
        try {
            ModelFileSchema.validate(o);
            return fromJson(o);
        } catch (SpineRadException e) {
            throw new SpineRadException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SpineRadException(file + ": malformed model file (a field has an unexpected type or structure)", e);
        }
    }

    private static final long MAX_MODEL_BYTES = 256L << 20;
}
