package org.spinerad.predict.evaluation;

import org.spinerad.predict.CohortSplit;
import org.spinerad.predict.Rows;
import org.spinerad.predict.analysis.RiskAnalysis;
import org.spinerad.stats.Calibration;
import org.spinerad.stats.ClassificationMetrics;
import org.spinerad.stats.Roc;
import org.spinerad.util.Csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Performance of every signature and the combined model per cohort (the studies' Table 2): AUC with DeLong and
 * bootstrap 95% CIs, ACC/SEN/SPE/PPV/NPV/F1 at the threshold fixed on training rows (Youden on out-of-fold values),
 * Brier score and Hosmer–Lemeshow p; and DeLong tests of the combined model against each signature.
 */
public final class Evaluation {
    private Evaluation() {}

    public record Row(String model, String cohort, int n, int positive, Roc.Interval aucDelong, Roc.Interval aucBootstrap,
                      ClassificationMetrics metrics, double brier, double hosmerLemeshowP) {}

    /** A DeLong test; {@code caveat} flags p-values from cohorts with few events ("" when none). */
    public record Comparison(String cohort, String modelA, String modelB, Roc.Comparison delong, String caveat) {
        public Comparison(String cohort, String modelA, String modelB, Roc.Comparison delong) {
            this(cohort, modelA, modelB, delong, "");
        }
    }

    public static List<RiskAnalysis.SignatureResult> models(RiskAnalysis.Result r) {
        List<RiskAnalysis.SignatureResult> all = new ArrayList<>(r.signatures());
        all.add(r.combined());
        return all;
    }

    public static List<Row> table(RiskAnalysis.Result r, int bootstrap, long seed) {
        List<Row> rows = new ArrayList<>();
        for (RiskAnalysis.SignatureResult s : models(r))
            for (String cohort : RiskAnalysis.COHORTS) {
                double[] p = s.scores().get(cohort);
                int[] y = r.outcome(cohort);
                if (p.length == 0 || !Rows.bothClasses(y)) continue;
                Roc roc = new Roc(p, y);
                double hl;
                try {
                    hl = Calibration.hosmerLemeshow(p, y, 10).pValue();
                } catch (RuntimeException e) {
                    hl = Double.NaN; // too few distinct predictions for 10 groups
                }
                rows.add(new Row(s.name(), cohort, y.length, Rows.positives(y), roc.ciDelong(0.95), roc.ciBootstrap(0.95, bootstrap, seed),
                        ClassificationMetrics.at(p, y, s.model().threshold()), Calibration.brier(p, y), hl));
            }
        return rows;
    }

    /**
     * DeLong tests: paired, the combined model against each signature on the same patients of each cohort; unpaired,
     * each model's training (out-of-fold) AUC against its validation and test AUC (different patients).
     */
    public static List<Comparison> comparisons(RiskAnalysis.Result r) {
        List<Comparison> out = new ArrayList<>();
        int[] yTrain = r.outcome(CohortSplit.TRAIN);
        for (RiskAnalysis.SignatureResult s : models(r)) {
            Roc train = new Roc(s.scores().get(CohortSplit.TRAIN), yTrain);
            for (String cohort : List.of(CohortSplit.VALIDATION, CohortSplit.TEST)) {
                int[] y = r.outcome(cohort);
                if (y.length == 0 || !Rows.bothClasses(y)) continue;
                out.add(new Comparison("train vs " + cohort + " (unpaired)", s.name(), s.name(),
                        Roc.delongUnpaired(train, new Roc(s.scores().get(cohort), y)), Honesty.pValueFlag(y)));
            }
        }
        for (String cohort : RiskAnalysis.COHORTS) {
            int[] y = r.outcome(cohort);
            if (y.length == 0 || !Rows.bothClasses(y)) continue;
            Roc combined = new Roc(r.combined().scores().get(cohort), y);
            for (RiskAnalysis.SignatureResult s : r.signatures())
                out.add(new Comparison(cohort, r.combined().name(), s.name(), Roc.delongPaired(combined, new Roc(s.scores().get(cohort), y)),
                        Honesty.pValueFlag(y)));
        }
        return out;
    }

    /** A model against a rater's predictions (0/1 calls or scores, given per patient in id order) on the same patients. */
    public record RaterRow(String cohort, String model, double modelAuc, double raterAuc, double delongP,
                           ClassificationMetrics modelMetrics, ClassificationMetrics raterMetrics) {}

    public static List<RaterRow> raterComparison(RiskAnalysis.Result r, double[] raterAllRows, String raterName) {
        List<RaterRow> out = new ArrayList<>();
        boolean binary = true;
        for (double v : raterAllRows) if (!Double.isNaN(v) && v != 0 && v != 1) binary = false;
        for (String cohort : RiskAnalysis.COHORTS) {
            int[] rows = r.rows(cohort);
            int[] y = r.outcome(cohort);
            if (y.length == 0 || !Rows.bothClasses(y)) continue;
            double[] rater = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                rater[i] = raterAllRows[rows[i]];
                if (Double.isNaN(rater[i]))
                    throw new org.spinerad.util.SpineRadException("rater column '" + raterName + "': missing value for patient " + r.ids().get(rows[i]));
            }
            Roc raterRoc = new Roc(rater, y);
            for (RiskAnalysis.SignatureResult s : models(r)) {
                double[] p = s.scores().get(cohort);
                Roc m = new Roc(p, y);
                out.add(new RaterRow(cohort, s.name(), m.auc(), raterRoc.auc(), Roc.delongPaired(m, raterRoc).pValue(),
                        ClassificationMetrics.at(p, y, s.model().threshold()), ClassificationMetrics.at(rater, y, binary ? 0.5 : raterRoc.youden().threshold())));
            }
        }
        return out;
    }

    public static Csv raterCsv(List<RaterRow> rows) {
        List<List<String>> out = new ArrayList<>();
        for (RaterRow r : rows) {
            ClassificationMetrics m = r.modelMetrics(), q = r.raterMetrics();
            out.add(List.of(r.cohort(), r.model(), Csv.num(r.modelAuc()), Csv.num(r.raterAuc()), Csv.num(r.delongP()),
                    Csv.num(m.accuracy()), Csv.num(q.accuracy()), Csv.num(m.sensitivity()), Csv.num(q.sensitivity()),
                    Csv.num(m.specificity()), Csv.num(q.specificity())));
        }
        return new Csv(List.of("cohort", "model", "model_AUC", "rater_AUC", "DeLong_p", "model_ACC", "rater_ACC", "model_SEN",
                "rater_SEN", "model_SPE", "rater_SPE"), out);
    }

    public static Csv toCsv(List<Row> rows) {
        List<List<String>> out = new ArrayList<>();
        for (Row r : rows) {
            ClassificationMetrics m = r.metrics();
            out.add(List.of(r.model(), r.cohort(), Integer.toString(r.n()), Integer.toString(r.positive()),
                    Csv.num(r.aucDelong().estimate()), Csv.num(r.aucDelong().lower()), Csv.num(r.aucDelong().upper()),
                    Csv.num(r.aucBootstrap().lower()), Csv.num(r.aucBootstrap().upper()), Csv.num(m.threshold()),
                    Csv.num(m.accuracy()), Csv.num(m.sensitivity()), Csv.num(m.specificity()), Csv.num(m.ppv()),
                    Csv.num(m.npv()), Csv.num(m.f1()), Csv.num(r.brier()), Csv.num(r.hosmerLemeshowP()), predictionKind(r.cohort())));
        }
        return new Csv(List.of("model", "cohort", "n", "positive", "AUC", "AUC_CI_lower_DeLong", "AUC_CI_upper_DeLong",
                "AUC_CI_lower_bootstrap", "AUC_CI_upper_bootstrap", "threshold", "ACC", "SEN", "SPE", "PPV", "NPV", "F1",
                "Brier", "HosmerLemeshow_p", "predictions"), out);
    }

    /**
     * What a cohort's predictions are: training rows hold out-of-fold CV predictions of models whose selection saw all
     * training rows (optimistic, not a performance estimate); validation and test rows are held out.
     */
    public static String predictionKind(String cohort) {
        return CohortSplit.TRAIN.equals(cohort) ? "out-of-fold (CV on training rows; selection fitted on all of them: optimistic)" : "held-out";
    }

    public static Csv comparisonsCsv(List<Comparison> cs) {
        List<List<String>> out = new ArrayList<>();
        for (Comparison c : cs)
            out.add(List.of(c.cohort(), c.modelA(), c.modelB(), Csv.num(c.delong().auc1()), Csv.num(c.delong().auc2()),
                    Csv.num(c.delong().z()), Csv.num(c.delong().pValue()), c.caveat()));
        return new Csv(List.of("cohort", "model_a", "model_b", "AUC_a", "AUC_b", "DeLong_z", "DeLong_p", "caveat"), out);
    }
}
