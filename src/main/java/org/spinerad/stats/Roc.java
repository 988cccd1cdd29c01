package org.spinerad.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.spinerad.util.SpineRadException;

/**
 * ROC analysis of a score against a binary outcome (1 = case). Higher scores indicate cases (pROC direction "&lt;":
 * a case is predicted when score &ge; threshold). AUC is the Mann-Whitney statistic with ties counted 1/2; its variance
 * follows DeLong et al. (1988) computed with the placement values of Sun &amp; Xu (2014), as pROC.
 */
public final class Roc {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private final double[] scores;
    private final int[] outcome;
    private final double[] cases, controls;
    /** Placement values: per case, fraction of controls below (ties 1/2); per control, fraction of cases above. */
    private final double[] v10, v01;
    private final double auc;

    /** A confidence interval with its point estimate. */
    public record Interval(double lower, double estimate, double upper) {}

    /** ROC points, one per threshold (pROC order: ascending thresholds from -Inf to +Inf). */
    public record Curve(double[] thresholds, double[] sensitivity, double[] specificity) {}

    /** Two-sided comparison of two AUCs; {@code df} is NaN for the paired (normal) test. */
    public record Comparison(double auc1, double auc2, double z, double df, double pValue) {}

    /** The threshold maximising Youden's J = sensitivity + specificity - 1. */
    public record Threshold(double threshold, double sensitivity, double specificity) {
        public double youdenJ() { return sensitivity + specificity - 1; }
    }

    public Roc(double[] scores, int[] outcome) {
        int m = StatsInput.scoresAndOutcome("ROC", scores, outcome);
        this.scores = scores.clone();
        this.outcome = outcome.clone();
        cases = new double[m];
        controls = new double[scores.length - m];
        for (int i = 0, a = 0, b = 0; i < scores.length; i++) {
            if (outcome[i] == 1) cases[a++] = scores[i];
            else controls[b++] = scores[i];
        }
        v10 = new double[cases.length];
        v01 = new double[controls.length];
        auc = placements(cases, controls, v10, v01);
    }

    /** Fills placement values via mid-ranks in O(N log N); returns the AUC (mean of v10). */
    private static double placements(double[] cases, double[] controls, double[] v10, double[] v01) {
        int m = cases.length, n = controls.length;
        double[] all = new double[m + n];
        System.arraycopy(cases, 0, all, 0, m);
        System.arraycopy(controls, 0, all, m, n);
        double[] rAll = Ranks.of(all).ranks, rCases = Ranks.of(cases).ranks, rControls = Ranks.of(controls).ranks;
        double sum = 0;
        for (int i = 0; i < m; i++) {
            v10[i] = (rAll[i] - rCases[i]) / n;
            sum += v10[i];
        }
        for (int j = 0; j < n; j++) v01[j] = 1 - (rAll[m + j] - rControls[j]) / m;
        return sum / m;
    }

    public double auc() { return auc; }
    public int caseCount() { return cases.length; }
    public int controlCount() { return controls.length; }

    /** DeLong variance of the AUC: var(V10)/m + var(V01)/n. */
    public double delongVariance() {
        return covariance(v10, v10) / cases.length + covariance(v01, v01) / controls.length;
    }

    private static double covariance(double[] a, double[] b) {
        double ma = mean(a), mb = mean(b), s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
        return s / (a.length - 1);
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s / a.length;
    }

    /** DeLong CI as pROC ci.auc(method="delong"): normal quantiles around the AUC, clipped to [0, 1]. */
    public Interval ciDelong(double level) {
        double se = Math.sqrt(delongVariance()), z = NORMAL.inverseCumulativeProbability(0.5 + level / 2);
        return new Interval(Math.max(0, auc - z * se), auc, Math.min(1, auc + z * se));
    }

    /**
     * Stratified bootstrap percentile CI as pROC ci.auc(method="bootstrap"): cases and controls resampled separately
     * with replacement, AUC quantiles (R type 7). Deterministic for a given seed (values differ from R's RNG).
     */
    public Interval ciBootstrap(double level, int replicates, long seed) {
        if (replicates < 2) throw new SpineRadException("bootstrap: needs at least 2 replicates, got " + replicates);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] bc = new double[cases.length], bn = new double[controls.length];
        double[] w10 = new double[cases.length], w01 = new double[controls.length];
        double[] aucs = new double[replicates];
        for (int r = 0; r < replicates; r++) {
            for (int i = 0; i < bc.length; i++) bc[i] = cases[rng.nextInt(bc.length)];
            for (int j = 0; j < bn.length; j++) bn[j] = controls[rng.nextInt(bn.length)];
            aucs[r] = placements(bc, bn, w10, w01);
        }
        Arrays.sort(aucs);
        double a = (1 - level) / 2;
        return new Interval(Quantiles.sorted(aucs, a), auc, Quantiles.sorted(aucs, 1 - a));
    }

    /** pROC roc.test(method="delong", paired=TRUE): both scores on the same cases, outcome identical. */
    public static Comparison delongPaired(Roc r1, Roc r2) {
        if (!Arrays.equals(r1.outcome, r2.outcome))
            throw new SpineRadException("paired DeLong test: the two ROC curves must share the same cases and outcome");
        double m = r1.cases.length, n = r1.controls.length;
        double var = r1.delongVariance() + r2.delongVariance()
                - 2 * (covariance(r1.v10, r2.v10) / m + covariance(r1.v01, r2.v01) / n);
        return comparison(r1.auc, r2.auc, var);
    }

    /**
     * pROC roc.test(method="delong", paired=FALSE): D = (A1 - A2) / sqrt(V1 + V2), two-sided p-value from Student's t
     * with df = (V1 + V2)^2 / (V1^2 / (N1 - 1) + V2^2 / (N2 - 1)) as pROC (N = cases + controls).
     */
    public static Comparison delongUnpaired(Roc r1, Roc r2) {
        double v1 = r1.delongVariance(), v2 = r2.delongVariance();
        double d = (r1.auc - r2.auc) / Math.sqrt(v1 + v2);
        double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (r1.scores.length - 1) + v2 * v2 / (r2.scores.length - 1));
        double p = 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(d));
        return new Comparison(r1.auc, r2.auc, d, df, p);
    }

    /** Two identical curves (equal AUCs, zero variance of the difference) give z = 0 and p = 1, as pROC. */
    private static Comparison comparison(double a1, double a2, double var) {
        if (a1 == a2 && !(var > 0)) return new Comparison(a1, a2, 0, Double.NaN, 1);
        double z = (a1 - a2) / Math.sqrt(var);
        return new Comparison(a1, a2, z, Double.NaN, 2 * NORMAL.cumulativeProbability(-Math.abs(z)));
    }

    /** ROC curve at pROC's thresholds: -Inf, midpoints between consecutive distinct scores, +Inf. */
    public Curve curve() {
        double[] distinct = Arrays.stream(scores).sorted().distinct().toArray();
        int k = distinct.length;
        double[] thr = new double[k + 1];
        thr[0] = Double.NEGATIVE_INFINITY;
        thr[k] = Double.POSITIVE_INFINITY;
        for (int i = 1; i < k; i++) thr[i] = (distinct[i - 1] + distinct[i]) / 2;
        double[] sc = cases.clone(), sn = controls.clone();
        Arrays.sort(sc);
        Arrays.sort(sn);
        double[] sens = new double[k + 1], spec = new double[k + 1];
        int ic = 0, in = 0; // counts of cases / controls below the threshold
        for (int t = 0; t <= k; t++) {
            while (ic < sc.length && sc[ic] < thr[t]) ic++;
            while (in < sn.length && sn[in] < thr[t]) in++;
            sens[t] = (double) (sc.length - ic) / sc.length;
            spec[t] = (double) in / sn.length;
        }
        return new Curve(thr, sens, spec);
    }

    /** Youden-optimal threshold as pROC coords(x, "best", best.method="youden"); among ties the lowest threshold. */
    public Threshold youden() {
        Curve c = curve();
        int best = 0;
        for (int t = 1; t < c.thresholds.length; t++)
            if (c.sensitivity[t] + c.specificity[t] > c.sensitivity[best] + c.specificity[best]) best = t;
        return new Threshold(c.thresholds[best], c.sensitivity[best], c.specificity[best]);
    }

    public ClassificationMetrics metricsAt(double threshold) {
        return ClassificationMetrics.at(scores, outcome, threshold);
    }
}
