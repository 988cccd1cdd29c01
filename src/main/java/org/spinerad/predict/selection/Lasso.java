package org.spinerad.predict.selection;

import org.spinerad.stats.LogisticRegression;

import java.util.Arrays;

/**
 * L1-penalised regression by cyclic coordinate descent, with an unpenalised intercept.
 * <ul>
 * <li>Linear: minimises {@code 1/(2n)·||y − b0 − Xβ||² + λ·||β||₁} (scikit-learn {@code Lasso(alpha=λ)}).</li>
 * <li>Logistic: minimises {@code −(1/n)·loglik(b0, β) + λ·||β||₁} (glmnet binomial; scikit-learn
 * {@code LogisticRegression(penalty="l1", C=1/(n·λ))} with an unpenalised intercept) by proximal Newton (IRLS outer
 * loop, coordinate descent inner loop).</li>
 * </ul>
 * Warm starts along a decreasing λ path make a full path cheap.
 */
public final class Lasso {
    public enum Kind { LINEAR, LOGISTIC }

    /** Fitted coefficients. */
    public record Fit(double intercept, double[] beta, double lambda) {
        public double linear(double[] row) {
            double s = intercept;
            for (int j = 0; j < beta.length; j++) s += beta[j] * row[j];
            return s;
        }

        public int nonZero() {
            int c = 0;
            for (double b : beta) if (b != 0) c++;
            return c;
        }
    }

    private static final int MAX_SWEEPS = 100_000;
    private final double tol;

    public Lasso(double tol) { this.tol = tol; }

    public Lasso() { this(1e-8); }

    /** Smallest λ at which all coefficients are zero. */
    public static double lambdaMax(double[][] x, double[] y, Kind kind) {
        int n = x.length, p = x[0].length;
        double ybar = mean(y);
        double best = 0;
        for (int j = 0; j < p; j++) {
            double xbar = 0;
            for (double[] r : x) xbar += r[j];
            xbar /= n;
            double s = 0;
            for (int i = 0; i < n; i++) s += (x[i][j] - xbar) * (y[i] - ybar);
            best = Math.max(best, Math.abs(s) / n);
        }
        return best;
    }

    /** The scikit-learn / glmnet λ grid: {@code count} values log-spaced from λmax down to eps·λmax. */
    public static double[] lambdaGrid(double lambdaMax, double eps, int count) {
        double[] l = new double[count];
        double hi = Math.log10(lambdaMax), lo = Math.log10(lambdaMax * eps);
        for (int i = 0; i < count; i++) l[i] = Math.pow(10, count == 1 ? hi : hi + (lo - hi) * i / (count - 1));
        return l;
    }

    /** Fits the whole path (λ decreasing) with warm starts. */
    public Fit[] path(double[][] x, double[] y, Kind kind, double[] lambdas) {
        Fit[] out = new Fit[lambdas.length];
        Fit warm = null;
        for (int i = 0; i < lambdas.length; i++) {
            warm = kind == Kind.LINEAR ? fitLinear(x, y, lambdas[i], warm) : fitLogistic(x, y, lambdas[i], warm);
            out[i] = warm;
        }
        return out;
    }

    public Fit fit(double[][] x, double[] y, Kind kind, double lambda) {
        return kind == Kind.LINEAR ? fitLinear(x, y, lambda, null) : fitLogistic(x, y, lambda, null);
    }

    private Fit fitLinear(double[][] x, double[] y, double lambda, Fit warm) {
        int n = x.length;
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        Fit f = weightedLasso(x, y, w, lambda, warm);
        return new Fit(f.intercept, f.beta, lambda);
    }

    private Fit fitLogistic(double[][] x, double[] y, double lambda, Fit warm) {
        int n = x.length, p = x[0].length;
        double[] beta = warm == null ? new double[p] : warm.beta.clone();
        double b0 = warm == null ? logit(Math.min(Math.max(mean(y), 1e-6), 1 - 1e-6)) : warm.intercept;
        double[] z = new double[n], w = new double[n];
        double prevObj = Double.POSITIVE_INFINITY;
        for (int outer = 0; outer < 200; outer++) {
            for (int i = 0; i < n; i++) {
                double eta = b0;
                for (int j = 0; j < p; j++) eta += beta[j] * x[i][j];
                double pr = 1 / (1 + Math.exp(-eta));
                double wi = Math.max(pr * (1 - pr), 1e-5);
                w[i] = wi / n;
                z[i] = eta + (y[i] - pr) / wi;
            }
            Fit f = weightedLasso(x, z, w, lambda, new Fit(b0, beta, lambda));
            // step-halving keeps the penalised deviance decreasing (proximal Newton safeguard)
            double[] nb = f.beta;
            double nb0 = f.intercept;
            double obj = logisticObjective(x, y, nb0, nb, lambda);
            double step = 1;
            while (obj > prevObj + 1e-12 && step > 1e-4) {
                step /= 2;
                nb = new double[p];
                for (int j = 0; j < p; j++) nb[j] = beta[j] + step * (f.beta[j] - beta[j]);
                nb0 = b0 + step * (f.intercept - b0);
                obj = logisticObjective(x, y, nb0, nb, lambda);
            }
            double change = Math.abs(nb0 - b0);
            for (int j = 0; j < p; j++) change = Math.max(change, Math.abs(nb[j] - beta[j]));
            beta = nb;
            b0 = nb0;
            if (Math.abs(prevObj - obj) < tol * Math.max(1, Math.abs(obj)) && change < Math.sqrt(tol)) break;
            prevObj = obj;
        }
        return new Fit(b0, beta, lambda);
    }

    static double logisticObjective(double[][] x, double[] y, double b0, double[] beta, double lambda) {
        double ll = 0;
        for (int i = 0; i < x.length; i++) {
            double eta = b0;
            for (int j = 0; j < beta.length; j++) eta += beta[j] * x[i][j];
            ll += y[i] * eta - LogisticRegression.softplus(eta);
        }
        double l1 = 0;
        for (double b : beta) l1 += Math.abs(b);
        return -ll / x.length + lambda * l1;
    }

    /** Minimises {@code 1/2·Σ w_i (z_i − b0 − x_iβ)² + λ||β||₁} (weights sum to 1 for the linear case). */
    private Fit weightedLasso(double[][] x, double[] z, double[] w, double lambda, Fit warm) {
        int n = x.length, p = x[0].length;
        double[] beta = warm == null ? new double[p] : warm.beta.clone();
        double sw = 0;
        for (double v : w) sw += v;
        // weighted column means and centred squared norms
        double[] xm = new double[p], xx = new double[p];
        double zm = 0;
        for (int i = 0; i < n; i++) zm += w[i] * z[i];
        zm /= sw;
        for (int j = 0; j < p; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) m += w[i] * x[i][j];
            xm[j] = m / sw;
            double s = 0;
            for (int i = 0; i < n; i++) { double d = x[i][j] - xm[j]; s += w[i] * d * d; }
            xx[j] = s;
        }
        double[] r = new double[n]; // residual of the centred problem
        for (int i = 0; i < n; i++) {
            double s = z[i] - zm;
            for (int j = 0; j < p; j++) s -= beta[j] * (x[i][j] - xm[j]);
            r[i] = s;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double maxChange = 0, maxBeta = 0;
            for (int j = 0; j < p; j++) {
                if (xx[j] == 0) { beta[j] = 0; continue; }
                double rho = 0;
                for (int i = 0; i < n; i++) rho += w[i] * (x[i][j] - xm[j]) * r[i];
                rho += xx[j] * beta[j];
                double nb = softThreshold(rho, lambda) / xx[j];
                double d = nb - beta[j];
                if (d != 0) {
                    for (int i = 0; i < n; i++) r[i] -= d * (x[i][j] - xm[j]);
                    beta[j] = nb;
                }
                maxChange = Math.max(maxChange, Math.abs(d));
                maxBeta = Math.max(maxBeta, Math.abs(nb));
            }
            if (maxChange <= tol * Math.max(1, maxBeta)) break;
        }
        double b0 = zm;
        for (int j = 0; j < p; j++) b0 -= beta[j] * xm[j];
        return new Fit(b0, beta, lambda);
    }

    static double softThreshold(double v, double t) {
        return v > t ? v - t : v < -t ? v + t : 0;
    }

    static double logit(double p) { return Math.log(p / (1 - p)); }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) s += d;
        return s / v.length;
    }
}
