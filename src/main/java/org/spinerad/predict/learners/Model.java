package org.spinerad.predict.learners;

import com.google.gson.JsonObject;

/** A fitted binary classifier: probability of class 1 per row. Its state is plain data (JSON), never serialised objects. */
public interface Model {
    /** Learner name that made it, e.g. "LR", "SVM_RBF". */
    String learner();

    double[] predictProba(double[][] x);

    JsonObject toJson();
}
