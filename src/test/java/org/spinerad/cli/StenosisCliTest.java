package org.spinerad.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.testutil.SharedData;
import org.spinerad.util.Csv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code spinerad stenosis ...} on the real CTs of shared data and on bad input. */
class StenosisCliTest {
    @TempDir
    static Path dir;
    static Path exampleSeg, tptSeg, tptArticular;
    static final Path EXAMPLE_CT = SharedData.file("totalsegmentator/example_ct.nii.gz");
    static final Path TPT_CT = SharedData.file("tptbox/sample_ct/sub-ct_label-22_ct.nii.gz");

    @BeforeAll
    static void referenceLabels() {
        exampleSeg = dir.resolve("example_seg.nii.gz");
        tptSeg = dir.resolve("tpt_seg.nii.gz");
        tptArticular = dir.resolve("tpt_articular.nii.gz");
        ok(InfoConvertCommandTest.run("stenosis", "reference", "--ct", EXAMPLE_CT.toString(),
                "--totalseg", SharedData.file("totalsegmentator/spine_report/totalseg.nii.gz").toString(),
                "--totalseg-body", SharedData.file("totalsegmentator/spine_report/totalseg_vertebrae_body.nii.gz").toString(),
                "--out", exampleSeg.toString()));
        ok(InfoConvertCommandTest.run("stenosis", "reference", "--ct", TPT_CT.toString(),
                "--tptbox-vert", SharedData.file("tptbox/sample_ct/sub-ct_seg-vert_label-22_msk.nii.gz").toString(),
                "--tptbox-subreg", SharedData.file("tptbox/sample_ct/sub-ct_seg-subreg_label-22_msk.nii.gz").toString(),
                "--out", tptSeg.toString(), "--articular-out", tptArticular.toString()));
    }

    static void ok(String[] r) { assertEquals("0", r[0], r[1] + r[2]); }

    static Map<String, Map<String, String>> measure(Path ct, Path seg, String name, String... more) {
        Path out = dir.resolve(name + ".csv");
        List<String> args = new ArrayList<>(List.of("stenosis", "measure", "--ct", ct.toString(), "--labels", seg.toString(), "--out", out.toString(),
                "--overlay", dir.resolve(name + "_overlay").toString()));
        args.addAll(List.of(more));
        ok(InfoConvertCommandTest.run(args.toArray(String[]::new)));
        Csv t = Csv.read(out);
        Map<String, Map<String, String>> rows = new HashMap<>();
        for (int i = 0; i < t.rowCount(); i++) rows.put(t.cell(i, 0) + "|" + t.cell(i, 2), t.rowMap(i));
        return rows;
    }

    @Test
    void exampleCtPedicleLevelsInAdultRange() {
        var rows = measure(EXAMPLE_CT, exampleSeg, "example");
        for (String level : new String[]{"L1", "L2", "L3", "L4", "L5"}) {
            double ap = Double.parseDouble(rows.get(level + "|central").get("ap_diameter_mm"));
            assertTrue(ap >= 13 && ap <= 25, level + " AP " + ap);
        }
        // the canal inside the closed bony ring and the pedicles' medial walls: 222-265 mm² (L4 / L5 310 / 311 before
        // the walls closed the slab planes that pass below the pedicles into the foramina)
        for (String level : new String[]{"L1", "L2", "L3", "L4", "L5"}) {
            double area = Double.parseDouble(rows.get(level + "|central").get("bony_canal_area_mm2"));
            assertTrue(area >= 150 && area <= 300, level + " area " + area);
        }
        for (String level : new String[]{"L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"}) {
            double h = Double.parseDouble(rows.get(level + "|central").get("disc_height_mm"));
            assertTrue(h >= 6 && h <= 16, level + " disc height " + h);
        }
        assertTrue(Files.exists(dir.resolve("example_overlay/L4-L5.png")) && Files.exists(dir.resolve("example_overlay/sagittal.png")));
    }

    @Test
    void tptBoxMeasuresItsL3AndTheDiscsAround() {
        var rows = measure(TPT_CT, tptSeg, "tpt", "--articular", tptArticular.toString());
        double ap = Double.parseDouble(rows.get("L3|central").get("ap_diameter_mm"));
        assertTrue(ap >= 13 && ap <= 25, "L3 AP " + ap);
        // 254 mm² (312 before the discs between the bodies were labelled and the pedicle walls closed the canal)
        double area = Double.parseDouble(rows.get("L3|central").get("bony_canal_area_mm2"));
        assertTrue(area >= 150 && area <= 300, "L3 area " + area);
        // recess depth from the labelled superior articular processes: 7.6-10.2 mm, normal (> 5 mm) like the rest of this spine
        for (String level : new String[]{"L2-L3", "L3-L4"})
            for (String side : new String[]{"left", "right"}) {
                double depth = Double.parseDouble(rows.get(level + "|" + side).get("recess_depth_mm"));
                assertTrue(depth >= 5 && depth <= 12, level + " " + side + " recess depth " + depth);
                assertEquals("0", rows.get(level + "|" + side).get("grade"));
            }
        assertTrue(rows.containsKey("L2-L3|central") && rows.containsKey("L3-L4|central"), rows.keySet().toString());
        assertFalse(rows.containsKey("L4|central"), "L4 is cut by the image border");
    }

    @Test
    void levelOutOfViewIsAnErrorNamingFileAndLevel() {
        String[] r = InfoConvertCommandTest.run("stenosis", "measure", "--ct", TPT_CT.toString(), "--labels", tptSeg.toString(),
                "--out", dir.resolve("x.csv").toString(), "--levels", "L5-S1");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("tpt_seg.nii.gz") && r[2].contains("L5-S1") && r[2].contains("field of view"), r[2]);
    }

    @Test
    void labelMapWithoutCanalIsAnError() {
        LabelMap m = VolumeIO.readLabelMap(tptSeg);
        Volume v = m.volume().copy();
        for (int i = 0; i < v.size(); i++) if (v.getInt(i) == SpineLabels.CANAL) v.set(i, 0);
        Path noCanal = dir.resolve("no_canal.nii.gz");
        VolumeIO.writeLabelMap(new LabelMap(v, SpineLabels.NAMES), noCanal);
        String[] r = InfoConvertCommandTest.run("stenosis", "measure", "--ct", TPT_CT.toString(), "--labels", noCanal.toString(),
                "--out", dir.resolve("y.csv").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no_canal.nii.gz") && r[2].contains("no canal found"), r[2]);
    }

    @Test
    void mismatchedImagesAreAnError() {
        String[] r = InfoConvertCommandTest.run("stenosis", "measure", "--ct", EXAMPLE_CT.toString(), "--labels", tptSeg.toString(),
                "--out", dir.resolve("z.csv").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("tpt_seg.nii.gz") && r[2].contains("does not match the CT"), r[2]);
    }

    @Test
    void gradesTableWithUnknownLevelIsAnError() throws Exception {
        Path grades = dir.resolve("grades.csv"), measured = dir.resolve("measured.csv");
        Files.writeString(grades, "patient_id,level,side,grade,rater\np1,L4-L5,central,1,a\np1,L6-S1,central,2,a\n");
        Files.writeString(measured, "patient_id,level,plane,side\n");
        String[] r = InfoConvertCommandTest.run("stenosis", "train", "--measurements", measured.toString(), "--grades", grades.toString(),
                "--out", dir.resolve("model").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("grades.csv row 3") && r[2].contains("unknown level 'L6-S1'"), r[2]);
    }

    @Test
    void batchOverPhantomCohortResumesAndGradesWithTrainedModel() throws Exception {
        Path cohort = dir.resolve("cohort");
        ok(InfoConvertCommandTest.run("stenosis", "cohort", "--out", cohort.toString(), "--n", "6", "--seed", "5", "--spacing", "1.2"));
        Path table = dir.resolve("batch.csv");
        ok(InfoConvertCommandTest.run("stenosis", "batch", "--manifest", cohort.resolve("manifest.csv").toString(), "--out", table.toString()));
        String[] again = InfoConvertCommandTest.run("stenosis", "batch", "--manifest", cohort.resolve("manifest.csv").toString(), "--out", table.toString());
        assertEquals("0", again[0]);
        assertTrue(again[1].contains("Measured 0, skipped 6"), again[1]);
        assertEquals(6 * (4 * 3 + 4), Csv.read(table).rowCount()); // 4 disc levels x 3 sides + 4 pedicle levels
        Path model = dir.resolve("grader");
        ok(InfoConvertCommandTest.run("stenosis", "train", "--measurements", table.toString(), "--grades", cohort.resolve("grades.csv").toString(),
                "--out", model.toString(), "--folds", "3"));
        assertTrue(Files.readString(model.resolve("report.html")).contains("kappa quadratic"));
        assertTrue(Files.size(model.resolve("roc_binary.png")) > 1000);
        Path cnn = dir.resolve("cnn");
        ok(InfoConvertCommandTest.run("stenosis", "train-cnn", "--manifest", cohort.resolve("manifest.csv").toString(),
                "--grades", cohort.resolve("grades.csv").toString(), "--out", cnn.toString(), "--epochs", "5"));
        Path graded = dir.resolve("graded.csv");
        ok(InfoConvertCommandTest.run("stenosis", "grade", "--ct", cohort.resolve("S001_5_ct.nii.gz").toString(),
                "--labels", cohort.resolve("S001_5_seg.nii.gz").toString(), "--model", model.resolve("grader.json").toString(),
                "--cnn", cnn.toString(), "--out", graded.toString()));
        Csv g = Csv.read(graded);
        int col = g.requireColumn("model_grade", "graded"), cnnCol = g.requireColumn("cnn_grade", "graded");
        for (int i = 0; i < g.rowCount(); i++)
            if (g.cell(i, 1).equals("disc")) {
                assertTrue(g.cell(i, col).matches("[0-3]"), g.rowMap(i).toString());
                assertTrue(g.cell(i, cnnCol).matches("[0-3]"), g.rowMap(i).toString());
            }
    }
}
