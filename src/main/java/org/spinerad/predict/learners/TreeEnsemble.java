package org.spinerad.predict.learners;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.spinerad.predict.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tree models as plain data: {@code score = base + Σ weight_t · tree_t(x)}; with link "mean" the probability is
 * score / Σ weight (decision tree, random forest, extra trees average leaf class-1 fractions), with link "logistic"
 * it is sigmoid(score) (AdaBoost with ±1 leaves, gradient boosting with log-odds leaves).
 */
public final class TreeEnsemble implements Model {
    private final String learner;
    private final String link;
    private final double base;
    private final double[] weights;
    private final List<Tree> trees;
    private final int features;

    TreeEnsemble(String learner, String link, double base, double[] weights, List<Tree> trees, int features) {
        this.learner = learner;
        this.link = link;
        this.base = base;
        this.weights = weights;
        this.trees = trees;
        this.features = features;
    }

    @Override public String learner() { return learner; }

    @Override
    public double[] predictProba(double[][] x) {
        double wsum = 0;
        for (double w : weights) wsum += w;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = base;
            for (int t = 0; t < trees.size(); t++) s += weights[t] * trees.get(t).predict(x[i]);
            out[i] = link.equals("mean") ? s / wsum : 1 / (1 + Math.exp(-s));
        }
        return out;
    }

    /** Impurity-decrease importance per feature, normalised to sum 1. */
    public double[] importance() {
        double[] imp = new double[features];
        for (Tree t : trees) {
            double[] g = t.gain(features);
            for (int j = 0; j < features; j++) imp[j] += g[j];
        }
        double s = 0;
        for (double v : imp) s += v;
        if (s > 0) for (int j = 0; j < features; j++) imp[j] /= s;
        return imp;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "tree_ensemble");
        o.addProperty("learner", learner);
        o.addProperty("link", link);
        o.addProperty("base", base);
        o.addProperty("features", features);
        o.add("weights", Json.of(weights));
        JsonArray a = new JsonArray();
        trees.forEach(t -> a.add(t.toJson()));
        o.add("trees", a);
        return o;
    }

    public static TreeEnsemble fromJson(JsonObject o) {
        List<Tree> trees = new ArrayList<>();
        o.getAsJsonArray("trees").forEach(e -> trees.add(Tree.fromJson(e.getAsJsonObject())));
        return new TreeEnsemble(o.get("learner").getAsString(), o.get("link").getAsString(), o.get("base").getAsDouble(),
                Json.doubles(o, "weights"), trees, o.get("features").getAsInt());
    }

    // ---------------------------------------------------------------- learners

    static double[] targets(int[] y) {
        double[] t = new double[y.length];
        for (int i = 0; i < y.length; i++) t[i] = y[i];
        return t;
    }

    static int[] allRows(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
        return w;
    }

    static int sqrtFeatures(int p) { return Math.max(1, (int) Math.round(Math.sqrt(p))); }

    /** Averaged trees: a single CART (DT), bootstrap + √p features (RF), or all rows + √p features + random thresholds (ET). */
    static Learner averaging(String name, boolean bootstrap, boolean random, boolean single) {
        return new Learner() {
            @Override public String name() { return name; }

            @Override
            public List<Map<String, Double>> grid() {
                if (single) return Learner.gridOf("max_depth", new double[]{2, 3, 4, 6}, "min_samples_leaf", new double[]{1, 5, 10});
                return Learner.gridOf("n_estimators", new double[]{100, 300}, "max_depth", new double[]{3, 6, 0});
            }

            @Override
            public Model fit(double[][] x, int[] y, Map<String, Double> params, long seed) {
                SplittableRandom rnd = new SplittableRandom(seed);
                int n = x.length, p = x[0].length;
                int count = single ? 1 : params.getOrDefault("n_estimators", 100.0).intValue();
                Tree.Options opt = new Tree.Options(params.getOrDefault("max_depth", 0.0).intValue(),
                        params.getOrDefault("min_samples_leaf", 1.0).intValue(), single ? 0 : sqrtFeatures(p), random);
                double[] t = targets(y);
                List<Tree> trees = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    int[] rows = allRows(n);
                    if (bootstrap) for (int i = 0; i < n; i++) rows[i] = rnd.nextInt(n);
                    trees.add(Tree.grow(x, t, ones(n), rows, opt, rnd.split()));
                }
                return new TreeEnsemble(name, "mean", 0, ones(count), trees, p);
            }
        };
    }

    /** Discrete AdaBoost with decision stumps; F = Σ α_m h_m estimates half the log-odds, so p = sigmoid(2F). */
    static final Learner ADABOOST = new Learner() {
        @Override public String name() { return "AdaBoost"; }

        @Override
        public List<Map<String, Double>> grid() {
            return Learner.gridOf("n_estimators", new double[]{50, 100, 200}, "learning_rate", new double[]{0.5, 1.0});
        }

        @Override
        public Model fit(double[][] x, int[] y, Map<String, Double> params, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = x.length, m = params.getOrDefault("n_estimators", 50.0).intValue();
            double lr = params.getOrDefault("learning_rate", 1.0);
            double[] w = new double[n];
            java.util.Arrays.fill(w, 1.0 / n);
            double[] t = targets(y);
            List<Tree> trees = new ArrayList<>();
            List<Double> alphas = new ArrayList<>();
            Tree.Options stump = new Tree.Options(1, 1, 0, false);
            for (int k = 0; k < m; k++) {
                Tree tree = Tree.grow(x, t, w, allRows(n), stump, rnd.split());
                for (int i = 0; i < tree.value.length; i++) tree.value[i] = tree.value[i] >= 0.5 ? 1 : -1;
                double err = 0;
                for (int i = 0; i < n; i++) if ((tree.predict(x[i]) > 0 ? 1 : 0) != y[i]) err += w[i];
                err = Math.min(Math.max(err, 1e-10), 1 - 1e-10);
                if (err >= 0.5) break;
                double alpha = lr * 0.5 * Math.log((1 - err) / err);
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    double h = tree.predict(x[i]), yy = y[i] == 1 ? 1 : -1;
                    w[i] *= Math.exp(-alpha * yy * h);
                    sum += w[i];
                }
                for (int i = 0; i < n; i++) w[i] /= sum;
                trees.add(tree);
                alphas.add(2 * alpha);
                if (err <= 1e-10) break;
            }
            if (trees.isEmpty()) return constant("AdaBoost", y, x[0].length);
            return new TreeEnsemble("AdaBoost", "logistic", 0, alphas.stream().mapToDouble(Double::doubleValue).toArray(), trees, x[0].length);
        }
    };

    /** Gradient boosting on the binomial deviance with Newton leaf values (Friedman 2001), as scikit-learn's GBM. */
    static final Learner GBM = new Learner() {
        @Override public String name() { return "GBM"; }

        @Override
        public List<Map<String, Double>> grid() {
            return Learner.gridOf("n_estimators", new double[]{50, 150}, "learning_rate", new double[]{0.05, 0.1}, "max_depth", new double[]{2, 3});
        }

        @Override
        public Model fit(double[][] x, int[] y, Map<String, Double> params, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = x.length, m = params.getOrDefault("n_estimators", 100.0).intValue();
            double lr = params.getOrDefault("learning_rate", 0.1);
            Tree.Options opt = new Tree.Options(params.getOrDefault("max_depth", 3.0).intValue(), 1, 0, false);
            double prior = 0;
            for (int v : y) prior += v;
            prior = Math.min(Math.max(prior / n, 1e-6), 1 - 1e-6);
            double base = Math.log(prior / (1 - prior));
            double[] f = new double[n];
            java.util.Arrays.fill(f, base);
            List<Tree> trees = new ArrayList<>();
            for (int k = 0; k < m; k++) {
                double[] resid = new double[n], hess = new double[n];
                for (int i = 0; i < n; i++) {
                    double pr = 1 / (1 + Math.exp(-f[i]));
                    resid[i] = y[i] - pr;
                    hess[i] = pr * (1 - pr);
                }
                Tree tree = Tree.grow(x, resid, ones(n), allRows(n), opt, rnd.split());
                double[] num = new double[tree.value.length], den = new double[tree.value.length];
                for (int i = 0; i < n; i++) { int l = tree.leaf(x[i]); num[l] += resid[i]; den[l] += hess[i]; }
                for (int l = 0; l < tree.value.length; l++) tree.value[l] = den[l] > 1e-12 ? num[l] / den[l] : 0;
                for (int i = 0; i < n; i++) f[i] += lr * tree.predict(x[i]);
                trees.add(tree);
            }
            double[] w = new double[trees.size()];
            java.util.Arrays.fill(w, lr);
            return new TreeEnsemble("GBM", "logistic", base, w, trees, x[0].length);
        }
    };

    private static TreeEnsemble constant(String name, int[] y, int p) {
        double prior = 0;
        for (int v : y) prior += v;
        prior /= y.length;
        Tree leaf = new Tree(new int[]{-1}, new double[]{0}, new int[]{-1}, new int[]{-1}, new double[]{prior});
        return new TreeEnsemble(name, "mean", 0, new double[]{1}, List.of(leaf), p);
    }

    public static final Learner DECISION_TREE = averaging("DT", false, false, true);
    public static final Learner RANDOM_FOREST = averaging("RF", true, false, false);
    public static final Learner EXTRA_TREES = averaging("ExtraTrees", false, true, false);
}
