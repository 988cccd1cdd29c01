package org.spinerad.predict.learners;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.Folds;
import org.spinerad.predict.RiskFixtures;
import org.spinerad.predict.Rows;
import org.spinerad.predict.SklearnReference;
import org.spinerad.predict.selection.ColumnTransform;
import org.spinerad.util.Progress;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.spinerad.predict.SklearnReference.REF;
import static org.spinerad.predict.SklearnReference.arr;

/** Classifiers against scikit-learn's fitted probabilities (committed reference) and planted-signal recovery. */
class ClassifierTest {
    static double[][] x5() {
        double[][] x = new double[SklearnReference.X.length][];
        for (int i = 0; i < x.length; i++) x[i] = java.util.Arrays.copyOf(SklearnReference.X[i], 5);
        return x;
    }

    static int[] y() {
        int[] y = new int[SklearnReference.Y_BIN.length];
        for (int i = 0; i < y.length; i++) y[i] = (int) SklearnReference.Y_BIN[i];
        return y;
    }

    static final JsonObject T = REF.getAsJsonObject("trees");

    @Test
    void decisionTreeMatchesScikitLearn() {
        Model m = TreeEnsemble.DECISION_TREE.fit(x5(), y(), Map.of("max_depth", 2.0, "min_samples_leaf", 1.0), 0);
        assertArrayEquals(arr(T.getAsJsonArray("dt_proba")), m.predictProba(x5()), 1e-12);
    }

    @Test
    void gradientBoostingMatchesScikitLearn() {
        Model m = TreeEnsemble.GBM.fit(x5(), y(), Map.of("n_estimators", 50.0, "learning_rate", 0.1, "max_depth", 3.0), 0);
        assertArrayEquals(arr(T.getAsJsonArray("gbm_proba")), m.predictProba(x5()), 1e-9);
    }

    @Test
    void gaussianNbAndRidgeLogisticMatchScikitLearn() {
        assertArrayEquals(arr(T.getAsJsonArray("gnb_proba")), GaussianNaiveBayes.fit(x5(), y(), 1e-9).predictProba(x5()), 1e-12);
        LogisticModel lr = LogisticModel.fitRidge("LR", x5(), y(), 0.5);
        assertArrayEquals(arr(T.getAsJsonArray("lr_c05_coef")), lr.coefficients(), 1e-8);
        assertEquals(T.get("lr_c05_intercept").getAsDouble(), lr.intercept(), 1e-8);
    }

    @Test
    void everyLearnerRecoversASignalAndRoundTripsThroughJson() {
        FeatureTable t = RiskFixtures.planted(4, false).select(java.util.List.of("original_firstorder_F0", "original_firstorder_F1", "original_firstorder_F7"));
        FeatureTable z = ColumnTransform.fit(ColumnTransform.Kind.ZSCORE, t).apply(t);
        int[] fold = Folds.stratified(z.y(), 5, 1);
        for (Learner l : Models.learners()) {
            Map<String, Double> params = l.grid().get(l.grid().size() / 2);
            double[] oof = new double[z.rows()];
            for (int f = 0; f < 5; f++) {
                int[] tr = Folds.indices(fold, f, false), te = Folds.indices(fold, f, true);
                Model m = l.fit(Rows.of(z.x(), tr), Rows.of(z.y(), tr), params, 9);
                double[] p = m.predictProba(Rows.of(z.x(), te));
                for (int i = 0; i < te.length; i++) oof[te[i]] = p[i];
            }
            double auc = GridSearch.auc(oof, z.y());
            assertTrue(auc > 0.7, l.name() + " out-of-fold AUC " + auc);
            Model full = l.fit(z.x(), z.y(), params, 9);
            Model back = Models.modelFromJson(full.toJson());
            assertArrayEquals(full.predictProba(z.x()), back.predictProba(z.x()), 0, l.name() + " JSON round trip");
            for (double p : full.predictProba(z.x())) assertTrue(p >= 0 && p <= 1, l.name() + " probability " + p);
        }
    }

    @Test
    void gridSearchPicksTheBestMeanAuc() {
        FeatureTable t = RiskFixtures.planted(5, false).select(java.util.List.of("original_firstorder_F0", "original_firstorder_F1"));
        GridSearch.Result r = GridSearch.run(TreeEnsemble.DECISION_TREE, t.x(), t.y(), Folds.stratified(t.y(), 10, 2), 1, Progress.NONE);
        for (GridSearch.Scored s : r.all()) assertTrue(s.meanAuc() <= r.best().meanAuc());
        assertEquals(12, r.all().size());
    }

    @Test
    void plattRecoversAKnownSigmoid() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(8);
        int n = 20000;
        double[] f = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = 4 * rnd.nextDouble() - 2;
            y[i] = rnd.nextDouble() < Platt.probability(f[i], -1.7, 0.4) ? 1 : 0;
        }
        double[] ab = Platt.fit(f, y);
        assertEquals(-1.7, ab[0], 0.08);
        assertEquals(0.4, ab[1], 0.06);
    }
}
