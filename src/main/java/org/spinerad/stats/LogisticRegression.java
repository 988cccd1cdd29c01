package org.spinerad.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.spinerad.util.SpineRadException;

/**
 * Binary logistic regression with intercept, fitted by iteratively reweighted least squares (Newton-Raphson), as R
 * {@code glm(family=binomial)}. Standard errors from the inverse Fisher information; Wald z tests.
 */
public final class LogisticRegression {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
    private static final int MAX_ITERATIONS = 100;

    private LogisticRegression() {}

    /** Coefficients (index 0 = intercept) with Wald statistics. */
    public record Fit(String[] names, double[] coefficients, double[] standardErrors, double deviance,
                      double nullDeviance, int iterations, boolean converged) {
        public int size() { return coefficients.length; }
        public double z(int i) { return coefficients[i] / standardErrors[i]; }
        public double pValue(int i) { return 2 * NORMAL.cumulativeProbability(-Math.abs(z(i))); }
        public double oddsRatio(int i) { return Math.exp(coefficients[i]); }
        /** Wald CI of the odds ratio: exp(b &plusmn; z SE). */
        public double[] oddsRatioCi(int i, double level) {
            double q = NORMAL.inverseCumulativeProbability(0.5 + level / 2);
            return new double[]{Math.exp(coefficients[i] - q * standardErrors[i]), Math.exp(coefficients[i] + q * standardErrors[i])};
        }
        public int index(String name) {
            for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
            throw new SpineRadException("logistic regression: no coefficient '" + name + "'");
        }
    }

    /** Single-predictor model y ~ x. */
    public static Fit fit(double[] x, int[] y, String name) {
        double[][] cols = {x};
        return fit(cols, y, new String[]{name});
    }

    /**
     * Fits y ~ predictors. {@code predictors[j][i]} is predictor j for observation i (column-major, no intercept column).
     * Non-convergence (e.g. complete separation) is reported in {@link Fit#converged()}; a constant or collinear
     * predictor is an error naming it.
     */
    public static Fit fit(double[][] predictors, int[] y, String[] names) {
        return fit(predictors, null, y, names);
    }

    /**
     * As {@link #fit(double[][], int[], String[])} with a fixed offset added to the linear predictor (R
     * {@code glm(y ~ ..., offset=offset)}); {@code offset} may be null. With an offset the null deviance is NaN.
     */
    public static Fit fit(double[][] predictors, double[] offset, int[] y, String[] names) {
        int n = y.length, p = predictors.length + 1;
        double[] off = offset != null ? offset : new double[n];
        if (offset != null) {
            StatsInput.sameLength("logistic regression offset vs outcome", offset.length, n);
            StatsInput.finite("logistic regression offset", offset);
        }
        StatsInput.sameLength("logistic regression (predictor names)", names.length, predictors.length);
        for (int j = 0; j < predictors.length; j++) {
            StatsInput.sameLength("logistic regression predictor '" + names[j] + "' vs outcome", predictors[j].length, n);
            StatsInput.finite("logistic regression predictor '" + names[j] + "'", predictors[j]);
            if (java.util.Arrays.stream(predictors[j]).distinct().count() < 2)
                throw new SpineRadException("logistic regression: predictor '" + names[j] + "' is constant");
        }
        int events = StatsInput.binaryOutcome("logistic regression", y);
        if (n <= p) throw new SpineRadException("logistic regression: " + n + " observations for " + p + " coefficients");
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            x[i][0] = 1;
            for (int j = 1; j < p; j++) x[i][j] = predictors[j - 1][i];
        }
        double[] beta = new double[p];
        double ybar = (double) events / n;
        beta[0] = Math.log(ybar / (1 - ybar));
        double nullDev = offset != null ? Double.NaN : -2 * n * (ybar * Math.log(ybar) + (1 - ybar) * Math.log(1 - ybar));
        if (offset != null) beta[0] = 0;
        double dev = deviance(x, off, y, beta), devOld;
        double[][] info = new double[p][p];
        double[] score = new double[p];
        boolean converged = false;
        int it = 0;
        DecompositionSolver solver;
        while (it < MAX_ITERATIONS) {
            it++;
            java.util.Arrays.fill(score, 0);
            for (double[] row : info) java.util.Arrays.fill(row, 0);
            for (int i = 0; i < n; i++) {
                double mu = expit(off[i] + dot(x[i], beta)), w = mu * (1 - mu), r = y[i] - mu;
                for (int a = 0; a < p; a++) {
                    score[a] += x[i][a] * r;
                    for (int b = 0; b <= a; b++) info[a][b] += w * x[i][a] * x[i][b];
                }
            }
            for (int a = 0; a < p; a++) for (int b = a + 1; b < p; b++) info[a][b] = info[b][a];
            solver = decompose(info);
            if (solver == null) {
                if (it == 1) throw collinear(names);
                break; // information matrix degenerate: fitted probabilities at 0/1 (separation)
            }
            double[] step = solver.solve(new org.apache.commons.math3.linear.ArrayRealVector(score, false)).toArray();
            for (int a = 0; a < p; a++) beta[a] += step[a];
            devOld = dev;
            dev = deviance(x, off, y, beta);
            if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < 1e-14 || maxAbs(step) < 1e-12) {
                converged = true;
                break;
            }
        }
        // standard errors at the final estimate
        for (double[] row : info) java.util.Arrays.fill(row, 0);
        for (int i = 0; i < n; i++) {
            double mu = expit(off[i] + dot(x[i], beta)), w = mu * (1 - mu);
            for (int a = 0; a < p; a++) for (int b = 0; b <= a; b++) info[a][b] += w * x[i][a] * x[i][b];
        }
        for (int a = 0; a < p; a++) for (int b = a + 1; b < p; b++) info[a][b] = info[b][a];
        DecompositionSolver last = decompose(info);
        double[] se = new double[p];
        var cov = last == null ? null : last.getInverse();
        for (int a = 0; a < p; a++) se[a] = cov == null ? Double.NaN : Math.sqrt(cov.getEntry(a, a));
        String[] allNames = new String[p];
        allNames[0] = "(Intercept)";
        System.arraycopy(names, 0, allNames, 1, p - 1);
        return new Fit(allNames, beta, se, dev, nullDev, it, converged);
    }

    private static SpineRadException collinear(String[] names) {
        return new SpineRadException("logistic regression: predictors are collinear (" + String.join(", ", names) + ")");
    }

    /** Cholesky solver of the information matrix, or null when it is not positive definite. */
    private static DecompositionSolver decompose(double[][] info) {
        try {
            DecompositionSolver s = new CholeskyDecomposition(new Array2DRowRealMatrix(info, true), 1e-10, 1e-12).getSolver();
            return s.isNonSingular() ? s : null;
        } catch (NonPositiveDefiniteMatrixException | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
            return null;
        }
    }

    private static double deviance(double[][] x, double[] offset, int[] y, double[] beta) {
        double d = 0;
        for (int i = 0; i < y.length; i++) {
            double eta = offset[i] + dot(x[i], beta);
            // -2 log-likelihood, numerically stable: log(1 + e^eta) - y eta
            d += 2 * (softplus(eta) - y[i] * eta);
        }
        return d;
    }

    /** log(1 + e^t) without overflow. */
    public static double softplus(double t) { return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)); }
    static double expit(double t) { return 1 / (1 + Math.exp(-t)); }
    static double logit(double p) { return Math.log(p / (1 - p)); }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}
