package org.spinerad.stats;

/**
 * Confusion counts at a threshold (positive prediction when score &ge; threshold) and the derived metrics.
 * A metric whose denominator is 0 (e.g. PPV with no positive prediction) is NaN.
 */
public record ClassificationMetrics(double threshold, int tp, int fp, int tn, int fn) {

    public static ClassificationMetrics at(double[] scores, int[] outcome, double threshold) {
        StatsInput.scoresAndOutcome("classification metrics", scores, outcome);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] >= threshold;
            if (outcome[i] == 1) { if (predicted) tp++; else fn++; }
            else if (predicted) fp++; else tn++;
        }
        return new ClassificationMetrics(threshold, tp, fp, tn, fn);
    }

    private static double ratio(int num, int den) { return den == 0 ? Double.NaN : (double) num / den; }

    public int n() { return tp + fp + tn + fn; }
    public double accuracy() { return ratio(tp + tn, n()); }
    public double sensitivity() { return ratio(tp, tp + fn); }
    public double specificity() { return ratio(tn, tn + fp); }
    public double ppv() { return ratio(tp, tp + fp); }
    public double npv() { return ratio(tn, tn + fn); }
    /** F1 = 2TP / (2TP + FP + FN). */
    public double f1() { return ratio(2 * tp, 2 * tp + fp + fn); }
}
