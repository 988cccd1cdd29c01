package org.spinerad.predict.analysis;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.learners.Learner;
import org.spinerad.predict.learners.Model;
import org.spinerad.predict.learners.Models;
import org.spinerad.predict.selection.ColumnTransform;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Model files: every learner's saved model passes the schema, and one saved before the package split still predicts as
 * it did; tampered files fail with a path, never in native code.
 */
class ModelFileValidationTest {
    static FeatureTable train;
    static final Map<String, JsonObject> saved = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void fitAll() {
        Random r = new Random(7);
        int n = 60;
        double[][] x = new double[n][3];
        int[] y = new int[n];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) x[i][j] = r.nextGaussian();
            y[i] = x[i][0] + 0.7 * r.nextGaussian() > 0 ? 1 : 0;
            ids.add("p" + i);
        }
        train = new FeatureTable(ids, List.of("a", "b", "c"), x, y, "train");
        ColumnTransform scale = ColumnTransform.fit(ColumnTransform.Kind.ROBUST, train);
        double[][] z = scale.apply(train).x();
        for (Learner l : Models.learners()) {
            Map<String, Double> p = l.grid().isEmpty() ? Map.of() : l.grid().get(0);
            Model m = l.fit(z, y, p, 1);
            saved.put(l.name(), new RiskModel(List.of(scale), m, 0.5, null).toJson());
        }
    }

    static RiskModel load(JsonObject o, Path dir) throws Exception {
        Path f = dir.resolve("model.json");
        Files.writeString(f, new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(o));
        return RiskModel.load(f);
    }

    static JsonObject copy(String learner) { return saved.get(learner).deepCopy(); }

    static String fails(JsonObject o, Path dir) {
        SpineRadException e = assertThrows(SpineRadException.class, () -> load(o, dir));
        String m = e.getMessage();
        assertTrue(m.startsWith(dir.resolve("model.json").toString()), m);
        assertFalse(m.contains("Exception") || m.contains("java."), "exception text in a user message: " + m);
        return m;
    }

    @Test
    void everyLearnersModelPassesAndPredictsAsBefore(@TempDir Path dir) throws Exception {
        assertEquals(14, saved.size());
        for (var e : saved.entrySet()) {
            RiskModel original = RiskModel.fromJson(e.getValue());
            RiskModel loaded = load(e.getValue(), dir);
            assertArrayEquals(original.probabilities(train), loaded.probabilities(train), 1e-12, e.getKey());
        }
        // A file saved before predict was split into sub-packages (commit bad94cc: predict train --learners DT
        // --recalibrate ISOTONIC, then predict apply) loads and gives the probabilities and classes it gave then.
        Path old = Path.of("src/test/resources/predict/saved_before_split");
        FeatureTable t = FeatureTable.read(old.resolve("radiomics.csv"), "patient_id", null, null, Set.of())
                .join(FeatureTable.read(old.resolve("deep.csv"), "patient_id", null, null, Set.of()));
        List<RiskModel.Prediction> p = RiskModel.load(old.resolve("model.json"))
                .predict(t, Csv.read(old.resolve("clinical.csv")), "patient_id", "clinical.csv");
        Csv then = Csv.read(old.resolve("applied.csv"));
        assertEquals(then.rowCount(), p.size());
        for (int i = 0; i < p.size(); i++) {
            assertEquals(then.cell(i, 0), p.get(i).id());
            assertEquals(then.cell(i, 1), Csv.num(p.get(i).probability()), p.get(i).id());
            assertEquals(then.cell(i, 2), p.get(i).riskClass() == 1 ? "high" : "low", p.get(i).id());
        }
    }

    @Test
    void nonFiniteAndOutOfRangeNumbers(@TempDir Path dir) {
        JsonObject o = copy("LR");
        o.addProperty("threshold", Double.NaN);
        assertTrue(fails(o, dir).contains("threshold: must be finite"), fails(o, dir));
        o.addProperty("threshold", 1.5);
        assertTrue(fails(o, dir).contains("threshold: must be within [0, 1]"));
        JsonObject inf = copy("LR");
        inf.getAsJsonObject("classifier").getAsJsonArray("coef").set(1, new com.google.gson.JsonPrimitive(Double.POSITIVE_INFINITY));
        assertTrue(fails(inf, dir).contains("classifier.coef[1]: must be finite"), fails(inf, dir));
        JsonObject nul = copy("LR");
        nul.getAsJsonArray("steps").get(0).getAsJsonObject().getAsJsonArray("scale").set(0, com.google.gson.JsonNull.INSTANCE);
        assertTrue(fails(nul, dir).contains("steps[0].scale[0]: must be a number"));
    }

    @Test
    void lengthMismatchesAndWrongTypes(@TempDir Path dir) {
        JsonObject o = copy("LR");
        o.getAsJsonObject("classifier").getAsJsonArray("coef").remove(0);
        assertTrue(fails(o, dir).contains("classifier.coef: 2 values, expected 3"));
        JsonObject t = copy("LR");
        t.getAsJsonObject("classifier").addProperty("intercept", "zero");
        assertTrue(fails(t, dir).contains("classifier.intercept: must be a number"));
        JsonObject m = copy("MLP");
        m.getAsJsonObject("classifier").remove("w1");
        assertTrue(fails(m, dir).contains("classifier.w1: is missing"));
        JsonObject steps = copy("LR");
        steps.getAsJsonArray("steps").get(0).getAsJsonObject().getAsJsonArray("center").add(1.0);
        assertTrue(fails(steps, dir).contains("steps[0].center: 4 values, expected 3"));
    }

    @Test
    void tamperedXgboostTreesNeverReachNativeCode(@TempDir Path dir) {
        List<Consumer<JsonObject>> tampers = List.of(
                tree -> tree.getAsJsonArray("split_indices").set(0, new com.google.gson.JsonPrimitive(1_000_000)),
                tree -> tree.getAsJsonArray("left_children").set(0, new com.google.gson.JsonPrimitive(0)), // cycle to the root
                tree -> tree.getAsJsonArray("left_children").set(0, new com.google.gson.JsonPrimitive(999)),
                tree -> tree.getAsJsonArray("right_children").set(0, new com.google.gson.JsonPrimitive(-1)),
                tree -> tree.getAsJsonArray("split_conditions").remove(0),
                tree -> tree.getAsJsonObject("tree_param").addProperty("num_nodes", "100000"));
        String[] expected = {"split_indices[0]: feature 1000000 outside", "reached twice", "outside 0..", "only one child",
                "split_conditions:", "values, expected 100000"};
        for (int i = 0; i < tampers.size(); i++) {
            JsonObject o = copy("XGBoost");
            JsonObject tree = o.getAsJsonObject("classifier").getAsJsonObject("xgboost_model").getAsJsonObject("learner")
                    .getAsJsonObject("gradient_booster").getAsJsonObject("model").getAsJsonArray("trees").get(0).getAsJsonObject();
            tampers.get(i).accept(tree);
            String m = fails(o, dir);
            assertTrue(m.contains("classifier.xgboost_model.learner.gradient_booster.model.trees[0]"), m);
            assertTrue(m.contains(expected[i]), i + ": " + m);
        }
    }

    @Test
    void xgboostFieldsOfTheWrongTypeOrVersion(@TempDir Path dir) {
        JsonObject o = copy("XGBoost");
        JsonObject x = o.getAsJsonObject("classifier").getAsJsonObject("xgboost_model");
        x.getAsJsonObject("learner").addProperty("feature_names", "a"); // a string where XGBoost casts to an array
        assertTrue(fails(o, dir).contains("learner.feature_names: must be an array"), fails(o, dir));
        JsonObject v = copy("XGBoost");
        v.getAsJsonObject("classifier").getAsJsonObject("xgboost_model").getAsJsonArray("version").set(0, new com.google.gson.JsonPrimitive(0));
        assertTrue(fails(v, dir).contains("xgboost_model.version: must be"), fails(v, dir));
        JsonObject extra = copy("XGBoost");
        extra.getAsJsonObject("classifier").getAsJsonObject("xgboost_model").getAsJsonObject("learner").addProperty("extra", 1);
        assertTrue(fails(extra, dir).contains("must have exactly the fields"), fails(extra, dir));
    }

    @Test
    void tamperedLightGbmTreesNeverReachNativeCode(@TempDir Path dir) {
        String text = copy("LightGBM").getAsJsonObject("classifier").get("lightgbm_model").getAsString();
        String[][] tampers = {
                {"split_feature=", "split_feature=7 "},       // feature out of range (and wrong count)
                {"left_child=", "left_child=0 "},             // cycle / wrong count
                {"max_feature_idx=2", "max_feature_idx=9"},
                {"num_cat=0", "num_cat=1"},
                {"split_gain=", "split_gain=1 "},             // an extra value: LightGBM aborted the JVM on this one
                {"\nleaf_weight=", "\n\nleaf_weight="},     // a blank line inside a tree
                {"\nshrinkage=", "\nunknown_key=1\nshrinkage="},
                {"leaf_count=", "leaf_count=1.5 "},
                {"objective=binary sigmoid:1", "objective=nonsense"}, // a null objective crashed LightGBM
                {"end of parameters", "end of parameters\nsomething else"},
        };
        for (String[] t : tampers) {
            JsonObject o = copy("LightGBM");
            o.getAsJsonObject("classifier").addProperty("lightgbm_model", text.replaceFirst(t[0], t[1]));
            String m = fails(o, dir);
            assertTrue(m.contains("classifier.lightgbm_model"), m);
        }
        JsonObject sizes = copy("LightGBM");
        sizes.getAsJsonObject("classifier").addProperty("lightgbm_model", text.replaceFirst("tree_sizes=(\\d+)", "tree_sizes=1$1"));
        assertTrue(fails(sizes, dir).contains("tree_sizes"));
    }

    @Test
    void tamperedSpineRadTrees(@TempDir Path dir) {
        JsonObject o = copy("RF");
        JsonObject tree = o.getAsJsonObject("classifier").getAsJsonArray("trees").get(0).getAsJsonObject();
        JsonArray f = tree.getAsJsonArray("feature");
        f.set(0, new com.google.gson.JsonPrimitive(3));
        assertTrue(fails(o, dir).contains("trees[0].feature[0]: feature index 3 outside 0..2"));
        JsonObject c = copy("RF");
        JsonObject t2 = c.getAsJsonObject("classifier").getAsJsonArray("trees").get(0).getAsJsonObject();
        t2.getAsJsonArray("left").set(0, new com.google.gson.JsonPrimitive(0));
        assertTrue(fails(c, dir).contains("reached twice"));
    }

    @Test
    void notAModel(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("model.json");
        Files.writeString(f, "[1, 2]");
        assertTrue(assertThrows(SpineRadException.class, () -> RiskModel.load(f)).getMessage().contains("not an object"));
        Files.writeString(f, "{\"format\": \"spinerad-risk-model\", \"threshold\": ");
        assertTrue(assertThrows(SpineRadException.class, () -> RiskModel.load(f)).getMessage().contains("not a valid JSON"));
        Files.writeString(f, "[".repeat(100_000));
        assertTrue(assertThrows(SpineRadException.class, () -> RiskModel.load(f)).getMessage().contains("not a valid JSON"));
        JsonObject o = JsonParser.parseString("{\"format\": \"other\"}").getAsJsonObject();
        assertTrue(fails(o, dir).contains("not a SpineRad risk model"));
    }
}
