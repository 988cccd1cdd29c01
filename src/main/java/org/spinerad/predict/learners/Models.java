package org.spinerad.predict.learners;

import com.google.gson.JsonObject;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Registry of learners and of the model readers for model files (dispatch on the JSON "kind"). */
public final class Models {
    private Models() {}

    private static final Map<String, Function<JsonObject, Model>> MODEL_READERS = new java.util.LinkedHashMap<>(Map.of(
            "logistic", LogisticModel::fromJson,
            "gaussian_nb", GaussianNaiveBayes::fromJson,
            "tree_ensemble", TreeEnsemble::fromJson,
            "xgboost", XGBoostModel::fromJson,
            "lightgbm", LightGbmModel::fromJson,
            "svm", SvmModel::fromJson,
            "mlp", MlpModel::fromJson,
            "recalibrated", Recalibrated::fromJson));

    private static final List<Learner> LEARNERS = new ArrayList<>(List.of(
            LogisticModel.LEARNER, GaussianNaiveBayes.LEARNER,
            SvmModel.learner(SvmModel.Kernel.LINEAR), SvmModel.learner(SvmModel.Kernel.POLY),
            SvmModel.learner(SvmModel.Kernel.SIGMOID), SvmModel.learner(SvmModel.Kernel.RBF),
            TreeEnsemble.DECISION_TREE, TreeEnsemble.RANDOM_FOREST, TreeEnsemble.EXTRA_TREES, XGBoostModel.LEARNER,
            TreeEnsemble.ADABOOST, LightGbmModel.LEARNER, MlpModel.LEARNER, TreeEnsemble.GBM));

    /** Every available learner, in the comparison table's order. */
    public static List<Learner> learners() { return List.copyOf(LEARNERS); }

    public static Learner learner(String name) {
        for (Learner l : LEARNERS) if (l.name().equalsIgnoreCase(name)) return l;
        throw new SpineRadException("unknown classifier '" + name + "' (available: "
                + String.join(", ", LEARNERS.stream().map(Learner::name).toList()) + ")");
    }

    /** Adds a learner and the reader of its model JSON kind. */
    public static synchronized void register(Learner learner, String kind, Function<JsonObject, Model> reader) {
        LEARNERS.add(learner);
        MODEL_READERS.put(kind, reader);
    }

    public static Model modelFromJson(JsonObject o) {
        String kind = o.has("kind") ? o.get("kind").getAsString() : "";
        Function<JsonObject, Model> r = MODEL_READERS.get(kind);
        if (r == null) throw new SpineRadException("model file: unknown classifier kind '" + kind + "'");
        return r.apply(o);
    }
}
