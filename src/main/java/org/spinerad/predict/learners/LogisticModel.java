package org.spinerad.predict.learners;

import com.google.gson.JsonObject;
import org.spinerad.predict.Json;
import org.spinerad.util.SpineRadException;

import java.util.List;
import java.util.Map;

/**
 * L2-penalised logistic regression (scikit-learn {@code LogisticRegression(C)}: minimises
 * {@code ½||β||² + C·Σ logloss}, intercept unpenalised) fitted by Newton's method; also the model of every linear
 * score (LR, linear SVM with Platt scaling) since all are {@code sigmoid(b0 + xβ)}.
 */
public final class LogisticModel implements Model {
    private final String learner;
    private final double intercept;
    private final double[] beta;

    public LogisticModel(String learner, double intercept, double[] beta) {
        this.learner = learner;
        this.intercept = intercept;
        this.beta = beta;
    }

    public static final Learner LEARNER = new Learner() {
        @Override public String name() { return "LR"; }

        @Override
        public List<Map<String, Double>> grid() {
            return Learner.product(Map.of("C", new double[]{0.01, 0.1, 1, 10, 100}));
        }

        @Override
        public Model fit(double[][] x, int[] y, Map<String, Double> params, long seed) {
            return fitRidge("LR", x, y, params.getOrDefault("C", 1.0));
        }
    };

    /** Newton iterations on the penalised log-likelihood; C = +inf gives plain maximum likelihood. */
    public static LogisticModel fitRidge(String learner, double[][] x, int[] y, double c) {
        int n = x.length, p = x[0].length, d = p + 1;
        double[] w = new double[d]; // w[0] intercept
        double penalty = Double.isInfinite(c) ? 0 : 1 / c;
        for (int iter = 0; iter < 100; iter++) {
            double[] grad = new double[d];
            double[][] hess = new double[d][d];
            for (int i = 0; i < n; i++) {
                double eta = w[0];
                for (int j = 0; j < p; j++) eta += w[j + 1] * x[i][j];
                double pr = 1 / (1 + Math.exp(-eta));
                double r = y[i] - pr, v = pr * (1 - pr);
                grad[0] += r;
                for (int a = 0; a < d; a++) {
                    double xa = a == 0 ? 1 : x[i][a - 1];
                    if (a > 0) grad[a] += r * xa;
                    for (int b = a; b < d; b++) hess[a][b] += v * xa * (b == 0 ? 1 : x[i][b - 1]);
                }
            }
            for (int a = 1; a < d; a++) { grad[a] -= penalty * w[a]; hess[a][a] += penalty; }
            for (int a = 0; a < d; a++) for (int b = 0; b < a; b++) hess[a][b] = hess[b][a];
            double[] step = solve(hess, grad);
            double max = 0;
            for (int a = 0; a < d; a++) { w[a] += step[a]; max = Math.max(max, Math.abs(step[a])); }
            if (!Double.isFinite(max)) throw new SpineRadException("Logistic regression diverged (perfect separation?); use a smaller C");
            if (max < 1e-10) break;
        }
        return new LogisticModel(learner, w[0], java.util.Arrays.copyOfRange(w, 1, d));
    }

    /** Solves a symmetric positive (semi)definite system with a tiny ridge for stability. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) { m[i] = a[i].clone(); m[i][i] += 1e-12; }
        var dec = new org.apache.commons.math3.linear.LUDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(m, false));
        return dec.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(b, false)).toArray();
    }

    public double intercept() { return intercept; }
    public double[] coefficients() { return beta.clone(); }

    @Override public String learner() { return learner; }

    @Override
    public double[] predictProba(double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double eta = intercept;
            for (int j = 0; j < beta.length; j++) eta += beta[j] * x[i][j];
            out[i] = 1 / (1 + Math.exp(-eta));
        }
        return out;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "logistic");
        o.addProperty("learner", learner);
        o.addProperty("intercept", intercept);
        o.add("coef", Json.of(beta));
        return o;
    }

    public static LogisticModel fromJson(JsonObject o) {
        return new LogisticModel(o.get("learner").getAsString(), o.get("intercept").getAsDouble(), Json.doubles(o, "coef"));
    }
}
