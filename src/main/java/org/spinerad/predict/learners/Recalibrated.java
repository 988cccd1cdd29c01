package org.spinerad.predict.learners;

import com.google.gson.JsonObject;
import org.spinerad.predict.Json;
import org.spinerad.stats.LogisticRegression;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A classifier whose probabilities pass through a calibration map fitted on out-of-fold predictions: Platt's
 * logistic recalibration {@code 1 / (1 + exp(-(a + b·logit p)))} or isotonic regression (pool-adjacent-violators,
 * linear interpolation between the fitted points and clipping outside them, as scikit-learn's
 * {@code IsotonicRegression(out_of_bounds="clip")}).
 */
public final class Recalibrated implements Model {
    public enum Method { NONE, PLATT, ISOTONIC }

    private final Model inner;
    private final Method method;
    private final double a, b;          // Platt
    private final double[] xs, ys;      // isotonic knots

    private Recalibrated(Model inner, Method method, double a, double b, double[] xs, double[] ys) {
        this.inner = inner;
        this.method = method;
        this.a = a;
        this.b = b;
        this.xs = xs;
        this.ys = ys;
    }

    /** The calibration map fitted on scores p with outcomes y, wrapped around a model (null: the map alone). */
    public static Recalibrated fit(Model inner, Method method, double[] p, int[] y) {
        return switch (method) {
            case PLATT -> {
                double[] lp = new double[p.length];
                for (int i = 0; i < p.length; i++) lp[i] = logit(p[i]);
                double[] c = LogisticRegression.fit(lp, y, "logit(p)").coefficients();
                yield new Recalibrated(inner, method, c[0], c[1], null, null);
            }
            case ISOTONIC -> isotonic(inner, p, y);
            case NONE -> throw new IllegalArgumentException("no recalibration method");
        };
    }

    private static double logit(double p) {
        double q = Math.min(1 - 1e-12, Math.max(1e-12, p));
        return Math.log(q / (1 - q));
    }

    private static Recalibrated isotonic(Model inner, double[] p, int[] y) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) order[i] = i;
        Arrays.sort(order, (u, v) -> Double.compare(p[u], p[v]));
        // blocks of equal x first (their mean), then pool adjacent violators
        List<double[]> blocks = new ArrayList<>(); // {x, sum y, weight}
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (!blocks.isEmpty() && blocks.get(blocks.size() - 1)[0] == p[i]) {
                double[] last = blocks.get(blocks.size() - 1);
                last[1] += y[i];
                last[2]++;
            } else blocks.add(new double[]{p[i], y[i], 1});
        }
        int m = blocks.size();
        double[] bx = new double[m], by = new double[m], bw = new double[m];
        for (int k = 0; k < m; k++) { bx[k] = blocks.get(k)[0]; by[k] = blocks.get(k)[1] / blocks.get(k)[2]; bw[k] = blocks.get(k)[2]; }
        double[] val = new double[m], wt = new double[m];
        int[] start = new int[m];
        int top = -1;
        for (int k = 0; k < m; k++) {
            top++;
            val[top] = by[k]; wt[top] = bw[k]; start[top] = k;
            while (top > 0 && val[top - 1] >= val[top]) {
                double w = wt[top - 1] + wt[top];
                val[top - 1] = (val[top - 1] * wt[top - 1] + val[top] * wt[top]) / w;
                wt[top - 1] = w;
                top--;
            }
        }
        double[] fitted = new double[m];
        for (int t = 0; t <= top; t++) {
            int end = t < top ? start[t + 1] : m;
            for (int k = start[t]; k < end; k++) fitted[k] = val[t];
        }
        return new Recalibrated(inner, Method.ISOTONIC, Double.NaN, Double.NaN, bx, fitted);
    }

    /** The calibration map applied to one probability. */
    public double map(double p) {
        if (method == Method.PLATT) return 1 / (1 + Math.exp(-(a + b * logit(p))));
        if (p <= xs[0]) return ys[0];
        if (p >= xs[xs.length - 1]) return ys[ys.length - 1];
        int k = Arrays.binarySearch(xs, p);
        if (k >= 0) return ys[k];
        int hi = -k - 1, lo = hi - 1;
        return ys[lo] + (ys[hi] - ys[lo]) * (p - xs[lo]) / (xs[hi] - xs[lo]);
    }

    public double[] map(double[] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = map(p[i]);
        return out;
    }

    public Model inner() { return inner; }

    @Override public String learner() { return inner.learner(); }

    @Override public double[] predictProba(double[][] x) { return map(inner.predictProba(x)); }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "recalibrated");
        o.addProperty("method", method.name().toLowerCase());
        if (method == Method.PLATT) {
            o.addProperty("a", a);
            o.addProperty("b", b);
        } else {
            o.add("x", Json.of(xs));
            o.add("y", Json.of(ys));
        }
        o.add("model", inner.toJson());
        return o;
    }

    public static Recalibrated fromJson(JsonObject o) {
        Method m = Method.valueOf(Json.require(o, "method").getAsString().toUpperCase());
        Model inner = Models.modelFromJson(Json.require(o, "model").getAsJsonObject());
        if (m == Method.PLATT) return new Recalibrated(inner, m, o.get("a").getAsDouble(), o.get("b").getAsDouble(), null, null);
        if (m != Method.ISOTONIC) throw new SpineRadException("model file: unknown recalibration method '" + m + "'");
        double[] x = Json.doubles(o, "x"), y = Json.doubles(o, "y");
        if (x.length == 0 || x.length != y.length) throw new SpineRadException("model file: isotonic recalibration needs equal, non-empty x and y");
        return new Recalibrated(inner, m, Double.NaN, Double.NaN, x, y);
    }
}
