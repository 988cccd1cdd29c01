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
            // the CT canal area from the densities: 185-358 mm² (236-419 from the derived canal's labels alone)
            double area = Double.parseDouble(rows.get(level + "|central").get("ct_canal_area_mm2"));
            assertTrue(area >= 150 && area <= 380, level + " CT canal area " + area);
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
        for (String level : new String[]{"L2-L3", "L3-L4"}) { // 294 / 313 mm² from the densities, 383 / 374 from the labels
            double ctArea = Double.parseDouble(rows.get(level + "|central").get("ct_canal_area_mm2"));
            assertTrue(ctArea >= 150 && ctArea <= 340, level + " CT canal area " + ctArea);
        }
        assertFalse(rows.containsKey("L4|central"), "L4 is cut by the image border");
    }

    /**
     * Without articular-process labels the SAP is taken as the lower vertebra's posterior elements in the disc plane:
     * the recess depths agree with those from TPTBox's labelled superior articular processes within 0.5 mm (0.03 mm
     * measured; 8.9 / 10.4 and 15.9 / 16.8 mm against 9.8 / 7.6 and 10.2 / 8.4 with the first posterior element met).
     */
    @Test
    void recessFromThePosteriorElementsAgreesWithTheLabelledSuperiorArticularProcesses() {
        var labelled = measure(TPT_CT, tptSeg, "tpt_sap", "--articular", tptArticular.toString());
        var generic = measure(TPT_CT, tptSeg, "tpt_generic");
        for (String level : new String[]{"L2-L3", "L3-L4"})
            for (String side : new String[]{"left", "right"}) {
                String key = level + "|" + side;
                assertEquals(Double.parseDouble(labelled.get(key).get("recess_depth_mm")),
                        Double.parseDouble(generic.get(key).get("recess_depth_mm")), 0.5, key);
            }
        var example = measure(EXAMPLE_CT, exampleSeg, "example_recess"); // reference masks: 6.4-12.0 mm (8.7-17.5 before)
        for (String level : new String[]{"L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"})
            for (String side : new String[]{"left", "right"}) {
                double depth = Double.parseDouble(example.get(level + "|" + side).get("recess_depth_mm"));
                assertTrue(depth >= 5 && depth <= 13, level + " " + side + " recess depth " + depth);
            }
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

    /**
     * A canal label split along the mid-sagittal plane (as a poor segmentation gives) is completed from the bodies,
     * discs and posterior elements (CanalCompletion): L3-L4, inside the field of view, gets its AP, area and grade
     * close to the unsplit canal's (L2-L3 lies at the image's cut upper border, where the completion overshoots).
     */
    @Test
    void levelWithoutCanalOnTheMidlineIsCompleted() {
        LabelMap m = VolumeIO.readLabelMap(tptSeg);
        Volume v = m.volume().copy();
        var g = v.geometry();
        double zc = 0, count = 0; // TPTBox is stored PIR: index z runs to the right
        for (int i = 0; i < v.size(); i++) if (v.getInt(i) == SpineLabels.CANAL) { zc += i / (g.nx() * g.ny()); count++; }
        zc /= count;
        for (int i = 0; i < v.size(); i++) if (v.getInt(i) == SpineLabels.CANAL && Math.abs(i / (g.nx() * g.ny()) - zc) <= 2.5) v.set(i, 0);
        Path split = dir.resolve("split_canal.nii.gz");
        VolumeIO.writeLabelMap(new LabelMap(v, SpineLabels.NAMES), split);
        var r = measure(TPT_CT, split, "split").get("L3-L4|central");
        var whole = measure(TPT_CT, tptSeg, "unsplit").get("L3-L4|central");
        double area = Double.parseDouble(r.get("ct_canal_area_mm2")), area0 = Double.parseDouble(whole.get("ct_canal_area_mm2"));
        assertEquals(area0, area, 0.15 * area0, r.toString());
        assertEquals(Double.parseDouble(whole.get("ap_diameter_mm")), Double.parseDouble(r.get("ap_diameter_mm")), 2.5, r.toString());
        assertEquals(whole.get("grade"), r.get("grade"));
    }

    @Test
    void mismatchedImagesAreAnError() {
        String[] r = InfoConvertCommandTest.run("stenosis", "measure", "--ct", EXAMPLE_CT.toString(), "--labels", tptSeg.toString(),
                "--out", dir.resolve("z.csv").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("tpt_seg.nii.gz") && r[2].contains("does not match the CT"), r[2]);
    }

    @Test
    void articularMapOnAnotherGridIsAnError() {
        String[] r = InfoConvertCommandTest.run("stenosis", "measure", "--ct", TPT_CT.toString(), "--labels", tptSeg.toString(),
                "--articular", exampleSeg.toString(), "--out", dir.resolve("a.csv").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("example_seg.nii.gz") && r[2].contains("articular-process map does not match"), r[2]);
        String[] ts = InfoConvertCommandTest.run("stenosis", "reference", "--ct", EXAMPLE_CT.toString(),
                "--totalseg", SharedData.file("totalsegmentator/spine_report/totalseg.nii.gz").toString(),
                "--totalseg-body", SharedData.file("totalsegmentator/spine_report/totalseg_vertebrae_body.nii.gz").toString(),
                "--out", dir.resolve("ts.nii.gz").toString(), "--articular-out", dir.resolve("ts_art.nii.gz").toString());
        assertEquals("2", ts[0]);
        assertTrue(ts[2].contains("totalseg.nii.gz") && ts[2].contains("no articular-process labels"), ts[2]);
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
                "--grades", cohort.resolve("grades.csv").toString(), "--out", cnn.toString(), "--epochs", "5", "--folds", "3"));
        assertTrue(Files.readString(cnn.resolve("report.html")).contains("Per fold"));
        assertEquals(6 * 16 - 6 * 4, Csv.read(cnn.resolve("cv_predictions.csv")).rowCount()); // every graded disc level and side
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

    /** Rows keyed by patient, level and side (the batch table's row key). */
    static Map<String, Map<String, String>> byRowKey(Path table) {
        Csv t = Csv.read(table);
        Map<String, Map<String, String>> m = new HashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            var r = t.rowMap(i);
            assertNull(m.put(r.get("patient_id") + "|" + r.get("level") + "|" + r.get("side"), r), "row twice: " + r);
        }
        return m;
    }

    @Test
    void batchShardsMergeToTheSingleRunAndFailedPatientsAreRetried() throws Exception {
        Path cohort = dir.resolve("shard_cohort");
        ok(InfoConvertCommandTest.run("stenosis", "cohort", "--out", cohort.toString(), "--n", "4", "--seed", "8", "--spacing", "1.5"));
        Path manifest = cohort.resolve("manifest_bad.csv");
        String seg = Csv.read(cohort.resolve("manifest.csv")).rowMap(0).get("labels");
        Files.writeString(manifest, Files.readString(cohort.resolve("manifest.csv")).stripTrailing() + "\nBAD,missing_ct.nii.gz," + seg + "\n");
        Path single = dir.resolve("shard_single/stenosis.csv"), sharded = dir.resolve("shard_parts/stenosis.csv");
        String[] r = InfoConvertCommandTest.run("stenosis", "batch", "--manifest", manifest.toString(), "--out", single.toString());
        assertEquals("3", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("BAD") && r[2].contains("missing_ct.nii.gz"), r[2]);
        for (int k = 0; k < 2; k++)
            assertEquals("3".equals(InfoConvertCommandTest.run("stenosis", "batch", "--manifest", manifest.toString(), "--out", sharded.toString(),
                    "--shard", k + "/2")[0]), org.spinerad.batch.Shard.of("BAD", 2) == k);
        String[] merged = InfoConvertCommandTest.run("merge", "--out", sharded.toString());
        assertEquals("3", merged[0], merged[1] + merged[2]); // the error row is kept and counted
        var reference = byRowKey(single);
        assertEquals(4 * (4 * 3 + 4) + 1, reference.size(), reference.keySet().toString()); // 4 disc levels x 3 sides + 4 pedicles, + BAD
        assertEquals(reference, byRowKey(sharded));
        assertTrue(Files.readString(dir.resolve("shard_parts/stenosis.csv.errors.csv")).contains("BAD"));

        // a rerun keeps the failed patient unless --retry-failed; once its CT is there the retry measures it
        String[] again = InfoConvertCommandTest.run("stenosis", "batch", "--manifest", manifest.toString(), "--out", single.toString());
        assertEquals("3", again[0]);
        assertTrue(again[1].contains("1 failed before"), again[1]);
        Files.copy(cohort.resolve(Csv.read(cohort.resolve("manifest.csv")).rowMap(0).get("ct")), cohort.resolve("missing_ct.nii.gz"));
        String[] retried = InfoConvertCommandTest.run("stenosis", "batch", "--manifest", manifest.toString(), "--out", single.toString(), "--retry-failed");
        assertEquals("0", retried[0], retried[1] + retried[2]);
        var after = byRowKey(single);
        assertEquals(5 * (4 * 3 + 4), after.size());
        assertTrue(after.values().stream().allMatch(row -> row.get("error").isEmpty()));
        assertFalse(Files.readString(dir.resolve("shard_single/stenosis.csv.errors.csv")).contains("BAD"));
    }

    @Test
    void batchManifestWithoutLabelsColumnIsAnError() throws Exception {
        Path manifest = dir.resolve("no_labels.csv");
        Files.writeString(manifest, "patient_id,ct\np1,ct.nii.gz\n");
        String[] r = InfoConvertCommandTest.run("stenosis", "batch", "--manifest", manifest.toString(), "--out", dir.resolve("nl.csv").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no_labels.csv") && r[2].contains("labels"), r[2]);
    }
}
