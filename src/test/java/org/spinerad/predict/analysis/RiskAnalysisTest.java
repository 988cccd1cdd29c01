package org.spinerad.predict.analysis;

import org.junit.jupiter.api.Test;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.RiskFixtures;
import org.spinerad.predict.evaluation.Evaluation;
import org.spinerad.predict.evaluation.NestedCv;
import org.spinerad.predict.selection.SelectionPipeline;
import org.spinerad.stats.Roc;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.spinerad.predict.RiskFixtures.clinical;

/** The whole analysis on planted and null cohorts. */
class RiskAnalysisTest {

    static RiskAnalysis.Config config(List<String> learners) {
        RiskAnalysis.Config d = RiskAnalysis.Config.defaults(3);
        return new RiskAnalysis.Config(d.seed(), 5, d.ratios(), null, null, d.validationFraction(), learners, 0.05, List.of("age", "sex"));
    }

    @Test
    void plantedCohortGivesSignatureClinicalScreeningAndCombinedModel() {
        FeatureTable rad = RiskFixtures.planted(21, false);
        FeatureTable features = new FeatureTable(rad.ids(), rad.names(), rad.x(), null, "radiomics.csv");
        Csv clin = clinical(rad, 4);
        RiskAnalysis.Result r = RiskAnalysis.run(List.of(new RiskAnalysis.Source("Rad", features, SelectionPipeline.Mode.RADIOMICS)),
                clin, "clinical.csv", "patient_id", "outcome", config(List.of("LR", "GNB", "RF")), Progress.NONE);
        RiskAnalysis.SignatureResult rad1 = r.signatures().get(0);
        assertEquals("Rad-sign", rad1.name());
        assertEquals(3, rad1.comparison().size());
        assertTrue(rad1.selection().selected().contains("original_firstorder_F1"), rad1.selection().selected().toString());
        RiskAnalysis.ClinicalRow age = r.clinical().stream().filter(c -> c.variable().equals("age")).findFirst().orElseThrow();
        assertTrue(age.selected() && age.oddsRatio() > 1, "age screened in: " + age);
        assertTrue(r.clinical().stream().anyMatch(c -> c.variable().equals("sex=M")), "sex encoded as indicator");

        List<Evaluation.Row> table = Evaluation.table(r, 200, 1);
        Evaluation.Row test = table.stream().filter(x -> x.model().equals("Combined") && x.cohort().equals("test")).findFirst().orElseThrow();
        assertTrue(test.aucDelong().estimate() > 0.65, "combined test AUC " + test.aucDelong());
        assertEquals(30, test.n());
        assertFalse(Evaluation.comparisons(r).isEmpty());

        // the final model reproduces the pipeline's own test predictions from raw columns
        RiskModel m = r.finalModel();
        int[] testRows = r.rows("test");
        FeatureTable testFeatures = features.rows(testRows);
        var preds = m.predict(testFeatures, clin, "patient_id", "clinical.csv");
        double[] expected = r.combined().scores().get("test");
        for (int i = 0; i < preds.size(); i++) assertEquals(expected[i], preds.get(i).probability(), 1e-9);
    }

    @Test
    void nestedCvOnANullCohortCoversChanceAndPlantedIsSignificant() {
        RiskAnalysis.Config c = new RiskAnalysis.Config(2, 5, new double[]{7, 2, 1}, null, null, 0.2, List.of("LR"), 0.05, List.of());
        NestedCv.PipelineResult nul = nested(RiskFixtures.planted(31, true), c, 0);
        Roc.Interval n = nul.auc().get("Rad-sign");
        assertTrue(n.lower() <= 0.5 && n.upper() >= 0.5, "null cohort AUC CI must cover 0.5: " + n);
        NestedCv.PipelineResult planted = nested(RiskFixtures.planted(31, false), c, 9);
        for (String m : List.of("Rad-sign", "Combined")) {
            assertTrue(planted.auc().get(m).lower() > 0.6, m + " planted AUC CI " + planted.auc().get(m));
            assertEquals(0.1, planted.permutationP().get(m), 1e-12, m + ": observed AUC beats all 9 permutations: p = 1/10");
        }
    }

    private static NestedCv.PipelineResult nested(FeatureTable t, RiskAnalysis.Config c, int permutations) {
        FeatureTable features = new FeatureTable(t.ids(), t.names(), t.x(), null, "radiomics.csv");
        return NestedCv.pipeline(List.of(new RiskAnalysis.Source("Rad", features, SelectionPipeline.Mode.RADIOMICS)), clinical(t, 4),
                "clinical.csv", "patient_id", "outcome", c, permutations, Progress.NONE);
    }
}
