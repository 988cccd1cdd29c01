package org.spinerad.predict.learners;

import org.spinerad.predict.Folds;
import org.spinerad.predict.Rows;
import org.spinerad.util.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Hyper-parameter search by k-fold cross-validated AUC on training rows only; the best setting is refitted on all
 * training rows, and its out-of-fold probabilities are kept (these, not in-sample predictions, become the training
 * signature).
 */
public final class GridSearch {

    /** A grid point: mean and SD of the fold AUCs, and the Brier score of its pooled out-of-fold probabilities. */
    public record Scored(Map<String, Double> params, double meanAuc, double sdAuc, double oofBrier) {
        public Scored(Map<String, Double> params, double meanAuc, double sdAuc) { this(params, meanAuc, sdAuc, Double.NaN); }

        /**
         * Higher mean CV AUC wins (the studies' criterion); equal AUCs (e.g. every penalty of a one-predictor model
         * ranks patients alike) are decided by the lower out-of-fold Brier score, so the better calibrated setting is kept.
         */
        public boolean betterThan(Scored o) {
            return meanAuc > o.meanAuc || (meanAuc == o.meanAuc && oofBrier < o.oofBrier);
        }
    }

    public record Result(String learner, Scored best, List<Scored> all, double[] outOfFold, Model model) {}

    private GridSearch() {}

    public static Result run(Learner learner, double[][] x, int[] y, int[] fold, long seed, Progress progress) {
        List<Map<String, Double>> grid = learner.grid();
        int k = 0;
        for (int f : fold) k = Math.max(k, f + 1);
        final int folds = k;
        AtomicLong done = new AtomicLong();
        long total = (long) grid.size() * folds;
        double[][] oof = new double[grid.size()][y.length];
        double[][] aucs = new double[grid.size()][folds];
        IntStream.range(0, grid.size() * folds).parallel().forEach(task -> {
            int g = task / folds, f = task % folds;
            int[] train = Folds.indices(fold, f, false), test = Folds.indices(fold, f, true);
            Model m = learner.fit(Rows.of(x, train), Rows.of(y, train), grid.get(g), seed);
            double[] p = m.predictProba(Rows.of(x, test));
            for (int i = 0; i < test.length; i++) oof[g][test[i]] = p[i];
            aucs[g][f] = auc(p, Rows.of(y, test));
            progress.update(done.incrementAndGet(), total, learner.name() + " grid search");
        });
        List<Scored> all = new ArrayList<>();
        int best = 0;
        for (int g = 0; g < grid.size(); g++) {
            double mean = 0, ss = 0;
            for (double a : aucs[g]) mean += a / folds;
            for (double a : aucs[g]) ss += (a - mean) * (a - mean);
            all.add(new Scored(grid.get(g), mean, Math.sqrt(ss / Math.max(1, folds - 1)), org.spinerad.stats.Calibration.brier(oof[g], y)));
            if (all.get(g).betterThan(all.get(best))) best = g;
        }
        Model model = learner.fit(x, y, grid.get(best), seed);
        return new Result(learner.name(), all.get(best), all, oof[best], model);
    }

    /** Rank AUC with ties counted half (Mann–Whitney); NaN for a one-class (or empty) fold or cohort. */
    public static double auc(double[] score, int[] y) {
        return Rows.bothClasses(y) ? new org.spinerad.stats.Roc(score, y).auc() : Double.NaN;
    }
}
