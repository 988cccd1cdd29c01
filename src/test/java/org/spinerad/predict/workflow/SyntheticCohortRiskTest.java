package org.spinerad.predict.workflow;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.phantom.PhantomParams;
import org.spinerad.phantom.SyntheticCohort;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.RiskFixtures;
import org.spinerad.predict.analysis.RiskAnalysis;
import org.spinerad.predict.analysis.RiskModel;
import org.spinerad.predict.evaluation.NestedCv;
import org.spinerad.predict.selection.SelectionPipeline;
import org.spinerad.radiomics.ParameterFile;
import org.spinerad.radiomics.RadiomicsBatch;
import org.spinerad.radiomics.RadiomicsComponents;
import org.spinerad.stats.Roc;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The whole chain on the foundation's synthetic cohorts: phantoms → radiomics table → risk analysis. The planted
 * outcome (low BMD and fatty muscle raise the risk) must be recovered; the null cohort (same images, outcome
 * independent of everything) must give a leakage-free AUC whose CI covers 0.5.
 */
class SyntheticCohortRiskTest {
    static final int N = 200;
    static final long SEED = 77;
    @TempDir static Path dir;
    static Path radiomics, params;

    static SyntheticCohort.Spec spec(boolean nullOutcome) {
        // a coarse 3 x 3 x 4 mm grid keeps the test fast; the anatomy is defined in millimetres
        return SyntheticCohort.Spec.of(N, SEED, nullOutcome, false).withBase(PhantomParams.builder().grid(64, 56, 48).spacing(3, 3, 4).build());
    }

    @BeforeAll
    static void cohortAndRadiomics() {
        SyntheticCohort.write(spec(false), dir.resolve("cohort"), 2, Progress.NONE);
        params = dir.resolve("firstorder.yaml");
        try {
            java.nio.file.Files.writeString(params, "featureClass: {firstorder: }\nsetting: {binWidth: 25}\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        radiomics = dir.resolve("radiomics.csv");
        RadiomicsBatch.Result r = RadiomicsBatch.withFiles(RadiomicsComponents.extractor(ParameterFile.read(params), 1),
                List.of(RadiomicsBatch.Structure.parse("vertebra=1,2,3,4,5"), RadiomicsBatch.Structure.parse("muscle=21,22,25,26")),
                List.of(), new ForkJoinPool(2)).run(dir.resolve("cohort/manifest.csv"), radiomics, Progress.NONE);
        assertEquals(N, r.computed());
        assertEquals(0, r.failed());
    }

    @Test
    void plantedSignalIsRecovered() {
        RiskAnalysis.Config c = new RiskAnalysis.Config(SEED, 5, new double[]{6, 2, 2}, null, null, 0.2, List.of("LR", "GNB", "RF"),
                0.05, List.of("age", "sex", "BMI", "segments"));
        RiskAnalysis.Result r = RiskWorkflow.train(new RiskWorkflow.TrainRequest(dir.resolve("cohort/clinical.csv"), "patient_id", "outcome",
                Map.of("Rad", radiomics), c.clinicalVariables(), c, false, 0, 200, dir.resolve("run")), Progress.NONE);
        List<String> selected = r.signatures().get(0).selection().selected();
        assertTrue(selected.stream().anyMatch(f -> f.startsWith("CT_vertebra_original_firstorder_") || f.startsWith("CT_muscle_original_firstorder_")),
                "a vertebral (BMD) or muscle (fat) intensity feature is selected: " + selected);
        Csv perf = Csv.read(dir.resolve("run/performance.csv"));
        double testAuc = Double.NaN, lower = Double.NaN;
        for (int i = 0; i < perf.rowCount(); i++)
            if (perf.cell(i, 0).equals("Rad-sign") && perf.cell(i, 1).equals("test")) {
                testAuc = Double.parseDouble(perf.cell(i, perf.column("AUC")));
                lower = Double.parseDouble(perf.cell(i, perf.column("AUC_CI_lower_DeLong")));
            }
        assertTrue(testAuc > 0.7 && lower > 0.5, "Rad-sign test AUC " + testAuc + " (CI lower " + lower + ")");
        assertTrue(r.finalModel().provenance().getAsJsonObject("feature_settings").has("Rad"), "radiomics settings recorded in the model");

        // Predict Risk from one patient's image + mask gives the same probability as from the feature table
        Csv manifest = Csv.read(dir.resolve("cohort/manifest.csv"));
        String id = manifest.cell(3, 0);
        Path cohort = dir.resolve("cohort");
        String fromImages = RiskFixtures.run("predict", "apply", "--model", dir.resolve("run/model.json").toString(),
                "--image", cohort.resolve(manifest.cell(3, manifest.column("CT"))).toString(),
                "--mask", cohort.resolve(manifest.cell(3, manifest.column("CT_mask"))).toString(), "--patient", id,
                "--params", params.toString(), "--structures", "vertebra=1,2,3,4,5", "--structures", "muscle=21,22,25,26",
                "--clinical", cohort.resolve("clinical.csv").toString(), "--out", dir.resolve("one.csv").toString());
        assertTrue(fromImages.startsWith("0\n"), fromImages);
        List<RiskModel.Prediction> fromTable = RiskWorkflow.apply(dir.resolve("run/model.json"), List.of(radiomics),
                cohort.resolve("clinical.csv"), "patient_id", null);
        double expected = fromTable.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow().probability();
        assertEquals(expected, Double.parseDouble(Csv.read(dir.resolve("one.csv")).cell(0, 1)), 1e-9);
    }

    @Test
    void nullCohortCoversChanceInLeakageFreeMode() {
        List<List<String>> rows = new ArrayList<>();
        for (SyntheticCohort.Patient p : SyntheticCohort.patients(spec(true))) rows.add(List.of(p.id(), Integer.toString(p.outcome())));
        Csv outcome = new Csv(List.of("patient_id", "outcome"), rows);
        RiskAnalysis.Config c = new RiskAnalysis.Config(SEED, 5, new double[]{7, 2, 1}, null, null, 0.2, List.of("LR"), 0.05, List.of());
        NestedCv.PipelineResult n = NestedCv.pipeline(List.of(new RiskAnalysis.Source("Rad", FeatureTable.read(radiomics, "patient_id", null, null, Set.of()),
                SelectionPipeline.Mode.RADIOMICS)), outcome, "null outcome", "patient_id", "outcome", c, 0, Progress.NONE);
        Roc.Interval auc = n.auc().get("Rad-sign");
        assertTrue(auc.lower() <= 0.5 && auc.upper() >= 0.5, "null cohort nested-CV AUC CI must cover 0.5: " + auc);
    }
}
