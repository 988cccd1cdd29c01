package org.spinerad.predict.analysis;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.spinerad.predict.learners.Model;
import org.spinerad.predict.learners.XGBoostModel;
import org.spinerad.predict.selection.Steps;
import org.spinerad.util.SpineRadException;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a risk model file against its schema before any part of it is used: field types, array lengths that
 * agree from step to step and with the classifier, finite numbers (a threshold in [0, 1]), and tree structures (node
 * indices in range, every node reached once from the root, so no cycles or shared subtrees, feature indices below
 * the input width) for SpineRad's own trees and for the XGBoost and LightGBM models before native code sees them.
 * Errors name the JSON path: {@code model file: classifier.xgboost_model...trees[3].left_children[5]: ...}.
 */
final class ModelFileSchema {
    private ModelFileSchema() {}

    static void validate(JsonObject root) {
        JsonElement format = root.get("format");
        if (format == null || !format.isJsonPrimitive() || !RiskModel.FORMAT.equals(format.getAsString()))
            throw new SpineRadException("not a SpineRad risk model (format must be '" + RiskModel.FORMAT + "')");
        risk(root, "");
    }

    private static SpineRadException bad(String path, String reason) {
        return new SpineRadException("model file: " + (path.isEmpty() ? "" : path + ": ") + reason);
    }

    private static void risk(JsonObject o, String path) {
        if (o.has("signatures")) eachObject(o, "signatures", path, (s, p) -> {
            string(s, "name", p);
            risk(s, p);
        });
        if (o.has("clinical_encoding")) eachObject(o, "clinical_encoding", path, (v, p) -> {
            string(v, "column", p);
            if (v.has("levels")) strings(v, "levels", p);
        });
        int[] width = {-1};
        eachObject(o, "steps", path, (s, p) -> width[0] = step(s, width[0], p));
        classifier(object(require(o, "classifier", path), at(path, "classifier")), Math.max(width[0], 0), at(path, "classifier"));
        double threshold = number(o, "threshold", path);
        if (threshold < 0 || threshold > 1) throw bad(at(path, "threshold"), "must be within [0, 1], got " + threshold);
    }

    /** Checks one step whose input has {@code width} columns (-1: the first step) and returns its output width. */
    private static int step(JsonObject s, int width, String path) {
        String kind = string(s, "kind", path);
        if (!Steps.KINDS.contains(kind)) throw bad(at(path, "kind"), "unknown step kind '" + kind + "'");
        int in = strings(s, "features", path).size();
        if (width >= 0 && in != width) throw bad(at(path, "features"), in + " inputs but the previous step gives " + width);
        return switch (kind) {
            case "robust", "zscore", "impute_median", "impute_mean" -> {
                finite(s, "fill", in, path);
                finite(s, "center", in, path);
                double[] scale = finite(s, "scale", in, path);
                for (int j = 0; j < scale.length; j++) if (scale[j] == 0) throw bad(at(path, "scale") + "[" + j + "]", "is 0");
                yield in;
            }
            case "f_test", "correlation_filter", "lasso", "drop_constant", "icc_filter" -> {
                List<String> features = strings(s, "features", path), kept = strings(s, "kept", path);
                for (String k : kept) if (!features.contains(k)) throw bad(at(path, "kept"), "'" + k + "' is not among the step's features");
                if (s.has("scores")) for (var e : object(s.get("scores"), at(path, "scores")).entrySet())
                    if (!e.getValue().isJsonNull()) number(e.getValue(), at(path, "scores") + "." + e.getKey());
                yield kept.size();
            }
            case "pca" -> {
                finite(s, "mean", in, path);
                double[][] c = matrix(s, "components", -1, in, path);
                finite(s, "explained_variance_ratio", c.length, path);
                yield c.length;
            }
            default -> throw bad(at(path, "kind"), "unknown step kind '" + kind + "'");
        };
    }

    private static void classifier(JsonObject c, int width, String path) {
        String kind = string(c, "kind", path);
        switch (kind) {
            case "logistic" -> {
                string(c, "learner", path);
                number(c, "intercept", path);
                finite(c, "coef", width, path);
            }
            case "gaussian_nb" -> {
                double[] prior = finite(c, "prior", -1, path);
                matrix(c, "mean", prior.length, width, path);
                double[][] var = matrix(c, "var", prior.length, width, path);
                for (double[] row : var) for (double v : row) if (!(v > 0)) throw bad(at(path, "var"), "variances must be > 0");
            }
            case "tree_ensemble" -> {
                string(c, "learner", path);
                string(c, "link", path);
                number(c, "base", path);
                int features = (int) integer(c, "features", path);
                if (features != width) throw bad(at(path, "features"), features + " but the steps give " + width + " inputs");
                finite(c, "weights", array(c, "trees", path).size(), path);
                eachObject(c, "trees", path, (t, p) -> spineRadTree(t, width, p));
            }
            case "svm" -> {
                string(c, "learner", path);
                String kernel = string(c, "kernel", path);
                if (!List.of("linear", "poly", "sigmoid", "rbf").contains(kernel)) throw bad(at(path, "kernel"), "unknown kernel '" + kernel + "'");
                for (String k : new String[]{"gamma", "coef0", "degree", "intercept", "platt_a", "platt_b"}) number(c, k, path);
                double[][] sv = matrix(c, "support_vectors", -1, width, path);
                finite(c, "dual_weights", sv.length, path);
            }
            case "mlp" -> {
                double[][] w1 = matrix(c, "w1", -1, width, path);
                finite(c, "b1", w1.length, path);
                finite(c, "w2", w1.length, path);
                number(c, "b2", path);
            }
            case "xgboost" -> XgboostSchema.validate(object(require(c, "xgboost_model", path), at(path, "xgboost_model")), width,
                    at(path, "xgboost_model"));
            case "lightgbm" -> LightGbmSchema.validate(string(c, "lightgbm_model", path), width, at(path, "lightgbm_model"));
            case "recalibrated" -> {
                String method = string(c, "method", path);
                if (method.equals("platt")) {
                    number(c, "a", path);
                    number(c, "b", path);
                } else if (method.equals("isotonic")) {
                    double[] x = finite(c, "x", -1, path), y = finite(c, "y", x.length, path);
                    if (x.length == 0) throw bad(at(path, "x"), "an isotonic map needs at least one point");
                    for (int i = 0; i < x.length; i++) {
                        if (i > 0 && !(x[i] >= x[i - 1])) throw bad(at(path, "x"), "must be non-decreasing");
                        if (!(y[i] >= 0 && y[i] <= 1)) throw bad(at(path, "y"), "probabilities must lie in [0, 1]");
                    }
                } else throw bad(at(path, "method"), "unknown recalibration method '" + method + "'");
                classifier(object(require(c, "model", path), at(path, "model")), width, at(path, "model"));
            }
            default -> throw bad(at(path, "kind"), "unknown classifier kind '" + kind + "'");
        }
    }

    /** SpineRad's own tree: internal nodes (feature >= 0) have children after them, leaves have feature -1. */
    private static void spineRadTree(JsonObject t, int width, String path) {
        long[] feature = integers(t, "feature", -1, path);
        int n = feature.length;
        if (n == 0) throw bad(at(path, "feature"), "a tree needs at least one node");
        long[] left = integers(t, "left", n, path), right = integers(t, "right", n, path);
        finite(t, "threshold", n, path);
        finite(t, "value", n, path);
        int[] l = new int[n], r = new int[n];
        for (int i = 0; i < n; i++) {
            if (feature[i] >= width || feature[i] < -2) throw bad(at(path, "feature") + "[" + i + "]", "feature index " + feature[i] + " outside 0.." + (width - 1));
            boolean leaf = feature[i] < 0;
            l[i] = leaf ? -1 : (int) Math.max(Math.min(left[i], Integer.MAX_VALUE), -2);
            r[i] = leaf ? -1 : (int) Math.max(Math.min(right[i], Integer.MAX_VALUE), -2);
        }
        reachOnce(l, r, path);
    }

    /**
     * Every node is reached exactly once from node 0 following the children ({@code -1} = none): children in range,
     * no cycles, no shared subtrees, no orphans.
     */
    static void reachOnce(int[] left, int[] right, String path) {
        int n = left.length;
        boolean[] seen = new boolean[n];
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        todo.push(0);
        seen[0] = true;
        int reached = 1;
        while (!todo.isEmpty()) {
            int i = todo.pop();
            if ((left[i] < 0) != (right[i] < 0)) throw bad(path, "node " + i + " has only one child");
            for (int c : new int[]{left[i], right[i]}) {
                if (c < 0) continue;
                if (c >= n) throw bad(path, "node " + i + " has child " + c + " outside 0.." + (n - 1));
                if (seen[c]) throw bad(path, "node " + c + " is reached twice (cycle or shared subtree, via node " + i + ")");
                seen[c] = true;
                reached++;
                todo.push(c);
            }
        }
        if (reached != n) throw bad(path, (n - reached) + " node(s) are not reachable from the root");
    }

    // ---- typed access with JSON paths ----

    static String at(String path, String key) { return path.isEmpty() ? key : path + "." + key; }

    static JsonElement require(JsonObject o, String key, String path) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) throw bad(at(path, key), "is missing");
        return e;
    }

    /** Runs {@code check} on each element of an array of objects, with its path ({@code key[i]}). */
    static void eachObject(JsonObject o, String key, String path, java.util.function.BiConsumer<JsonObject, String> check) {
        JsonArray a = array(o, key, path);
        for (int i = 0; i < a.size(); i++) {
            String p = at(path, key) + "[" + i + "]";
            check.accept(object(a.get(i), p), p);
        }
    }

    static JsonObject object(JsonElement e, String path) {
        if (e == null || !e.isJsonObject()) throw bad(path, "must be a JSON object");
        return e.getAsJsonObject();
    }

    static JsonArray array(JsonObject o, String key, String path) {
        JsonElement e = require(o, key, path);
        if (!e.isJsonArray()) throw bad(at(path, key), "must be an array");
        return e.getAsJsonArray();
    }

    static String string(JsonObject o, String key, String path) {
        JsonElement e = require(o, key, path);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw bad(at(path, key), "must be a string");
        return e.getAsString();
    }

    static List<String> strings(JsonObject o, String key, String path) {
        JsonArray a = array(o, key, path);
        String[] out = new String[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement e = a.get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw bad(at(path, key) + "[" + i + "]", "must be a string");
            out[i] = e.getAsString();
        }
        return List.of(out);
    }

    static double number(JsonObject o, String key, String path) {
        return number(require(o, key, path), at(path, key));
    }

    static double number(JsonElement e, String path) {
        if (e != null && e.isJsonPrimitive() && e.getAsString().matches("[+-]?(NaN|Infinity)"))
            throw bad(path, "must be finite, got " + e.getAsString()); // lenient JSON literals
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw bad(path, "must be a number");
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) throw bad(path, "must be finite, got " + v);
        return v;
    }

    static long integer(JsonObject o, String key, String path) {
        return integer(require(o, key, path), at(path, key));
    }

    static long integer(JsonElement e, String path) {
        double v = number(e, path);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw bad(path, "must be an integer, got " + v);
        return (long) v;
    }

    /** A numeric array of finite values with {@code length} entries (-1: any length). */
    static double[] finite(JsonObject o, String key, int length, String path) {
        JsonArray a = array(o, key, path);
        if (length >= 0 && a.size() != length) throw bad(at(path, key), a.size() + " values, expected " + length);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = number(a.get(i), at(path, key) + "[" + i + "]");
        return out;
    }

    static long[] integers(JsonObject o, String key, int length, String path) {
        JsonArray a = array(o, key, path);
        if (length >= 0 && a.size() != length) throw bad(at(path, key), a.size() + " values, expected " + length);
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = integer(a.get(i), at(path, key) + "[" + i + "]");
        return out;
    }

    /** A rows x cols matrix of finite numbers (-1: any number of rows). */
    static double[][] matrix(JsonObject o, String key, int rows, int cols, String path) {
        JsonArray a = array(o, key, path);
        if (rows >= 0 && a.size() != rows) throw bad(at(path, key), a.size() + " rows, expected " + rows);
        double[][] m = new double[a.size()][];
        for (int i = 0; i < m.length; i++) {
            JsonElement row = a.get(i);
            if (!row.isJsonArray()) throw bad(at(path, key) + "[" + i + "]", "must be an array");
            JsonObject wrap = new JsonObject();
            wrap.add("r", row);
            m[i] = finite(wrap, "r", cols, at(path, key) + "[" + i + "]");
        }
        return m;
    }

    /** XGBoost's JSON model (gbtree, binary:logistic, numerical splits only). */
    static final class XgboostSchema {
        private XgboostSchema() {}

        private static JsonElement template;
        /** String fields whose values differ from model to model (each checked below); all others must be as written. */
        private static final Set<String> VARIABLE_STRINGS = Set.of("base_score", "num_feature", "num_nodes", "num_trees");

        /** The JSON shape this XGBoost library writes, from a one-tree model trained on four rows (cached). */
        private static synchronized JsonElement template() {
            if (template == null) {
                double[][] x = {{0}, {1}, {2}, {3}};
                Model m = XGBoostModel.LEARNER.fit(x, new int[]{0, 0, 1, 1}, Map.of("n_estimators", 1.0, "max_depth", 1.0), 1);
                template = m.toJson().get("xgboost_model");
            }
            return template;
        }

        /**
         * Same keys and JSON types as the library's own output, recursively (array elements like the template's first
         * one; arrays empty in the template must be empty): XGBoost's loader casts fields without checking and crashed
         * on a string where it expected an array.
         */
        private static void sameShape(JsonElement want, JsonElement have, String path) {
            if (want.isJsonObject()) {
                if (!have.isJsonObject()) throw bad(path, "must be a JSON object");
                Set<String> keys = want.getAsJsonObject().keySet();
                if (!have.getAsJsonObject().keySet().equals(keys))
                    throw bad(path, "must have exactly the fields " + keys + ", has " + have.getAsJsonObject().keySet());
                for (String k : keys) sameShape(want.getAsJsonObject().get(k), have.getAsJsonObject().get(k), at(path, k));
                return;
            } else if (want.isJsonArray()) {
                if (!have.isJsonArray()) throw bad(path, "must be an array");
                JsonArray w = want.getAsJsonArray(), h = have.getAsJsonArray();
                if (w.isEmpty() && !h.isEmpty()) throw bad(path, "must be empty");
                if (path.endsWith(".version") && !w.equals(h)) throw bad(path, "must be " + w + " (as this XGBoost writes it), got " + h);
                for (int i = 0; i < h.size(); i++) sameShape(w.get(0), h.get(i), path + "[" + i + "]");
            } else if (want.isJsonPrimitive()) {
                var wp = want.getAsJsonPrimitive();
                if (!have.isJsonPrimitive() || have.getAsJsonPrimitive().isString() != wp.isString()
                        || have.getAsJsonPrimitive().isNumber() != wp.isNumber() || have.getAsJsonPrimitive().isBoolean() != wp.isBoolean())
                    throw bad(path, "must be a " + (wp.isString() ? "string" : wp.isNumber() ? "number" : "boolean"));
                String key = path.substring(path.lastIndexOf('.') + 1);
                boolean fixed = wp.isString() && !VARIABLE_STRINGS.contains(key);
                if (fixed && !wp.equals(have.getAsJsonPrimitive())) // format version, objective, booster settings
                    throw bad(path, "must be " + wp + " (as this XGBoost writes it), got " + have);
                if (key.equals("base_score") && !have.getAsString().matches(wp.getAsString().startsWith("[")
                        ? "\\[-?[0-9.]+([eE][-+]?\\d{1,3})?\\]" : "-?[0-9.]+([eE][-+]?\\d{1,3})?"))
                    throw bad(path, "must be a number written as " + wp);
            } else if (!have.isJsonNull()) {
                throw bad(path, "must be null");
            }
        }

        static void validate(JsonObject m, int width, String path) {
            sameShape(template(), m, path);
            String lp = at(path, "learner");
            JsonObject learner = object(require(m, "learner", path), lp);
            JsonObject param = object(require(learner, "learner_model_param", lp), at(lp, "learner_model_param"));
            String pp = at(lp, "learner_model_param");
            long numFeature = stringInt(param, "num_feature", pp);
            if (numFeature != width) throw bad(at(pp, "num_feature"), numFeature + " but the steps give " + width + " inputs");
            if (param.has("num_class") && stringInt(param, "num_class", pp) > 1) throw bad(at(pp, "num_class"), "only binary models are supported");
            String base = string(param, "base_score", pp).replace("[", "").replace("]", "");
            try {
                if (!Double.isFinite(Double.parseDouble(base))) throw bad(at(pp, "base_score"), "must be finite");
            } catch (NumberFormatException e) {
                throw bad(at(pp, "base_score"), "must be a number");
            }
            JsonObject objective = object(require(learner, "objective", lp), at(lp, "objective"));
            String obj = string(objective, "name", at(lp, "objective"));
            if (!obj.equals("binary:logistic")) throw bad(at(lp, "objective.name"), "'" + obj + "' (expected binary:logistic)");
            String gp = at(lp, "gradient_booster");
            JsonObject booster = object(require(learner, "gradient_booster", lp), gp);
            String name = string(booster, "name", gp);
            if (!name.equals("gbtree")) throw bad(at(gp, "name"), "'" + name + "' (expected gbtree)");
            String mp = at(gp, "model");
            JsonObject model = object(require(booster, "model", gp), mp);
            JsonArray trees = array(model, "trees", mp);
            JsonObject gparam = object(require(model, "gbtree_model_param", mp), at(mp, "gbtree_model_param"));
            long numTrees = stringInt(gparam, "num_trees", at(mp, "gbtree_model_param"));
            if (numTrees != trees.size()) throw bad(at(mp, "gbtree_model_param.num_trees"), numTrees + " but " + trees.size() + " trees");
            long[] info = integers(model, "tree_info", trees.size(), mp);
            for (long v : info) if (v != 0) throw bad(at(mp, "tree_info"), "only one output group is supported");
            if (model.has("iteration_indptr")) {
                long[] ptr = integers(model, "iteration_indptr", -1, mp);
                for (int i = 0; i < ptr.length; i++)
                    if (ptr[i] < 0 || ptr[i] > trees.size() || i > 0 && ptr[i] < ptr[i - 1] || i == 0 && ptr[i] != 0)
                        throw bad(at(mp, "iteration_indptr") + "[" + i + "]", "not an increasing index into the " + trees.size() + " trees");
                if (ptr.length > 0 && ptr[ptr.length - 1] != trees.size())
                    throw bad(at(mp, "iteration_indptr"), "must end at " + trees.size());
            }
            int[] id = {0};
            eachObject(model, "trees", mp, (t, p) -> tree(t, id[0]++, width, p));
        }

        private static void tree(JsonObject t, int id, int width, String path) {
            if (integer(t, "id", path) != id) throw bad(at(path, "id"), "must be " + id);
            JsonObject tp = object(require(t, "tree_param", path), at(path, "tree_param"));
            long n = stringInt(tp, "num_nodes", at(path, "tree_param"));
            if (n < 1 || n > 1 << 24) throw bad(at(path, "tree_param.num_nodes"), "must be within 1..2^24, got " + n);
            if (stringInt(tp, "num_feature", at(path, "tree_param")) != width)
                throw bad(at(path, "tree_param.num_feature"), "must be " + width);
            long leafVector = stringInt(tp, "size_leaf_vector", at(path, "tree_param"));
            if (leafVector > 1) throw bad(at(path, "tree_param.size_leaf_vector"), "vector leaves are not supported");
            if (tp.has("num_deleted") && stringInt(tp, "num_deleted", at(path, "tree_param")) != 0)
                throw bad(at(path, "tree_param.num_deleted"), "must be 0");
            int nodes = (int) n;
            long[] left = integers(t, "left_children", nodes, path), right = integers(t, "right_children", nodes, path);
            long[] parents = integers(t, "parents", nodes, path), split = integers(t, "split_indices", nodes, path);
            integers(t, "default_left", nodes, path);
            finite(t, "split_conditions", nodes, path);
            finite(t, "base_weights", nodes, path);
            if (t.has("loss_changes")) finite(t, "loss_changes", nodes, path);
            if (t.has("sum_hessian")) finite(t, "sum_hessian", nodes, path);
            if (t.has("split_type")) for (long v : integers(t, "split_type", nodes, path))
                if (v != 0) throw bad(at(path, "split_type"), "categorical splits are not supported");
            if (t.has("categories") && !array(t, "categories", path).isEmpty())
                throw bad(at(path, "categories"), "categorical splits are not supported");
            int[] l = new int[nodes], r = new int[nodes];
            for (int i = 0; i < nodes; i++) {
                l[i] = (int) Math.max(left[i], -2);
                r[i] = (int) Math.max(right[i], -2);
                if (left[i] < -1 || right[i] < -1) throw bad(at(path, "left_children") + "[" + i + "]", "child index below -1");
                if (l[i] >= 0 && (split[i] < 0 || split[i] >= width))
                    throw bad(at(path, "split_indices") + "[" + i + "]", "feature " + split[i] + " outside 0.." + (width - 1));
            }
            reachOnce(l, r, path);
            for (int i = 0; i < nodes; i++)
                for (int c : new int[]{l[i], r[i]})
                    if (c >= 0 && parents[c] != i) throw bad(at(path, "parents") + "[" + c + "]", "must be " + i);
        }

        /** XGBoost writes integer parameters as strings ("7"). */
        private static long stringInt(JsonObject o, String key, String path) {
            String s = string(o, key, path);
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw bad(at(path, key), "must be an integer, got '" + s + "'");
            }
        }
    }

    /** LightGBM's text model (binary, numerical splits, no linear trees). */
    static final class LightGbmSchema {
        private LightGbmSchema() {}

        static void validate(String text, int width, String path) {
            int treesStart = text.indexOf("\nTree=");
            int end = text.indexOf("\nend of trees");
            if (treesStart < 0 || end < treesStart) throw bad(path, "no 'Tree=' blocks ending with 'end of trees'");
            Map<String, String> header = header(text.substring(0, treesStart), path);
            tail(text.substring(end + "\nend of trees".length()), path);
            if (!"1".equals(header.get("num_class"))) throw bad(path + " num_class", "must be 1");
            if (!"1".equals(header.get("num_tree_per_iteration"))) throw bad(path + " num_tree_per_iteration", "must be 1");
            long maxFeature = parseLong(header.get("max_feature_idx"), path + " max_feature_idx");
            if (maxFeature + 1 != width) throw bad(path + " max_feature_idx", maxFeature + " but the steps give " + width + " inputs");
            List<String> trees = java.util.Arrays.stream(text.substring(treesStart + 1, end + 1).split("(?m)(?=^Tree=)"))
                    .filter(b -> !b.isEmpty()).toList();
            if (trees.isEmpty()) throw bad(path, "no trees");
            for (String key : new String[]{"feature_names", "feature_infos", "monotone_constraints"})
                if (header.containsKey(key) && !header.get(key).isEmpty() && header.get(key).split(" ", -1).length != width)
                    throw bad(path + " " + key, "must have " + width + " entries separated by single spaces");
            if (!header.containsKey("tree_sizes")) throw bad(path + " tree_sizes", "is missing");
            {
                String[] sizes = header.get("tree_sizes").split(" ", -1);
                if (sizes.length != trees.size()) throw bad(path + " tree_sizes", sizes.length + " sizes for " + trees.size() + " trees");
                for (int i = 0; i < sizes.length; i++)
                    if (parseLong(sizes[i], path + " tree_sizes") != trees.get(i).length())
                        throw bad(path + " tree_sizes", "size of tree " + i + " is " + sizes[i] + " but its text has " + trees.get(i).length() + " characters");
            }
            for (int i = 0; i < trees.size(); i++) tree(trees.get(i), i, width, path + " Tree=" + i);
        }

        /** Arrays of a tree block with one entry per internal node, and with one per leaf; the scalar fields. */
        private static final Set<String> PER_NODE = Set.of("split_feature", "split_gain", "threshold", "decision_type",
                "left_child", "right_child", "internal_value", "internal_weight", "internal_count"),
                PER_LEAF = Set.of("leaf_value", "leaf_weight", "leaf_count"),
                SCALARS = Set.of("Tree", "num_leaves", "num_cat", "is_linear", "shrinkage");

        /**
         * A tree block exactly as LightGBM parses it (inside a parallel loop, where a failed check aborts the process):
         * known keys only, each once, arrays with one entry per internal node or leaf separated by single spaces,
         * finite numbers, no blank line before the block's end.
         */
        private static void tree(String block, int id, int width, String path) {
            String body = block.replaceAll("\n+$", "");
            if (body.contains("\n\n") || body.indexOf('\r') >= 0) throw bad(path, "blank line or carriage return inside the tree");
            Map<String, String> f = new LinkedHashMap<>();
            for (String line : body.split("\n")) {
                int eq = line.indexOf('=');
                String key = eq > 0 ? line.substring(0, eq) : line;
                if (eq <= 0 || !(PER_NODE.contains(key) || PER_LEAF.contains(key) || SCALARS.contains(key)))
                    throw bad(path, "unexpected line '" + abbreviate(line) + "'");
                if (f.put(key, line.substring(eq + 1)) != null) throw bad(path + " " + key, "appears twice");
            }
            if (parseLong(f.get("Tree"), path) != id) throw bad(path, "trees must be numbered 0, 1, ...");
            long leaves = parseLong(f.get("num_leaves"), path + " num_leaves");
            if (leaves < 1 || leaves > 1 << 20) throw bad(path + " num_leaves", "must be within 1..2^20, got " + leaves);
            if (parseLong(f.get("num_cat"), path + " num_cat") != 0) throw bad(path + " num_cat", "categorical splits are not supported");
            if (!"0".equals(f.getOrDefault("is_linear", "0"))) throw bad(path + " is_linear", "linear trees are not supported");
            if (f.containsKey("shrinkage") && !Double.isFinite(parseDouble(f.get("shrinkage"), path + " shrinkage")))
                throw bad(path + " shrinkage", "must be finite");
            int n = (int) leaves;
            Map<String, double[]> arrays = new LinkedHashMap<>();
            for (var e : f.entrySet()) {
                if (SCALARS.contains(e.getKey())) continue;
                int count = PER_LEAF.contains(e.getKey()) ? n : n - 1;
                arrays.put(e.getKey(), doubles(e.getValue(), count, INTEGER_ARRAYS.contains(e.getKey()), path + " " + e.getKey()));
            }
            for (String key : new String[]{"leaf_value", "split_feature", "threshold", "decision_type", "left_child", "right_child"})
                if (!arrays.containsKey(key)) throw bad(path + " " + key, "is missing");
            if (n == 1) return;
            double[] feature = arrays.get("split_feature"), decision = arrays.get("decision_type");
            double[] left = arrays.get("left_child"), right = arrays.get("right_child");
            // internal nodes 0..n-2, leaves n-1..2n-2 (a child c < 0 is leaf ~c)
            int[] l = new int[2 * n - 1], r = new int[2 * n - 1];
            java.util.Arrays.fill(l, -1);
            java.util.Arrays.fill(r, -1);
            for (int i = 0; i < n - 1; i++) {
                if (feature[i] < 0 || feature[i] >= width)
                    throw bad(path + " split_feature", "feature " + feature[i] + " outside 0.." + (width - 1));
                if (((long) decision[i] & 1) != 0 || decision[i] < 0 || decision[i] > 15)
                    throw bad(path + " decision_type", "only numerical splits are supported");
                l[i] = node(left[i], n, path);
                r[i] = node(right[i], n, path);
            }
            reachOnce(l, r, path);
        }

        private static final Set<String> INTEGER_ARRAYS = Set.of("split_feature", "decision_type", "left_child", "right_child",
                "leaf_count", "internal_count");
        private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?\\d{1,9}"),
                DECIMAL = java.util.regex.Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,3})?");

        /** Plain decimal numbers separated by single spaces (as LightGBM splits them), exactly {@code count} of them. */
        private static double[] doubles(String value, int count, boolean integers, String path) {
            String[] parts = value.isEmpty() ? new String[0] : value.split(" ", -1);
            if (parts.length != count) throw bad(path, parts.length + " values, expected " + count);
            double[] out = new double[count];
            for (int i = 0; i < count; i++) {
                if (!(integers ? INTEGER : DECIMAL).matcher(parts[i]).matches() || !Double.isFinite(out[i] = Double.parseDouble(parts[i])))
                    throw bad(path, "value " + (i + 1) + " '" + abbreviate(parts[i]) + "' is not a finite " + (integers ? "integer" : "number"));
            }
            return out;
        }

        private static String abbreviate(String s) {
            return s.length() <= 40 ? s : s.substring(0, 37) + "...";
        }

        private static int node(double child, int leaves, String path) {
            if (child != Math.rint(child) || child >= leaves - 1 || child < -leaves)
                throw bad(path, "child " + child + " outside the tree's " + (leaves - 1) + " nodes and " + leaves + " leaves");
            return child >= 0 ? (int) child : leaves - 1 + (int) ~(long) child;
        }

        /** Header lines LightGBM reads (an unknown objective made it dereference a null pointer): exact forms only. */
        private static final Map<String, java.util.regex.Pattern> HEADER = Map.of(
                "version", java.util.regex.Pattern.compile("v\\d{1,3}"),
                "num_class", java.util.regex.Pattern.compile("1"),
                "num_tree_per_iteration", java.util.regex.Pattern.compile("1"),
                "label_index", java.util.regex.Pattern.compile("\\d{1,9}"),
                "max_feature_idx", java.util.regex.Pattern.compile("\\d{1,9}"),
                "objective", java.util.regex.Pattern.compile("binary sigmoid:\\d{1,3}(\\.\\d{1,17})?"),
                "feature_names", java.util.regex.Pattern.compile("[^ \\n]+( [^ \\n]+)*"),
                "feature_infos", java.util.regex.Pattern.compile("(none|\\[[-+.eE0-9]+:[-+.eE0-9]+\\])( (none|\\[[-+.eE0-9]+:[-+.eE0-9]+\\]))*"),
                "tree_sizes", java.util.regex.Pattern.compile("\\d{1,9}( \\d{1,9})*"));

        private static Map<String, String> header(String text, String path) {
            List<String> lines = List.of(text.split("\n", -1));
            if (!lines.get(0).equals("tree")) throw bad(path, "must start with the line 'tree'");
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isEmpty() || line.equals("average_output")) continue;
                int eq = line.indexOf('=');
                String key = eq > 0 ? line.substring(0, eq) : line;
                java.util.regex.Pattern form = HEADER.get(key);
                if (form == null || !form.matcher(line.substring(eq + 1)).matches())
                    throw bad(path, "unexpected header line '" + abbreviate(line) + "'");
                if (out.put(key, line.substring(eq + 1)) != null) throw bad(path + " " + key, "appears twice");
            }
            for (String key : new String[]{"objective", "max_feature_idx", "num_class", "num_tree_per_iteration"})
                if (!out.containsKey(key)) throw bad(path + " " + key, "is missing");
            return out;
        }

        private static final java.util.regex.Pattern TAIL_LINE = java.util.regex.Pattern.compile(
                "|feature_importances:|[^=\\s]+=\\d{1,9}|parameters:|\\[[a-z0-9_]+: [^\\]\\n]*\\]|end of parameters|pandas_categorical:.*");

        /** What follows the trees (importances, parameters): known line forms only. */
        private static void tail(String text, String path) {
            for (String line : text.split("\n", -1))
                if (!TAIL_LINE.matcher(line).matches()) throw bad(path, "unexpected line after the trees '" + abbreviate(line) + "'");
        }

        private static long parseLong(String s, String path) {
            try {
                return Long.parseLong(s == null ? "" : s.trim());
            } catch (NumberFormatException e) {
                throw bad(path, "must be an integer, got '" + s + "'");
            }
        }

        private static double parseDouble(String s, String path) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw bad(path, "'" + s + "' is not a number");
            }
        }
    }
}
