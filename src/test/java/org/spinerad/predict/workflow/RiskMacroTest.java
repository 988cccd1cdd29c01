package org.spinerad.predict.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.predict.RiskCohortFiles;
import org.spinerad.testutil.HeadlessMacro;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** "Train Risk Model" and "Predict Risk" called by name from a headless ImageJ macro. */
class RiskMacroTest {
    @Test
    void trainThenPredictFromAMacro(@TempDir Path dir) throws java.io.IOException {
        RiskCohortFiles.write(dir, 51);
        String d = dir.toString();
        HeadlessMacro.run("run(\"Train Risk Model\", \"clinical=" + d + "/clinical.csv features=[Rad=" + d + "/radiomics.csv] id=patient_id "
                + "outcome=outcome clinical_variables=age learners=LR folds=5 seed=2 output=" + d + "/run\");");
        assertTrue(Files.exists(dir.resolve("run/model.json")));
        HeadlessMacro.Result r = HeadlessMacro.run("run(\"Predict Risk\", \"model=" + d + "/run/model.json features=" + d
                + "/radiomics.csv clinical=" + d + "/clinical.csv id=patient_id output=" + d + "/pred.csv\");");
        assertEquals(300, r.results().size());
        double p0 = r.results().getValueAsDouble(r.results().getColumnIndex("Probability"), 0);
        assertTrue(p0 > 0 && p0 < 1, "probability " + p0);
        // the decision threshold of model.json is shown beside each class, and the class follows it
        double threshold = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(dir.resolve("run/model.json")))
                .getAsJsonObject().get("threshold").getAsDouble();
        for (int i = 0; i < r.results().size(); i++) {
            assertEquals(threshold, r.results().getValue("Threshold", i), 1e-12);
            double p = r.results().getValue("Probability", i);
            assertEquals(p >= threshold ? "high" : "low", r.results().getStringValue("RiskClass", i));
        }
        assertTrue(r.log().contains("risk class high when probability >= threshold"), r.log());
        assertTrue(Files.exists(dir.resolve("pred.csv")));
        AssertionError e = assertThrows(AssertionError.class, () -> HeadlessMacro.run("run(\"Predict Risk\", \"model=" + d
                + "/nope.json features=" + d + "/radiomics.csv id=patient_id\");"));
        assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
    }
}
