package org.spinerad.predict.report;

import org.spinerad.stats.ClassificationMetrics;
import org.spinerad.stats.Proportions;
import org.spinerad.stats.Quantiles;
import org.spinerad.stats.Roc;
import org.spinerad.util.Csv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Table 2: per model and cohort the threshold, AUC with its DeLong 95% CI (from performance.csv), and ACC, SEN, SPE,
 * PPV, NPV with Wilson 95% CIs and F1 with a stratified-bootstrap percentile 95% CI, recomputed from predictions.csv at
 * the model's threshold; Brier score against the Brier score of predicting the training prevalence.
 */
final class Table2 {
    static final double LEVEL = 0.95;
    static final List<String> PROPORTIONS = List.of("ACC", "SEN", "SPE", "PPV", "NPV");

    record Row(String model, String cohort, int n, int events, double threshold, Roc.Interval auc, Map<String, Roc.Interval> metrics,
               ClassificationMetrics counts, double brier, double brierPrevalence, double hosmerLemeshowP) {}

    private Table2() {}

    static List<Row> compute(RunFolder run, Csv performance, int bootstrap, long seed) {
        List<Row> rows = new ArrayList<>();
        String src = run.dir.resolve("performance.csv").toString();
        int model = performance.requireColumn("model", src), cohort = performance.requireColumn("cohort", src),
                thr = performance.requireColumn("threshold", src), auc = performance.requireColumn("AUC", src),
                lo = performance.requireColumn("AUC_CI_lower_DeLong", src), hi = performance.requireColumn("AUC_CI_upper_DeLong", src);
        int brier = performance.column("Brier"), hl = performance.column("HosmerLemeshow_p");
        int[] yTrain = run.outcome("train");
        double prevalence = yTrain.length == 0 ? Double.NaN : (double) RunFolder.events(yTrain) / yTrain.length;
        for (int r = 0; r < performance.rowCount(); r++) {
            String m = performance.cell(r, model), c = performance.cell(r, cohort);
            if (!run.models.contains(m) || !RunFolder.COHORTS.contains(c)) continue;
            double t = Csv.parseNum(performance.cell(r, thr), src + " threshold");
            double[] p = run.scores(c, m);
            int[] y = run.outcome(c);
            ClassificationMetrics cm = ClassificationMetrics.at(p, y, t);
            Map<String, Roc.Interval> ci = new LinkedHashMap<>();
            ci.put("ACC", Proportions.wilson(cm.tp() + cm.tn(), cm.n(), LEVEL));
            ci.put("SEN", Proportions.wilson(cm.tp(), cm.tp() + cm.fn(), LEVEL));
            ci.put("SPE", Proportions.wilson(cm.tn(), cm.tn() + cm.fp(), LEVEL));
            ci.put("PPV", Proportions.wilson(cm.tp(), cm.tp() + cm.fp(), LEVEL));
            ci.put("NPV", Proportions.wilson(cm.tn(), cm.tn() + cm.fn(), LEVEL));
            ci.put("F1", f1Bootstrap(p, y, t, bootstrap, seed));
            double ref = 0;
            for (int v : y) ref += (prevalence - v) * (prevalence - v) / y.length;
            rows.add(new Row(m, c, y.length, RunFolder.events(y), t,
                    new Roc.Interval(num(performance, r, lo), num(performance, r, auc), num(performance, r, hi)), ci, cm,
                    brier < 0 ? Double.NaN : num(performance, r, brier), ref, hl < 0 ? Double.NaN : num(performance, r, hl)));
        }
        return rows;
    }

    private static double num(Csv t, int r, int c) { return Csv.parseNum(t.cell(r, c), "performance.csv row " + (r + 2)); }

    /** F1 at a fixed threshold with a percentile CI over bootstrap samples drawn within cases and within controls. */
    static Roc.Interval f1Bootstrap(double[] p, int[] y, double threshold, int replicates, long seed) {
        double f1 = ClassificationMetrics.at(p, y, threshold).f1();
        int[] cases = indices(y, 1), controls = indices(y, 0);
        if (cases.length == 0 || controls.length == 0 || replicates < 2) return new Roc.Interval(Double.NaN, f1, Double.NaN);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] stats = new double[replicates];
        for (int b = 0; b < replicates; b++) {
            int tp = 0, fn = 0, fp = 0;
            for (int i = 0; i < cases.length; i++) if (p[cases[rng.nextInt(cases.length)]] >= threshold) tp++; else fn++;
            for (int i = 0; i < controls.length; i++) if (p[controls[rng.nextInt(controls.length)]] >= threshold) fp++;
            stats[b] = 2.0 * tp / (2.0 * tp + fp + fn);
        }
        Arrays.sort(stats);
        double a = (1 - LEVEL) / 2;
        return new Roc.Interval(Quantiles.sorted(stats, a), f1, Quantiles.sorted(stats, 1 - a));
    }

    private static int[] indices(int[] y, int cls) {
        return java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] == cls).toArray();
    }

    static Csv toCsv(List<Row> rows) {
        List<String> header = new ArrayList<>(List.of("model", "cohort", "n", "events", "threshold", "TP", "FP", "TN", "FN",
                "AUC", "AUC_CI_lower_DeLong", "AUC_CI_upper_DeLong"));
        for (String m : List.of("ACC", "SEN", "SPE", "PPV", "NPV", "F1")) header.addAll(List.of(m, m + "_CI_lower", m + "_CI_upper"));
        header.addAll(List.of("Brier", "Brier_prevalence_model", "HosmerLemeshow_p"));
        List<List<String>> out = new ArrayList<>();
        for (Row r : rows) {
            ClassificationMetrics c = r.counts();
            List<String> row = new ArrayList<>(List.of(r.model(), r.cohort(), Integer.toString(r.n()), Integer.toString(r.events()),
                    Csv.num(r.threshold()), Integer.toString(c.tp()), Integer.toString(c.fp()), Integer.toString(c.tn()),
                    Integer.toString(c.fn()), Csv.num(r.auc().estimate()), Csv.num(r.auc().lower()), Csv.num(r.auc().upper())));
            for (Roc.Interval i : r.metrics().values()) row.addAll(List.of(Csv.num(i.estimate()), Csv.num(i.lower()), Csv.num(i.upper())));
            row.addAll(List.of(Csv.num(r.brier()), Csv.num(r.brierPrevalence()), Csv.num(r.hosmerLemeshowP())));
            out.add(row);
        }
        return new Csv(header, out);
    }
}
