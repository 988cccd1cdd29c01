package org.spinerad.predict.learners;

import com.google.gson.JsonObject;
import org.spinerad.predict.Json;

import java.util.List;
import java.util.Map;

/** Gaussian naive Bayes as scikit-learn {@code GaussianNB}: class priors, per-class means and variances + var_smoothing·max variance. */
public final class GaussianNaiveBayes implements Model {
    private final double[] prior;      // 2
    private final double[][] mean, var; // 2 x p

    private GaussianNaiveBayes(double[] prior, double[][] mean, double[][] var) {
        this.prior = prior;
        this.mean = mean;
        this.var = var;
    }

    public static final Learner LEARNER = new Learner() {
        @Override public String name() { return "GNB"; }

        @Override
        public List<Map<String, Double>> grid() {
            return Learner.product(Map.of("var_smoothing", new double[]{1e-9, 1e-7, 1e-5, 1e-3}));
        }

        @Override
        public Model fit(double[][] x, int[] y, Map<String, Double> params, long seed) {
            return GaussianNaiveBayes.fit(x, y, params.getOrDefault("var_smoothing", 1e-9));
        }
    };

    public static GaussianNaiveBayes fit(double[][] x, int[] y, double varSmoothing) {
        int p = x[0].length;
        double[][] mean = new double[2][p], var = new double[2][p];
        int[] n = new int[2];
        for (int i = 0; i < x.length; i++) {
            n[y[i]]++;
            for (int j = 0; j < p; j++) mean[y[i]][j] += x[i][j];
        }
        for (int c = 0; c < 2; c++) for (int j = 0; j < p; j++) mean[c][j] /= n[c];
        for (int i = 0; i < x.length; i++)
            for (int j = 0; j < p; j++) var[y[i]][j] += Math.pow(x[i][j] - mean[y[i]][j], 2);
        double maxVar = 0;
        for (int j = 0; j < p; j++) {
            double m = 0, s = 0;
            for (double[] r : x) m += r[j];
            m /= x.length;
            for (double[] r : x) s += (r[j] - m) * (r[j] - m);
            maxVar = Math.max(maxVar, s / x.length);
        }
        double eps = varSmoothing * maxVar;
        for (int c = 0; c < 2; c++) for (int j = 0; j < p; j++) var[c][j] = var[c][j] / n[c] + eps;
        return new GaussianNaiveBayes(new double[]{(double) n[0] / x.length, (double) n[1] / x.length}, mean, var);
    }

    @Override public String learner() { return "GNB"; }

    @Override
    public double[] predictProba(double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] ll = new double[2];
            for (int c = 0; c < 2; c++) {
                ll[c] = Math.log(prior[c]);
                for (int j = 0; j < mean[c].length; j++)
                    ll[c] -= 0.5 * Math.log(2 * Math.PI * var[c][j]) + Math.pow(x[i][j] - mean[c][j], 2) / (2 * var[c][j]);
            }
            out[i] = 1 / (1 + Math.exp(ll[0] - ll[1]));
        }
        return out;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "gaussian_nb");
        o.addProperty("learner", "GNB");
        o.add("prior", Json.of(prior));
        o.add("mean", Json.of(mean));
        o.add("var", Json.of(var));
        return o;
    }

    public static GaussianNaiveBayes fromJson(JsonObject o) {
        return new GaussianNaiveBayes(Json.doubles(o, "prior"), Json.matrix(o, "mean"), Json.matrix(o, "var"));
    }
}
