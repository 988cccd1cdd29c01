package org.spinerad.predict.evaluation;

import org.spinerad.predict.ClinicalEncoding;
import org.spinerad.predict.CohortSplit;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.Folds;
import org.spinerad.predict.Rows;
import org.spinerad.predict.analysis.RiskAnalysis;
import org.spinerad.stats.Roc;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Leakage-free estimate of the whole analysis: nested cross-validation in which every outer fold reruns everything on
 * its training rows; a permutation test repeats it with shuffled outcomes to give the AUC's p-value.
 */
public final class NestedCv {
    private NestedCv() {}

    /**
     * Nested CV of the whole analysis: in every outer fold {@link RiskAnalysis#analyse} is rerun on the outer-training
     * rows only (selection, every learner's tuning and choice for each signature, out-of-fold signature values, clinical
     * screening, the combined model over all learners) and predicts the held-out rows, for each signature and the
     * combined model. A signature that cannot be built in a fold (empty LASSO) predicts the fold's training prevalence.
     */
    public record PipelineResult(List<String> models, int[] fold, Map<String, double[]> outOfFold,
                                 Map<String, List<String>> chosenLearners, Map<String, Roc.Interval> auc,
                                 Map<String, Double> permutationP, int permutations, List<String> notes) {}

    public static PipelineResult pipeline(List<RiskAnalysis.Source> sources, Csv clinical, String source, String idColumn,
                                          String outcomeColumn, RiskAnalysis.Config c, int permutations, Progress progress) {
        FeatureTable base = new ClinicalEncoding(List.of()).encode(clinical, idColumn, outcomeColumn, source);
        int[] y = base.requireBinaryOutcome();
        List<String> models = new ArrayList<>();
        for (RiskAnalysis.Source s : sources) models.add(s.name() + "-sign");
        models.add("Combined");
        long total = (long) (1 + permutations) * c.folds();
        Outer observed = outer(sources, clinical, source, idColumn, outcomeColumn, base, c, c.seed(), models, progress, 0, total);
        Map<String, Roc.Interval> auc = new LinkedHashMap<>();
        for (String m : models) auc.put(m, new Roc(observed.oof().get(m), y).ciDelong(0.95));
        Map<String, Integer> atLeast = new LinkedHashMap<>();
        models.forEach(m -> atLeast.put(m, 0));
        SplittableRandom rnd = new SplittableRandom(c.seed() ^ 0x5DEECE66DL);
        int outCol = clinical.requireColumn(outcomeColumn, source);
        for (int k = 0; k < permutations; k++) {
            int[] shuffled = y.clone();
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = shuffled[i]; shuffled[i] = shuffled[j]; shuffled[j] = t;
            }
            List<List<String>> rows = new ArrayList<>();
            for (int r = 0; r < clinical.rowCount(); r++) {
                List<String> row = new ArrayList<>(clinical.rows().get(r));
                while (row.size() <= outCol) row.add("");
                row.set(outCol, Integer.toString(shuffled[r]));
                rows.add(row);
            }
            Csv permuted = new Csv(clinical.header(), rows);
            Outer o = outer(sources, permuted, source, idColumn, outcomeColumn, base.withOutcome(shuffled), c, c.seed() + k + 1,
                    models, progress, (long) (k + 1) * c.folds(), total);
            for (String m : models)
                if (new Roc(o.oof().get(m), shuffled).auc() >= auc.get(m).estimate()) atLeast.merge(m, 1, Integer::sum);
        }
        Map<String, Double> p = new LinkedHashMap<>();
        for (String m : models) p.put(m, permutations == 0 ? Double.NaN : (atLeast.get(m) + 1.0) / (permutations + 1.0));
        return new PipelineResult(models, observed.fold(), observed.oof(), observed.chosen(), auc, p, permutations, observed.notes());
    }

    private record Outer(int[] fold, Map<String, double[]> oof, Map<String, List<String>> chosen, List<String> notes) {}

    private static Outer outer(List<RiskAnalysis.Source> sources, Csv clinical, String source, String idColumn, String outcomeColumn,
                               FeatureTable base, RiskAnalysis.Config c, long seed, List<String> models, Progress progress,
                               long done, long total) {
        int n = base.rows();
        int[] y = base.y();
        int[] fold = Folds.stratified(y, c.folds(), seed);
        Map<String, double[]> oof = new LinkedHashMap<>();
        Map<String, List<String>> chosen = new LinkedHashMap<>();
        for (String m : models) { oof.put(m, new double[n]); chosen.put(m, new ArrayList<>()); }
        List<String> notes = new ArrayList<>();
        for (int f = 0; f < c.folds(); f++) {
            progress.update(done + f, total, "nested CV outer fold " + (f + 1) + "/" + c.folds());
            Map<String, String> assign = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) assign.put(base.ids().get(i), fold[i] == f ? CohortSplit.TEST : CohortSplit.TRAIN);
            int[] held = Folds.indices(fold, f, true), fit = Folds.indices(fold, f, false);
            double prevalence = (double) Rows.positives(Rows.of(y, fit)) / fit.length;
            RiskAnalysis.Result r = null;
            try {
                r = RiskAnalysis.analyse(sources, clinical, source, idColumn, outcomeColumn, base, new CohortSplit(assign), c, Progress.NONE);
                for (RiskAnalysis.Warning w : r.warnings()) notes.add("outer fold " + (f + 1) + ": " + w.scope() + ": " + w.message());
            } catch (SpineRadException e) {
                notes.add("outer fold " + (f + 1) + ": " + e.getMessage());
            }
            for (String m : models) {
                RiskAnalysis.SignatureResult s = null;
                if (r != null) for (RiskAnalysis.SignatureResult x : Evaluation.models(r)) if (x.name().equals(m)) s = x;
                double[] p = s == null ? null : s.scores().get(CohortSplit.TEST);
                for (int k = 0; k < held.length; k++) oof.get(m)[held[k]] = p == null ? prevalence : p[k];
                chosen.get(m).add(s == null ? "none (training prevalence)" : s.bestLearner());
            }
        }
        progress.update(done + c.folds(), total, "nested CV");
        return new Outer(fold, oof, chosen, notes);
    }
}
