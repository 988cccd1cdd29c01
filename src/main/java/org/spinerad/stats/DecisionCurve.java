package org.spinerad.stats;

/**
 * Decision curve analysis (Vickers &amp; Elkin 2006): net benefit = TP/n - FP/n &middot; pt/(1 - pt), a patient being
 * treated when its predicted probability is &ge; pt. Treat-all uses everyone as positive; treat-none is 0.
 */
public final class DecisionCurve {
    private DecisionCurve() {}

    public record Curve(double[] thresholds, double[] model, double[] treatAll, double[] treatNone) {}

    public static double netBenefit(double[] p, int[] y, double pt) {
        StatsInput.scoresAndOutcome("decision curve", p, y);
        return netBenefitUnchecked(p, y, pt);
    }

    private static double netBenefitUnchecked(double[] p, int[] y, double pt) {
        int tp = 0, fp = 0;
        for (int i = 0; i < p.length; i++)
            if (p[i] >= pt) { if (y[i] == 1) tp++; else fp++; }
        double n = p.length;
        return tp / n - fp / n * pt / (1 - pt);
    }

    /** Curves at the given thresholds (each in [0, 1)). */
    public static Curve curve(double[] p, int[] y, double[] thresholds) {
        int events = StatsInput.scoresAndOutcome("decision curve", p, y);
        double prevalence = (double) events / p.length;
        double[] model = new double[thresholds.length], all = new double[thresholds.length];
        for (int k = 0; k < thresholds.length; k++) {
            double pt = thresholds[k];
            if (!(pt >= 0 && pt < 1))
                throw new org.spinerad.util.SpineRadException("decision curve: threshold " + pt + " is outside [0, 1)");
            model[k] = netBenefitUnchecked(p, y, pt);
            all[k] = prevalence - (1 - prevalence) * pt / (1 - pt);
        }
        return new Curve(thresholds.clone(), model, all, new double[thresholds.length]);
    }

    /** Thresholds from {@code from} to {@code to} inclusive in steps of {@code step}. */
    public static double[] thresholds(double from, double to, double step) {
        int k = (int) Math.floor((to - from) / step + 1e-9) + 1;
        double[] t = new double[k];
        for (int i = 0; i < k; i++) t[i] = from + i * step;
        return t;
    }
}
