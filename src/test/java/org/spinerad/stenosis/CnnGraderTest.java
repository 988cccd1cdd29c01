package org.spinerad.stenosis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.stenosis.learn.CrossValidation;
import org.spinerad.stenosis.learn.GraderEvaluation;
import org.spinerad.stenosis.learn.GradesTable;
import org.spinerad.stenosis.learn.cnn.CnnGrader;
import org.spinerad.stenosis.learn.cnn.CnnTraining;
import org.spinerad.stenosis.phantom.StenosisCohort;
import org.spinerad.stats.Agreement;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The ROI + CNN grader (DJL) trained on a small phantom cohort (16 patients, 1 mm, median of 3 raters with 10 % one-step errors) and applied to an unseen seed. */
class CnnGraderTest {
    static Map<String, float[]> crops(List<StenosisCohort.Patient> cohort) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (var p : cohort) {
            var img = p.phantom().render();
            CnnTraining.crops(img.ct(), img.labels(), p.id()).forEach((k, v) -> out.put(p.id() + "|" + k, v));
        }
        return out;
    }

    @Test
    void cnnTrainedOnPhantomsGradesUnseenSeedWithKappaAbove08(@TempDir Path dir) throws Exception {
        var train = StenosisCohort.patients(16, 101, StenosisGraderTest.SEGMENT, 1.0, 15, StenosisGraderTest.T);
        var test = StenosisCohort.patients(6, 202, StenosisGraderTest.SEGMENT, 1.0, 15, StenosisGraderTest.T);
        Map<String, float[]> trainCrops = crops(train);
        GradesTable grades = new GradesTable(StenosisCohort.raterGrades(train, 3, 0.1, 7), "phantom grades");
        CnnTraining.train(trainCrops, grades, null, 100, 7, dir);
        assertTrue(Files.exists(dir.resolve("manifest.json")) && Files.exists(dir.resolve("central.params")));
        Map<String, float[]> testCrops = crops(test);
        Map<String, Integer> truth = StenosisGraderTest.truth(test);
        for (String task : List.of("central", "recess")) {
            List<String> keys = testCrops.keySet().stream().filter(k -> k.endsWith("|central") == task.equals("central")).toList();
            int[] pred;
            try (CnnGrader g = CnnGrader.load(dir, task)) {
                pred = g.grades(keys.stream().map(testCrops::get).toList());
            }
            List<String> ref = new ArrayList<>(), p = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) { ref.add(String.valueOf(truth.get(keys.get(i)))); p.add(String.valueOf(pred[i])); }
            double kappa = Agreement.kappa(ref.toArray(String[]::new), p.toArray(String[]::new), Agreement.KappaWeights.QUADRATIC, 0.95).kappa();
            System.out.printf("CNN %s: quadratic kappa on unseen seed %.3f (n=%d)%n", task, kappa, keys.size());
            assertTrue(kappa >= 0.8, task + " kappa " + kappa);
        }
        crossValidationIsPatientLevelAndPooledOverFolds(trainCrops, grades, dir);
        // a manifest that does not describe the parameters is refused before they are loaded
        Path m = dir.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replaceFirst("\"parameter_count\": \\d+", "\"parameter_count\": 5"));
        var e = assertThrows(SpineRadException.class, () -> CnnGrader.load(dir, "central"));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("parameters"), e.getMessage());
    }

    /** 4-fold CV (40 epochs): every patient in one fold; pooled and per-fold figures recomputed from the out-of-fold grades. */
    static void crossValidationIsPatientLevelAndPooledOverFolds(Map<String, float[]> crops, GradesTable grades, Path dir) throws Exception {
        CrossValidation cv = CnnTraining.crossValidate(crops, grades, null, 4, 40, 7, 2);
        Map<String, String> foldOf = new java.util.HashMap<>();
        for (String[] p : cv.predictions()) assertEquals(foldOf.computeIfAbsent(p[0], x -> p[6]), p[6], "patient " + p[0] + " in two folds");
        assertEquals(4, new java.util.HashSet<>(foldOf.values()).size());
        for (String task : List.of("central", "recess")) {
            List<String[]> rows = cv.predictions().stream().filter(p -> p[2].equals("central") == task.equals("central")).toList();
            GraderEvaluation pooled = cv.evaluations().get(task + " (cross-validated vs reference)");
            assertEquals(rows.size(), pooled.n());
            assertEquals(rows.size(), cv.perFold().get(task).stream().mapToInt(GraderEvaluation::n).sum());
            long agree = rows.stream().filter(p -> p[3].equals(p[4])).count();
            assertEquals((double) agree / rows.size(), pooled.accuracy(), 1e-12);
            double kappa = Agreement.kappa(rows.stream().map(p -> p[3]).toArray(String[]::new), rows.stream().map(p -> p[4]).toArray(String[]::new),
                    Agreement.KappaWeights.QUADRATIC, 0.95).kappa();
            assertEquals(kappa, pooled.kappaQuadratic(), 1e-12);
            System.out.printf("CNN %s 4-fold CV: accuracy %.3f, quadratic kappa %.3f, AUC %.3f%n", task, pooled.accuracy(), kappa, pooled.auc());
            assertTrue(kappa > 0.5 && pooled.auc() > 0.8, task + " CV kappa " + kappa + " AUC " + pooled.auc());
        }
        cv.writeReport(dir.resolve("report.html"));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("ROI + CNN") && html.contains("Per fold") && html.contains("kappa quadratic"), html);
        assertTrue(Files.size(dir.resolve("roc_binary.png")) > 1000);
    }
}
