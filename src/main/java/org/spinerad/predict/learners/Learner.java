package org.spinerad.predict.learners;

import java.util.List;
import java.util.Map;

/** A classification algorithm with a hyper-parameter grid; {@link #fit} trains one {@link Model}. */
public interface Learner {
    /** Short name used in tables and model files, e.g. "LR", "GNB", "SVM_RBF", "RF", "XGBoost". */
    String name();

    /** Hyper-parameter combinations to search (a single empty map when there is nothing to tune). */
    List<Map<String, Double>> grid();

    Model fit(double[][] x, int[] y, Map<String, Double> params, long seed);

    /** The grid of {@link #product} over axes given as name, values, name, values, ... (a {@code double[]} each). */
    static List<Map<String, Double>> gridOf(Object... namesAndValues) {
        Map<String, double[]> axes = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) axes.put((String) namesAndValues[i], (double[]) namesAndValues[i + 1]);
        return product(axes);
    }

    /** Cartesian product of named value lists, in insertion order. */
    static List<Map<String, Double>> product(Map<String, double[]> axes) {
        List<Map<String, Double>> out = new java.util.ArrayList<>();
        out.add(new java.util.LinkedHashMap<>());
        for (var axis : axes.entrySet()) {
            List<Map<String, Double>> next = new java.util.ArrayList<>();
            for (Map<String, Double> base : out)
                for (double v : axis.getValue()) {
                    Map<String, Double> m = new java.util.LinkedHashMap<>(base);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            out = next;
        }
        return out;
    }
}
