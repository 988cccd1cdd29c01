package org.spinerad.predict.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.predict.CohortSplit;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.Folds;
import org.spinerad.predict.learners.GridSearch;
import org.spinerad.predict.learners.LogisticModel;
import org.spinerad.predict.selection.SelectionPipeline;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.spinerad.predict.RiskFixtures.planted;

/** Selection + grid search + saved model on a cohort with a planted signal. */
class RiskPipelineTest {

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
