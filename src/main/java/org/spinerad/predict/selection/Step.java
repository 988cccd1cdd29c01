package org.spinerad.predict.selection;

import com.google.gson.JsonObject;
import org.spinerad.predict.FeatureTable;

/**
 * One fitted preprocessing or selection step. Steps are fitted on training rows only and then applied unchanged to
 * validation, test and new patients; their state is plain data so a model file can hold it (JSON, never serialisation).
 */
public interface Step {
    /** Stable identifier used in model files, e.g. "robust_scaler". */
    String kind();

    /** Feature names the step expects on input. */
    java.util.List<String> inputFeatures();

    /** Applies the fitted step; the input must have (at least) {@link #inputFeatures()}. */
    FeatureTable apply(FeatureTable t);

    /** The fitted state as JSON. */
    JsonObject toJson();
}
