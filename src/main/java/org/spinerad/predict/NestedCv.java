package org.spinerad.predict;

import org.spinerad.stats.Roc;
import org.spinerad.util.Progress;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Leakage-free estimate: in every outer fold the whole pipeline (imputation, scaling, selection, LASSO CV, grid
 * search over the learners) is refitted on the outer-training rows only and predicts the held-out rows; the pooled
 * out-of-fold predictions give the AUC and its DeLong CI. A permutation test repeats everything with shuffled
 * outcomes to give the AUC's p-value.
 */
public final class NestedCv {
    private NestedCv() {}

    public record Result(double[] outOfFold, Roc.Interval auc, double permutationP, double[] permutedAucs) {}

    public static Result run(FeatureTable table, SelectionPipeline.Config selection, List<Learner> learners, int outerFolds,
                             int permutations, long seed, Progress progress) {
        int[] y = table.requireBinaryOutcome();
        long total = 1L + permutations;
        double[] oof = outOfFold(table, selection, learners, outerFolds, seed);
        progress.update(1, total, "nested CV");
        Roc roc = new Roc(oof, y);
        double observed = roc.auc();
        double[] perm = new double[permutations];
        int atLeast = 0;
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int k = 0; k < permutations; k++) {
            int[] shuffled = y.clone();
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = shuffled[i]; shuffled[i] = shuffled[j]; shuffled[j] = t;
            }
            perm[k] = new Roc(outOfFold(table.withOutcome(shuffled), selection, learners, outerFolds, seed + k + 1), shuffled).auc();
            if (perm[k] >= observed) atLeast++;
            progress.update(k + 2, total, "permutation " + (k + 1) + "/" + permutations);
        }
        double p = permutations == 0 ? Double.NaN : (atLeast + 1.0) / (permutations + 1.0);
        return new Result(oof, roc.ciDelong(0.95), p, perm);
    }

    static double[] outOfFold(FeatureTable table, SelectionPipeline.Config selection, List<Learner> learners, int outerFolds, long seed) {
        int[] fold = Folds.stratified(table.y(), outerFolds, seed);
        double[] oof = new double[table.rows()];
        for (int f = 0; f < outerFolds; f++) {
            int[] tr = Folds.indices(fold, f, false), te = Folds.indices(fold, f, true);
            FeatureTable train = table.rows(tr);
            SelectionPipeline.Result sel = SelectionPipeline.fit(train, selection, Progress.NONE);
            FeatureTable xs = sel.apply(train);
            int[] inner = Folds.stratified(xs.y(), selection.folds(), seed + f);
            GridSearch.Result best = null;
            for (Learner l : learners) {
                GridSearch.Result r = GridSearch.run(l, xs.x(), xs.y(), inner, seed, Progress.NONE);
                if (best == null || r.best().meanAuc() > best.best().meanAuc()) best = r;
            }
            double[] p = best.model().predictProba(sel.apply(table.rows(te)).x());
            for (int i = 0; i < te.length; i++) oof[te[i]] = p[i];
        }
        return oof;
    }
}
