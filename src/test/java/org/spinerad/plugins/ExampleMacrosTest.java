package org.spinerad.plugins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.phantom.PhantomParams;
import org.spinerad.phantom.SyntheticCohort;
import org.spinerad.testutil.HeadlessMacro;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The example macros in scripts/macros run headless on a small synthetic cohort and produce their outputs. */
class ExampleMacrosTest {

    static String macro(String name, String argument) throws Exception {
        String text = Files.readString(Path.of("scripts/macros", name));
        return text.replace("getArgument()", "\"" + argument + "\"");
    }

    @Test
    void cohortBatchAndSegmentationMacrosRun(@TempDir Path dir) throws Exception {
        SyntheticCohort.write(SyntheticCohort.Spec.of(60, 5, false, false)
                .withBase(PhantomParams.builder().grid(64, 56, 48).spacing(3, 3, 4).build()), dir, 2, Progress.NONE);

        HeadlessMacro.Result r = HeadlessMacro.run(macro("cohort_risk_batch.ijm", dir.toString()));
        assertTrue(r.log().contains("report: "), r.log());
        assertEquals(60, Csv.read(dir.resolve("radiomics.csv")).rowCount());
        assertTrue(Files.exists(dir.resolve("risk/model.json")) && Files.exists(dir.resolve("risk/report.html")));
        assertEquals(60, Csv.read(dir.resolve("predictions.csv")).rowCount());

        Path ct = dir.resolve(Csv.read(dir.resolve("manifest.csv")).cell(0, 1));
        r = HeadlessMacro.run(macro("segment_and_measure.ijm", ct.toString()));
        Csv features = Csv.read(ct.getParent().resolve("radiomics_unet.csv"));
        assertEquals(5, features.rowCount(), "one row per vertebra L1..L5: " + r.log());
        int volume = features.requireColumn("original_shape_VoxelVolume", "radiomics_unet.csv");
        for (int i = 0; i < 5; i++) assertTrue(Double.parseDouble(features.cell(i, volume)) > 5000, "vertebral body volume in mm3");
    }
}
