package org.spinerad.predict;

import com.google.gson.JsonObject;
import smile.classification.SVM;
import smile.math.kernel.GaussianKernel;
import smile.math.kernel.HyperbolicTangentKernel;
import smile.math.kernel.LinearKernel;
import smile.math.kernel.MercerKernel;
import smile.math.kernel.PolynomialKernel;

import java.util.List;
import java.util.Map;

/**
 * Support vector machines (trained by Smile's SVM solver) with Platt-scaled probabilities. The saved model is the
 * support vectors, their weights, the intercept, the kernel parameters and the Platt coefficients; the decision
 * function {@code f(x) = Σ w_i k(v_i, x) + b} is evaluated here, so no Smile object is ever persisted.
 * Platt's sigmoid is fitted on 3-fold cross-validated decision values, like scikit-learn's {@code probability=True}.
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
                    case LINEAR -> Learner.product(TreeEnsemble.linked("C", c));
                    case POLY -> Learner.product(TreeEnsemble.linked("C", c, "degree", new double[]{2, 3}, "gamma", new double[]{0.1}));
                    case SIGMOID -> Learner.product(TreeEnsemble.linked("C", c, "gamma", new double[]{0.01, 0.1}));
                    case RBF -> Learner.product(TreeEnsemble.linked("C", c, "gamma", new double[]{0.01, 0.1, 1}));
                };
            }

            @Override
            public Model fit(double[][] x, int[] y, Map<String, Double> p, long seed) {
                double c = p.getOrDefault("C", 1.0), gamma = p.getOrDefault("gamma", 0.1), degree = p.getOrDefault("degree", 3.0);
                SvmModel raw = train(name, kernel, x, y, c, gamma, degree);
                // Platt scaling on cross-validated decision values
                int[] fold = Folds.stratified(y, Math.min(3, Math.max(2, Math.min(count(y, 1), count(y, 0)))), seed);
                double[] f = new double[y.length];
                for (int k = 0; k < 3 && k <= max(fold); k++) {
                    int[] tr = Folds.indices(fold, k, false), te = Folds.indices(fold, k, true);
                    SvmModel m = train(name, kernel, LassoCV.sub(x, tr), GridSearch.sub(y, tr), c, gamma, degree);
                    for (int i : te) f[i] = m.decision(x[i]);
                }
                double[] ab = Platt.fit(f, y);
                return new SvmModel(name, kernel, raw.gamma, raw.coef0, raw.degree, raw.vectors, raw.weights, raw.intercept, ab[0], ab[1]);
            }
        };
    }

    private static int count(int[] y, int v) {
        int c = 0;
        for (int t : y) if (t == v) c++;
        return c;
    }

    private static int max(int[] a) {
        int m = 0;
        for (int v : a) m = Math.max(m, v);
        return m;
    }

    static SvmModel train(String name, Kernel kernel, double[][] x, int[] y, double c, double gamma, double degree) {
        MercerKernel<double[]> k = switch (kernel) {
            case LINEAR -> new LinearKernel();
            case POLY -> new PolynomialKernel((int) degree, gamma, 1.0);
            case SIGMOID -> new HyperbolicTangentKernel(gamma, 0.0);
            case RBF -> new GaussianKernel(Math.sqrt(1 / (2 * gamma)));
        };
        int[] pm = new int[y.length];
        for (int i = 0; i < y.length; i++) pm[i] = y[i] == 1 ? 1 : -1;
        SVM<double[]> svm = SVM.fit(x, pm, k, new SVM.Options(c, 1e-3, 1));
        double coef0 = kernel == Kernel.POLY ? 1.0 : 0.0;
        return new SvmModel(name, kernel, gamma, coef0, degree, svm.vectors(), svm.weights(), svm.intercept(), -1, 0);
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
