package org.spinerad.stenosis.learn;

import org.spinerad.stats.Agreement;
import org.spinerad.stats.Roc;

/**
 * Agreement of predicted with reference stenosis grades (0-3): accuracy, linear- and quadratic-weighted kappa
 * ({@link Agreement#kappa}), the confusion matrix, per-grade sensitivity and specificity, and for the binary view
 * (grade &ge; cut) the AUC of a score with its 95 % DeLong CI ({@link Roc}). Values that need two classes are NaN without.
 */
public record GraderEvaluation(int n, double accuracy, double kappaLinear, double kappaQuadratic, int[][] confusion,
                               double[] sensitivity, double[] specificity, double auc, double aucLower, double aucUpper) {

    public static GraderEvaluation of(int[] reference, int[] predicted, double[] binaryScore, int binaryFrom) {
        int n = reference.length;
        int[][] c = new int[4][4];
        int agree = 0;
        String[] a = new String[n], b = new String[n];
        for (int i = 0; i < n; i++) {
            c[reference[i]][predicted[i]]++;
            if (reference[i] == predicted[i]) agree++;
            a[i] = String.valueOf(reference[i]);
            b[i] = String.valueOf(predicted[i]);
        }
        double[] sens = new double[4], spec = new double[4];
        for (int k = 0; k < 4; k++) {
            int tp = c[k][k], pos = 0, predPos = 0;
            for (int j = 0; j < 4; j++) { pos += c[k][j]; predPos += c[j][k]; }
            int neg = n - pos, tn = n - pos - (predPos - tp);
            sens[k] = pos == 0 ? Double.NaN : (double) tp / pos;
            spec[k] = neg == 0 ? Double.NaN : (double) tn / neg;
        }
        double kl = kappa(a, b, Agreement.KappaWeights.LINEAR), kq = kappa(a, b, Agreement.KappaWeights.QUADRATIC);
        double auc = Double.NaN, lo = Double.NaN, hi = Double.NaN;
        if (binaryScore != null) {
            int[] outcome = new int[n];
            int cases = 0;
            for (int i = 0; i < n; i++) { outcome[i] = reference[i] >= binaryFrom ? 1 : 0; cases += outcome[i]; }
            if (cases > 0 && cases < n) {
                Roc roc = new Roc(binaryScore, outcome);
                Roc.Interval ci = roc.ciDelong(0.95);
                auc = roc.auc(); lo = ci.lower(); hi = ci.upper();
            }
        }
        return new GraderEvaluation(n, n == 0 ? Double.NaN : (double) agree / n, kl, kq, c, sens, spec, auc, lo, hi);
    }

    /** Weighted kappa of two gradings; NaN when fewer than two grades are used or fewer than two levels. */
    public static double kappa(String[] a, String[] b, Agreement.KappaWeights w) {
        if (a.length < 2 || java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).distinct().count() < 2)
            return Double.NaN;
        return Agreement.kappa(a, b, w, 0.95).kappa();
    }
}
