package org.spinerad.predict.selection;

import com.google.gson.JsonObject;
import org.spinerad.util.SpineRadException;

import java.util.Set;

/** The step kinds a model file may hold, and the reader of a fitted step from its JSON (dispatch on "kind"). */
public final class Steps {
    private Steps() {}

    public static final Set<String> KINDS = Set.of("robust", "zscore", "impute_median", "impute_mean", "f_test",
            "correlation_filter", "lasso", "drop_constant", "icc_filter", "pca");

    public static Step fromJson(JsonObject o) {
        String kind = o.has("kind") ? o.get("kind").getAsString() : "";
        return switch (kind) {
            case "robust", "zscore", "impute_median", "impute_mean" -> ColumnTransform.fromJson(o);
            case "f_test", "correlation_filter", "lasso", "drop_constant", "icc_filter" -> Selection.fromJson(o);
            case "pca" -> Pca.fromJson(o);
            default -> throw new SpineRadException("model file: unknown step kind '" + kind + "'");
        };
    }
}
