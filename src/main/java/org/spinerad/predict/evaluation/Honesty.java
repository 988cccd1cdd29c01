package org.spinerad.predict.evaluation;

import org.spinerad.predict.CohortSplit;
import org.spinerad.predict.Rows;
import org.spinerad.predict.analysis.RiskAnalysis;
import org.spinerad.stats.Roc;
import org.spinerad.util.Csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Small-sample and calibration caveats of a run, written to warnings.csv and printed by the CLI: cohorts with fewer
 * than {@value #MIN_EVENTS} events, fewer than {@value #MIN_EVENTS} events per candidate predictor, chosen models
 * whose Brier score is worse than the prevalence model's, and models with many extreme probabilities.
 */
public final class Honesty {
    /** The usual rule of thumb for events (and events per candidate predictor). */
    public static final int MIN_EVENTS = 10;
    /** Probabilities below this or above 1 - this count as extreme. */
    public static final double EXTREME = 0.01;
    /** Warn when more than this fraction of a model's probabilities are extreme. */
    public static final double EXTREME_FRACTION = 0.2;

    private Honesty() {}

    /** Events of a cohort: the smaller outcome class (the one that limits what can be estimated). */
    static int events(int[] y) {
        int pos = Rows.positives(y);
        return Math.min(pos, y.length - pos);
    }

    public static List<RiskAnalysis.Warning> check(RiskAnalysis.Result r, List<Evaluation.Row> performance) {
        List<RiskAnalysis.Warning> out = new ArrayList<>();
        for (String cohort : RiskAnalysis.COHORTS) {
            int[] y = r.outcome(cohort);
            if (y.length > 0 && events(y) < MIN_EVENTS)
                out.add(new RiskAnalysis.Warning("cohort " + cohort, "only " + events(y) + " events (smaller outcome class) among "
                        + y.length + " patients: AUCs, CIs and p-values in this cohort are unreliable"));
        }
        int trainEvents = events(r.outcome(CohortSplit.TRAIN));
        for (RiskAnalysis.SignatureResult s : Evaluation.models(r)) {
            int candidates = s == r.combined() ? r.clinical().size() + r.signatures().size()
                    : s.selection().steps().get(0).inputFeatures().size();
            double epv = (double) trainEvents / candidates;
            if (epv < MIN_EVENTS)
                out.add(new RiskAnalysis.Warning(s.name(), String.format(java.util.Locale.ROOT,
                        "%d training events for %d candidate predictors (%.2g events per candidate predictor, fewer than %d): "
                                + "selection and CV AUC are optimistic; judge the model by validation/test and nested CV",
                        trainEvents, candidates, epv, MIN_EVENTS)));
            Roc trainRoc = new Roc(s.scores().get(CohortSplit.TRAIN), r.outcome(CohortSplit.TRAIN));
            if (trainRoc.youden().youdenJ() <= 0)
                out.add(new RiskAnalysis.Warning(s.name(), String.format(java.util.Locale.ROOT,
                        "the out-of-fold training predictions do not separate the outcomes (AUC %.3f; no threshold has "
                                + "Youden J > 0): the threshold calls every patient positive", trainRoc.auc())));
            double[] all = RiskAnalysis.assemble(s.scores(), r.split(), r.ids());
            int extreme = 0;
            double min = 1, max = 0;
            for (double p : all) {
                if (p < EXTREME || p > 1 - EXTREME) extreme++;
                min = Math.min(min, p);
                max = Math.max(max, p);
            }
            if (extreme > EXTREME_FRACTION * all.length)
                out.add(new RiskAnalysis.Warning(s.name(), extreme + " of " + all.length + " predicted probabilities are below "
                        + EXTREME + " or above " + (1 - EXTREME) + " (range " + Csv.num(min) + " to " + Csv.num(max)
                        + "): such confident predictions need evidence of calibration (calibration_candidates.csv); consider --recalibrate"));
        }
        double prevalence = (double) Rows.positives(r.outcome(CohortSplit.TRAIN)) / r.outcome(CohortSplit.TRAIN).length;
        for (Evaluation.Row row : performance) {
            double reference = prevalenceBrier(prevalence, r.outcome(row.cohort()));
            if (row.brier() > reference)
                out.add(new RiskAnalysis.Warning(row.model(), String.format(java.util.Locale.ROOT,
                        "%s Brier score %.3f is worse than predicting the training prevalence %.3f for everyone (Brier %.3f)",
                        row.cohort(), row.brier(), prevalence, reference)));
        }
        return out;
    }

    /** Brier score of the constant prediction {@code prevalence}. */
    public static double prevalenceBrier(double prevalence, int[] y) {
        double s = 0;
        for (int v : y) s += (prevalence - v) * (prevalence - v);
        return s / y.length;
    }

    /** The caveat for a DeLong p-value from a cohort with few events, or "" when there is none. */
    static String pValueFlag(int[] y) {
        int e = events(y);
        return e < MIN_EVENTS ? "unreliable: only " + e + " events in this cohort" : "";
    }
}
