package org.spinerad.predict.learners;

import com.google.gson.JsonObject;
import org.spinerad.predict.Json;
import org.spinerad.predict.Rows;

import java.util.List;
import java.util.Map;

/**
 * Support vector machines (C-SVC trained by libsvm's SMO algorithm, {@link Smo}) with Platt-scaled probabilities. The saved model is the
 * support vectors, their weights, the intercept, the kernel parameters and the Platt coefficients; the decision
 * function {@code f(x) = Σ w_i k(v_i, x) + b} is evaluated here, so a model file holds only these numbers.
 * Platt's sigmoid is fitted on 5-fold cross-validated decision values with regularised targets and Newton's method,
 * as libsvm and scikit-learn's {@code SVC(probability=True)} do.
 */
public final class SvmModel implements Model {
    public enum Kernel { LINEAR, POLY, SIGMOID, RBF }

    private final String learner;
    private final Kernel kernel;
    private final double gamma, coef0, degree;
    private final double[][] vectors;
    private final double[] weights;
    private final double intercept;
    private final double plattA, plattB;

    private SvmModel(String learner, Kernel kernel, double gamma, double coef0, double degree, double[][] vectors,
                     double[] weights, double intercept, double plattA, double plattB) {
        this.learner = learner;
        this.kernel = kernel;
        this.gamma = gamma;
        this.coef0 = coef0;
        this.degree = degree;
        this.vectors = vectors;
        this.weights = weights;
        this.intercept = intercept;
        this.plattA = plattA;
        this.plattB = plattB;
    }

    double k(double[] a, double[] b) {
        return switch (kernel) {
            case LINEAR -> dot(a, b);
            case POLY -> Math.pow(gamma * dot(a, b) + coef0, degree);
            case SIGMOID -> Math.tanh(gamma * dot(a, b) + coef0);
            case RBF -> {
                double s = 0;
                for (int j = 0; j < a.length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
                yield Math.exp(-gamma * s);
            }
        };
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += a[j] * b[j];
        return s;
    }

    double decision(double[] x) {
        double s = intercept;
        for (int i = 0; i < vectors.length; i++) s += weights[i] * k(vectors[i], x);
        return s;
    }

    @Override public String learner() { return learner; }

    int supportVectorCount() { return vectors.length; }

    @Override
    public double[] predictProba(double[][] x) {
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) p[i] = Platt.probability(decision(x[i]), plattA, plattB);
        return p;
    }

    /** The learner for one kernel: C and the kernel's own parameters are tuned. */
    public static Learner learner(Kernel kernel) {
        String name = switch (kernel) {
            case LINEAR -> "SVM_linear";
            case POLY -> "SVM_poly";
            case SIGMOID -> "SVM_sigmoid";
            case RBF -> "SVM_RBF";
        };
        return new Learner() {
            @Override public String name() { return name; }

            @Override
            public List<Map<String, Double>> grid() {
                double[] c = {0.1, 1, 10};
                return switch (kernel) {
                    case LINEAR -> Learner.gridOf("C", c);
                    case POLY -> Learner.gridOf("C", c, "degree", new double[]{2, 3}, "gamma", new double[]{0.1});
                    case SIGMOID -> Learner.gridOf("C", c, "gamma", new double[]{0.01, 0.1});
                    case RBF -> Learner.gridOf("C", c, "gamma", new double[]{0.01, 0.1, 1});
                };
            }

            @Override
            public Model fit(double[][] x, int[] y, Map<String, Double> p, long seed) {
                double c = p.getOrDefault("C", 1.0), gamma = p.getOrDefault("gamma", 0.1), degree = p.getOrDefault("degree", 3.0);
                SvmModel raw = train(name, kernel, x, y, c, gamma, degree);
                double[] ab = Platt.fit(crossValidatedDecisions(name, kernel, x, y, c, gamma, degree, seed), y);
                return new SvmModel(name, kernel, raw.gamma, raw.coef0, raw.degree, raw.vectors, raw.weights, raw.intercept, ab[0], ab[1]);
            }
        };
    }

    /**
     * Decision values for Platt scaling as libsvm's {@code svm_binary_svc_probability}: rows in a seeded random order cut
     * into 5 contiguous folds, each fold's values from an SVM trained on the other four (±1, or 0, when those hold a
     * single class or none).
     */
    static double[] crossValidatedDecisions(String name, Kernel kernel, double[][] x, int[] y, double c, double gamma,
                                            double degree, long seed) {
        int n = y.length, folds = 5;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        double[] f = new double[n];
        for (int k = 0; k < folds; k++) {
            int start = k * n / folds, end = (k + 1) * n / folds;
            int[] tr = new int[n - (end - start)];
            for (int i = 0, m = 0; i < n; i++) if (i < start || i >= end) tr[m++] = perm[i];
            int[] ytr = Rows.of(y, tr);
            int pos = Rows.positives(ytr), neg = ytr.length - pos;
            SvmModel m = pos > 0 && neg > 0 ? train(name, kernel, Rows.of(x, tr), ytr, c, gamma, degree) : null;
            for (int i = start; i < end; i++)
                f[perm[i]] = m != null ? m.decision(x[perm[i]]) : pos > 0 ? 1 : neg > 0 ? -1 : 0;
        }
        return f;
    }

    /** The SVM itself (libsvm's solver, see {@link Smo}); Platt coefficients are set by the learner. */
    static SvmModel train(String name, Kernel kernel, double[][] x, int[] y, double c, double gamma, double degree) {
        double coef0 = kernel == Kernel.POLY ? 1.0 : 0.0;
        SvmModel shape = new SvmModel(name, kernel, gamma, coef0, degree, null, null, 0, -1, 0);
        int[] pm = new int[y.length];
        for (int i = 0; i < y.length; i++) pm[i] = y[i] == 1 ? 1 : -1;
        Smo.Solution s = Smo.solve((i, j) -> shape.k(x[i], x[j]), pm, c);
        int sv = 0;
        for (double w : s.coef()) if (w != 0) sv++;
        double[][] vectors = new double[sv][];
        double[] weights = new double[sv];
        for (int i = 0, k = 0; i < y.length; i++)
            if (s.coef()[i] != 0) { vectors[k] = x[i].clone(); weights[k++] = s.coef()[i]; }
        return new SvmModel(name, kernel, gamma, coef0, degree, vectors, weights, s.intercept(), -1, 0);
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "svm");
        o.addProperty("learner", learner);
        o.addProperty("kernel", kernel.name().toLowerCase());
        o.addProperty("gamma", gamma);
        o.addProperty("coef0", coef0);
        o.addProperty("degree", degree);
        o.add("support_vectors", Json.of(vectors));
        o.add("dual_weights", Json.of(weights));
        o.addProperty("intercept", intercept);
        o.addProperty("platt_a", plattA);
        o.addProperty("platt_b", plattB);
        return o;
    }

    public static SvmModel fromJson(JsonObject o) {
        return new SvmModel(o.get("learner").getAsString(), Kernel.valueOf(o.get("kernel").getAsString().toUpperCase()),
                o.get("gamma").getAsDouble(), o.get("coef0").getAsDouble(), o.get("degree").getAsDouble(),
                Json.matrix(o, "support_vectors"), Json.doubles(o, "dual_weights"), o.get("intercept").getAsDouble(),
                o.get("platt_a").getAsDouble(), o.get("platt_b").getAsDouble());
    }
}
