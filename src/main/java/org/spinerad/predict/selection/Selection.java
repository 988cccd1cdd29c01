package org.spinerad.predict.selection;

import com.google.gson.JsonObject;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.Json;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step that keeps a subset of features, with the per-feature score that decided it (p-value, correlation, LASSO
 * coefficient...) for the report. The fitting rules are the static factories.
 */
public final class Selection implements Step {
    private final String kind;
    private final List<String> input;
    private final List<String> kept;
    private final Map<String, Double> scores;

    public Selection(String kind, List<String> input, List<String> kept, Map<String, Double> scores) {
        this.kind = kind;
        this.input = List.copyOf(input);
        this.kept = List.copyOf(kept);
        this.scores = new LinkedHashMap<>(scores);
    }

    @Override public String kind() { return kind; }
    @Override public List<String> inputFeatures() { return input; }
    public List<String> kept() { return kept; }
    public Map<String, Double> scores() { return scores; }

    @Override
    public FeatureTable apply(FeatureTable t) { return t.select(kept); }

    /**
     * Independent-samples F-test (one-way ANOVA of each feature between outcome groups, scikit-learn
     * {@code f_classif}); keeps features with p ≤ alpha. Scores are p-values.
     */
    public static Selection fTest(FeatureTable train, double alpha) {
        int[] y = train.requireBinaryOutcome();
        Map<String, Double> p = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        for (int j = 0; j < train.cols(); j++) {
            double pv = fTestP(train.column(j), y);
            p.put(train.names().get(j), pv);
            if (pv <= alpha) kept.add(train.names().get(j));
        }
        return new Selection("f_test", train.names(), kept, p);
    }

    static double fTestP(double[] x, int[] y) {
        double[] sum = new double[2], ss = new double[2];
        int[] n = new int[2];
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) throw new SpineRadException("F-test: missing value in row " + (i + 1) + "; impute first");
            sum[y[i]] += x[i];
            n[y[i]]++;
        }
        double grand = (sum[0] + sum[1]) / (n[0] + n[1]);
        double between = 0, within = 0;
        for (int g = 0; g < 2; g++) between += n[g] * Math.pow(sum[g] / n[g] - grand, 2);
        for (int i = 0; i < x.length; i++) within += Math.pow(x[i] - sum[y[i]] / n[y[i]], 2);
        int dfw = x.length - 2;
        if (within == 0) return between == 0 ? 1.0 : 0.0;
        double f = between / (within / dfw);
        return org.spinerad.stats.UpperTail.f(f, 1, dfw);
    }

    /**
     * Pearson correlation filter, a line-by-line port of caret's {@code findCorrelation(exact = TRUE)} (caret 6.0-93,
     * {@code findCorrelation_exact}): features are ordered by decreasing mean |r| to the others; then for each pair
     * (i, j > i) in that order, both still present, with |r| > threshold, feature i is removed when its mean |r| to the
     * remaining features exceeds the mean of all remaining |r| outside row j, else feature j is removed; the scan stops
     * as soon as no remaining pair exceeds the threshold. Scores are each removed feature's |r| at removal.
     */
    public static Selection correlation(FeatureTable train, double threshold) {
        int p = train.cols();
        double[][] r = correlationMatrix(train);
        double[] meanAll = new double[p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int i = 0; i < p; i++) if (i != j) s += Math.abs(r[i][j]);
            meanAll[j] = p > 1 ? s / (p - 1) : 0;
        }
        // order(apply(tmp, 2, mean), decreasing = TRUE): stable, ties keep the original order
        Integer[] order = new Integer[p];
        for (int j = 0; j < p; j++) order[j] = j;
        java.util.Arrays.sort(order, (u, v) -> Double.compare(meanAll[v], meanAll[u]));
        double[][] x = new double[p][p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) x[i][j] = Math.abs(r[order[i]][order[j]]);
        boolean[] deleted = new boolean[p];
        Map<String, Double> removed = new LinkedHashMap<>();
        for (int i = 0; i < p - 1; i++) {
            if (!anyAbove(x, deleted, threshold)) break;
            if (deleted[i]) continue;
            for (int j = i + 1; j < p; j++) {
                if (deleted[i] || deleted[j] || !(x[i][j] > threshold)) continue;
                double mn1 = meanRow(x, deleted, i), mn2 = meanExceptRow(x, deleted, j);
                int drop = mn1 > mn2 ? i : j;
                deleted[drop] = true;
                removed.put(train.names().get(order[drop]), x[i][j]);
            }
        }
        List<String> kept = new ArrayList<>();
        for (int j = 0; j < p; j++) if (!removed.containsKey(train.names().get(j))) kept.add(train.names().get(j));
        return new Selection("correlation_filter", train.names(), kept, removed);
    }

    /** Whether any off-diagonal |r| between remaining features exceeds the threshold. */
    private static boolean anyAbove(double[][] x, boolean[] deleted, double threshold) {
        for (int i = 0; i < x.length; i++)
            for (int j = 0; j < x.length; j++)
                if (i != j && !deleted[i] && !deleted[j] && x[i][j] > threshold) return true;
        return false;
    }

    /** Mean |r| of row i to the other remaining features (caret: mean(x2[i, ], na.rm = TRUE)). */
    private static double meanRow(double[][] x, boolean[] deleted, int i) {
        double s = 0;
        int c = 0;
        for (int j = 0; j < x.length; j++) if (j != i && !deleted[j]) { s += x[i][j]; c++; }
        return c == 0 ? Double.NaN : s / c;
    }

    /** Mean of all remaining off-diagonal |r| outside row j (caret: mean(x2[-j, ], na.rm = TRUE)). */
    private static double meanExceptRow(double[][] x, boolean[] deleted, int j) {
        double s = 0;
        int c = 0;
        for (int a = 0; a < x.length; a++) {
            if (a == j || deleted[a]) continue;
            for (int b = 0; b < x.length; b++) if (b != a && !deleted[b]) { s += x[a][b]; c++; }
        }
        return c == 0 ? Double.NaN : s / c;
    }

    static double[][] correlationMatrix(FeatureTable t) {
        int p = t.cols(), n = t.rows();
        double[][] z = new double[p][];
        for (int j = 0; j < p; j++) {
            double[] c = t.column(j);
            double m = 0;
            for (double v : c) m += v;
            m /= n;
            double ss = 0;
            for (int i = 0; i < n; i++) { c[i] -= m; ss += c[i] * c[i]; }
            double norm = Math.sqrt(ss);
            for (int i = 0; i < n; i++) c[i] = norm > 0 ? c[i] / norm : 0;
            z[j] = c;
        }
        double[][] r = new double[p][p];
        for (int a = 0; a < p; a++)
            for (int b = a; b < p; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += z[a][i] * z[b][i];
                r[a][b] = r[b][a] = s;
            }
        return r;
    }

    /** Keeps the features with non-zero LASSO coefficients; scores are the coefficients. */
    public static Selection lasso(FeatureTable train, Lasso.Fit fit) {
        Map<String, Double> coef = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        for (int j = 0; j < train.cols(); j++) {
            coef.put(train.names().get(j), fit.beta()[j]);
            if (fit.beta()[j] != 0) kept.add(train.names().get(j));
        }
        return new Selection("lasso", train.names(), kept, coef);
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind);
        o.add("features", Json.of(input));
        o.add("kept", Json.of(kept));
        JsonObject s = new JsonObject();
        scores.forEach((k, v) -> s.addProperty(k, Double.isFinite(v) ? v : null));
        o.add("scores", s);
        return o;
    }

    public static Selection fromJson(JsonObject o) {
        Map<String, Double> scores = new LinkedHashMap<>();
        if (o.has("scores"))
            o.getAsJsonObject("scores").entrySet().forEach(e -> scores.put(e.getKey(), e.getValue().isJsonNull() ? Double.NaN : e.getValue().getAsDouble()));
        return new Selection(o.get("kind").getAsString(), Json.strings(o, "features"), Json.strings(o, "kept"), scores);
    }
}
