package org.spinerad.stenosis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        CnnTraining.train(crops(train), new GradesTable(StenosisCohort.raterGrades(train, 3, 0.1, 7), "phantom grades"), null, 100, 7, dir);
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
        // a manifest that does not describe the parameters is refused before they are loaded
        Path m = dir.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replaceFirst("\"parameter_count\": \\d+", "\"parameter_count\": 5"));
        var e = assertThrows(SpineRadException.class, () -> CnnGrader.load(dir, "central"));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("parameters"), e.getMessage());
    }
}
