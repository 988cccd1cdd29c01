package org.spinerad.predict.selection;

import org.spinerad.predict.Folds;
import org.spinerad.predict.Rows;
import org.spinerad.stats.LogisticRegression;
import org.spinerad.util.Progress;

/**
 * Chooses the LASSO penalty by k-fold cross-validation over a λ path (scikit-learn {@code LassoCV} / glmnet
 * {@code cv.glmnet}): the λ grid comes from the whole training data, each fold fits the path on the other folds and
 * scores the held-out fold, the λ with the best mean score wins and is refitted on all training rows.
 * Linear models score by mean squared error, logistic ones by mean binomial deviance (both lower = better).
 */
public final class LassoCV {

    /** Everything needed for the selected-feature table and the coefficient-path / CV-curve plots. */
    public record Result(Lasso.Kind kind, double[] lambdas, double[] cvMean, double[] cvSd, int best,
                         Lasso.Fit fit, double[][] coefficientPath) {
        public double lambda() { return lambdas[best]; }
    }

    private final Lasso lasso;
    private final int nLambdas;
    private final double eps;

    public LassoCV(int nLambdas, double eps, double tol) {
        this.lasso = new Lasso(tol);
        this.nLambdas = nLambdas;
        this.eps = eps;
    }

    /** scikit-learn's defaults: 100 λ values down to 1e-3·λmax. */
    public LassoCV() { this(100, 1e-3, 1e-8); }

    public Result run(double[][] x, double[] y, Lasso.Kind kind, int[] fold, Progress progress) {
        double[] lambdas = Lasso.lambdaGrid(Lasso.lambdaMax(x, y, kind), eps, nLambdas);
        int k = 0;
        for (int f : fold) k = Math.max(k, f + 1);
        double[][] scores = new double[k][];
        for (int f = 0; f < k; f++) {
            int[] train = Folds.indices(fold, f, false), test = Folds.indices(fold, f, true);
            Lasso.Fit[] path = lasso.path(Rows.of(x, train), Rows.of(y, train), kind, lambdas);
            scores[f] = new double[lambdas.length];
            for (int l = 0; l < lambdas.length; l++) scores[f][l] = loss(path[l], Rows.of(x, test), Rows.of(y, test), kind);
            progress.update(f + 1, k + 1, "LASSO CV fold " + (f + 1) + "/" + k);
        }
        double[] mean = new double[lambdas.length], sd = new double[lambdas.length];
        int best = 0;
        for (int l = 0; l < lambdas.length; l++) {
            double s = 0, ss = 0;
            for (int f = 0; f < k; f++) { s += scores[f][l]; ss += scores[f][l] * scores[f][l]; }
            mean[l] = s / k;
            sd[l] = Math.sqrt(Math.max(0, ss / k - mean[l] * mean[l]) * k / Math.max(1, k - 1));
            if (mean[l] < mean[best]) best = l;
        }
        Lasso.Fit[] full = lasso.path(x, y, kind, java.util.Arrays.copyOf(lambdas, lambdas.length));
        double[][] coefPath = new double[lambdas.length][];
        for (int l = 0; l < lambdas.length; l++) coefPath[l] = full[l].beta();
        progress.update(k + 1, k + 1, "LASSO CV done");
        return new Result(kind, lambdas, mean, sd, best, full[best], coefPath);
    }

    static double loss(Lasso.Fit fit, double[][] x, double[] y, Lasso.Kind kind) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double eta = fit.linear(x[i]);
            if (kind == Lasso.Kind.LINEAR) s += (y[i] - eta) * (y[i] - eta);
            else {
                s += -2 * (y[i] * eta - LogisticRegression.softplus(eta));
            }
        }
        return s / x.length;
    }

}
