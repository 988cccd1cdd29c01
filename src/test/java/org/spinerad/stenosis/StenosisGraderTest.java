package org.spinerad.stenosis;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spinerad.image.SpineLabels;
import org.spinerad.stenosis.learn.GradesTable;
import org.spinerad.stenosis.learn.MeasurementGrader;
import org.spinerad.stenosis.learn.StenosisTraining;
import org.spinerad.stenosis.measure.StenosisAnalysis;
import org.spinerad.stenosis.measure.StenosisThresholds;
import org.spinerad.stenosis.phantom.StenosisCohort;
import org.spinerad.stats.Agreement;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Threshold grades and the trained measurement grader on phantom cohorts (small preset: 1 mm voxels, 3 disc levels). */
class StenosisGraderTest {
    static final int[] SEGMENT = {SpineLabels.L2, SpineLabels.L3, SpineLabels.L4, SpineLabels.L5, SpineLabels.S1};
    static final StenosisThresholds T = StenosisThresholds.defaults();
    static List<StenosisCohort.Patient> train, test;
    static List<Map<String, String>> trainRows, testRows;

    @BeforeAll
    static void cohorts() {
        train = StenosisCohort.patients(12, 101, SEGMENT, 1.0, 15, T);
        test = StenosisCohort.patients(6, 202, SEGMENT, 1.0, 15, T);
        trainRows = measure(train);
        testRows = measure(test);
    }

    static List<Map<String, String>> measure(List<StenosisCohort.Patient> cohort) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (StenosisCohort.Patient p : cohort) {
            var img = p.phantom().render();
            var r = StenosisAnalysis.run(img.ct(), p.id(), img.labels(), p.id(), T, List.of(), Progress.NONE);
            for (var row : r.rows()) {
                if (!row.get("plane").equals("disc")) continue;
                Map<String, String> m = new LinkedHashMap<>();
                m.put("patient_id", p.id());
                m.putAll(row);
                rows.add(m);
            }
        }
        return rows;
    }

    static Map<String, Integer> truth(List<StenosisCohort.Patient> cohort) {
        Map<String, Integer> t = new LinkedHashMap<>();
        for (var p : cohort) for (var e : p.grades().entrySet()) t.put(p.id() + "|" + e.getKey(), e.getValue());
        return t;
    }

    @Test
    void thresholdGradesOfMeasurementsMatchPlantedGrades() {
        // 0.5 mm voxels: at 1 mm the binary label maps quantise distances to whole millimetres, right on the thresholds
        List<StenosisCohort.Patient> fine = StenosisCohort.patients(5, 303, SEGMENT, 0.5, 0, T);
        Map<String, Integer> truth = truth(fine);
        int exact = 0, n = 0;
        for (var r : measure(fine)) {
            Integer t = truth.get(GradesTable.key(r.get("patient_id"), r.get("level"), r.get("side")));
            assertNotNull(t, r.toString());
            n++;
            if (String.valueOf(t).equals(r.get("grade"))) exact++;
            else System.out.println("planted grade " + t + ", measured " + r);
        }
        System.out.printf("threshold grades: %d/%d exact (%.1f%%)%n", exact, n, 100.0 * exact / n);
        assertEquals(5 * 4 * 3, n);
        assertTrue(exact >= 0.95 * n, exact + "/" + n + " exact");
    }

    @Test
    void graderTrainedOnPhantomsGradesUnseenSeedWithKappaAbove08(@org.junit.jupiter.api.io.TempDir Path dir) {
        GradesTable grades = new GradesTable(StenosisCohort.raterGrades(train, 2, 0.1, 7), "phantom grades");
        var result = StenosisTraining.run(trainRows, "phantom measurements", grades, null, 4, 11, 2);
        Path file = dir.resolve("grader.json");
        result.model().write(file);
        MeasurementGrader model = MeasurementGrader.read(file); // the saved model, as Grade Stenosis uses it
        Map<String, Integer> truth = truth(test);
        for (boolean central : new boolean[]{true, false}) {
            List<String> ref = new ArrayList<>(), pred = new ArrayList<>();
            for (var r : testRows) {
                if (r.get("side").equals("central") != central) continue;
                double[] x = MeasurementGrader.features(r, central ? MeasurementGrader.CENTRAL_FEATURES : MeasurementGrader.RECESS_FEATURES);
                ref.add(String.valueOf(truth.get(GradesTable.key(r.get("patient_id"), r.get("level"), r.get("side")))));
                pred.add(String.valueOf(central ? model.gradeCentral(x) : model.gradeRecess(x)));
            }
            double kappa = Agreement.kappa(ref.toArray(String[]::new), pred.toArray(String[]::new), Agreement.KappaWeights.QUADRATIC, 0.95).kappa();
            System.out.printf("%s: quadratic kappa on unseen seed %.3f (n=%d)%n", central ? "central" : "recess", kappa, ref.size());
            assertTrue(kappa >= 0.8, (central ? "central" : "recess") + " kappa " + kappa);
        }
        result.cv().evaluations().forEach((k, v) -> System.out.printf("%s: acc %.3f kq %.3f auc %.3f%n", k, v.accuracy(), v.kappaQuadratic(), v.auc()));
        assertEquals(3, result.cv().agreement().size()); // model-rater1, model-rater2, rater1-rater2
        result.cv().writeReport(dir.resolve("report.html"));
    }

    @Test
    void gradesTableWithOneGradeOnlyIsAClearError() {
        List<GradesTable.Grade> one = new ArrayList<>();
        for (var p : train) for (String level : List.of("L3-L4", "L4-L5")) one.add(new GradesTable.Grade(p.id(), level, "central", 1, "r1"));
        for (var p : train) one.add(new GradesTable.Grade(p.id(), "L3-L4", "left", p.id().hashCode() % 2 == 0 ? 0 : 2, "r1"));
        var e = assertThrows(SpineRadException.class, () -> StenosisTraining.run(trainRows, "m.csv", new GradesTable(one, "g.csv"), null, 3, 1, 2));
        assertTrue(e.getMessage().contains("every level has grade 1"), e.getMessage());
    }
}
