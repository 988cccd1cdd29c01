package org.spinerad.predict;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Selection + grid search + saved model on a cohort with a planted signal. */
class RiskPipelineTest {

    /** 300 patients, 60 features: f0 and f1 drive the outcome, f2 is a near copy of f0, the rest is noise. */
    static FeatureTable planted(long seed, boolean nullCohort) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 300, p = 60;
        double[][] x = new double[n][p];
        int[] y = new int[n];
        List<String> ids = new ArrayList<>(), names = new ArrayList<>();
        for (int j = 0; j < p; j++) names.add("original_firstorder_F" + j);
        for (int i = 0; i < n; i++) {
            ids.add(String.format("P%03d", i));
            for (int j = 0; j < p; j++) x[i][j] = 100 + 20 * rnd.nextGaussian();
            x[i][2] = x[i][0] + 2 * rnd.nextGaussian();
            double eta = nullCohort ? 0 : 1.4 * (x[i][0] - 100) / 20 - 1.0 * (x[i][1] - 100) / 20;
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        return new FeatureTable(ids, names, x, y, "planted");
    }

    @Test
    void plantedSignalIsSelectedAndPredicts(@TempDir Path dir) {
        FeatureTable all = planted(11, false);
        CohortSplit split = CohortSplit.stratified(all.ids(), all.y(), new double[]{7, 2, 1}, 5);
        FeatureTable train = all.rows(split.rows(all, CohortSplit.TRAIN));
        FeatureTable valid = all.rows(split.rows(all, CohortSplit.VALIDATION));
        assertEquals(210, train.rows());
        assertEquals(60, valid.rows());

        SelectionPipeline.Result sel = SelectionPipeline.fit(train, SelectionPipeline.Config.radiomicsDefaults(1), Progress.NONE);
        assertTrue(sel.selected().contains("original_firstorder_F1"), "planted F1 selected: " + sel.selected());
        assertTrue(sel.selected().contains("original_firstorder_F0") ^ sel.selected().contains("original_firstorder_F2"),
                "exactly one of the correlated pair F0/F2 survives: " + sel.selected());
        assertTrue(sel.selected().size() <= 10, "few features survive: " + sel.selected());

        FeatureTable xt = sel.apply(train);
        GridSearch.Result gs = GridSearch.run(LogisticModel.LEARNER, xt.x(), xt.y(), Folds.stratified(xt.y(), 10, 3), 3, Progress.NONE);
        assertTrue(gs.best().meanAuc() > 0.75, "CV AUC " + gs.best().meanAuc());
        double[] pv = gs.model().predictProba(sel.apply(valid).x());
        assertTrue(GridSearch.auc(pv, valid.y()) > 0.7, "validation AUC " + GridSearch.auc(pv, valid.y()));

        RiskModel m = new RiskModel(sel.steps(), gs.model(), 0.5, null);
        Path file = dir.resolve("model.json");
        m.save(file);
        RiskModel loaded = RiskModel.load(file);
        var a = m.predict(valid);
        var b = loaded.predict(valid);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).probability(), b.get(i).probability(), 0);
            assertEquals(a.get(i).probability() >= 0.5 ? 1 : 0, b.get(i).riskClass());
        }
        assertEquals(60, loaded.expectedFeatures().size());

        FeatureTable missing = valid.select(valid.names().subList(5, 60));
        var e = assertThrows(SpineRadException.class, () -> loaded.predict(missing));
        assertTrue(e.getMessage().contains("original_firstorder_F0") && e.getMessage().contains("original_firstorder_F4"), e.getMessage());
    }

    @Test
    void oneClassOutcomeIsAClearError() {
        FeatureTable t = planted(2, false);
        int[] ones = new int[t.rows()];
        java.util.Arrays.fill(ones, 1);
        FeatureTable one = new FeatureTable(t.ids(), t.names(), t.x(), ones, "cohort.csv");
        var e = assertThrows(SpineRadException.class, () -> SelectionPipeline.fit(one, SelectionPipeline.Config.radiomicsDefaults(1), Progress.NONE));
        assertTrue(e.getMessage().contains("only one class"), e.getMessage());
    }

    @Test
    void corruptModelFileIsAClearError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        java.nio.file.Files.writeString(f, "{\"format\":\"spinerad-risk-model\",\"steps\":[{\"kind\":\"nonsense\"}]}");
        var e = assertThrows(SpineRadException.class, () -> RiskModel.load(f));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("nonsense"), e.getMessage());
        java.nio.file.Files.writeString(f, "not json at all {");
        assertThrows(SpineRadException.class, () -> RiskModel.load(f));
    }
}
