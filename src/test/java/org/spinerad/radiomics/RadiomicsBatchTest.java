package org.spinerad.radiomics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.*;

class RadiomicsBatchTest {
    final List<Path> reads = Collections.synchronizedList(new ArrayList<>());

    RadiomicsBatch batch(List<RadiomicsBatch.Structure> structures) {
        ParameterFile p = ParameterFile.parse("featureClass: {shape: , firstorder: [Mean]}", "batch.yaml", false);
        RadiomicsExtractor ex = new RadiomicsExtractor(p, FeatureDoubles.components(), null);
        return new RadiomicsBatch(ex, structures, List.of(), f -> {
            reads.add(f.getFileName());
            return VolumeIO.read(f);
        }, f -> {
            reads.add(f.getFileName());
            LabelMap m = VolumeIO.readLabelMap(f);
            m.setName(2, "L1");
            return m;
        }, new ForkJoinPool(2));
    }

    /** Patient k: the synthetic image plus k, so that rows differ. */
    static void writeCase(Path dir, String id, int k) {
        Volume img = RadiomicsExtractorTest.image();
        for (int i = 0; i < img.size(); i++) img.set(i, img.get(i) + k);
        VolumeIO.write(img, dir.resolve(id + "_ct.nii.gz"));
        VolumeIO.write(RadiomicsExtractorTest.mask(), dir.resolve(id + "_seg.nrrd"));
    }

    static void manifest(Path dir, String... ids) throws Exception {
        StringBuilder sb = new StringBuilder("patient_id,CT,CT_mask\n");
        for (String id : ids) sb.append(id).append(',').append(id).append("_ct.nii.gz,").append(id).append("_seg.nrrd\n");
        Files.writeString(dir.resolve("cohort.csv"), sb.toString());
    }

    @Test
    void wideTableWithUnionStructuresAndResumeAfterACrash(@TempDir Path dir) throws Exception {
        for (int k = 1; k <= 4; k++) writeCase(dir, "P" + k, k * 10);
        manifest(dir, "P1", "P2");
        Path out = dir.resolve("out").resolve("features.csv");
        var structures = List.of(RadiomicsBatch.Structure.parse("vertebra=2"), RadiomicsBatch.Structure.parse("blobs = 2, 3"));
        var r = batch(structures).run(dir.resolve("cohort.csv"), out, Progress.NONE);
        assertEquals(new RadiomicsBatch.Result(2, 0, 0), r);
        Csv first = Csv.read(out);
        assertEquals(List.of("patient_id", "error", "CT_vertebra_original_shape_VoxelVolume", "CT_vertebra_original_shape_VoxelNum",
                "CT_vertebra_original_firstorder_Mean", "CT_blobs_original_shape_VoxelVolume", "CT_blobs_original_shape_VoxelNum",
                "CT_blobs_original_firstorder_Mean"), first.header());
        int p1 = first.rows().get(0).get(0).equals("P1") ? 0 : 1;
        assertEquals("100.0", first.rowMap(p1).get("CT_vertebra_original_shape_VoxelNum"));
        assertEquals("104.0", first.rowMap(p1).get("CT_blobs_original_shape_VoxelNum")); // 100 + the 4 voxels of label 3
        // the mean of P1's vertebra equals the extractor on the files directly
        var direct = new RadiomicsExtractor(ParameterFile.parse("featureClass: {firstorder: [Mean]}", "x", false),
                FeatureDoubles.components(), null).execute(VolumeIO.read(dir.resolve("P1_ct.nii.gz")), VolumeIO.read(dir.resolve("P1_seg.nrrd")), 2);
        assertEquals(RadiomicsTable.format(direct.get("original_firstorder_Mean")), first.rowMap(p1).get("CT_vertebra_original_firstorder_Mean"));
        assertTrue(Files.exists(RadiomicsTable.provenancePath(out)));
        assertTrue(Files.readString(RadiomicsTable.provenancePath(out)).contains("batch.yaml"));

        // crash simulation: a half-written row at the end, then a rerun over a longer manifest
        Files.writeString(out, "P3,,41.", StandardOpenOption.APPEND);
        manifest(dir, "P1", "P2", "P3", "P4");
        reads.clear();
        r = batch(structures).run(dir.resolve("cohort.csv"), out, Progress.NONE);
        assertEquals(new RadiomicsBatch.Result(2, 2, 0), r);
        assertEquals(List.of("P3_ct.nii.gz", "P3_seg.nrrd", "P4_ct.nii.gz", "P4_seg.nrrd"),
                reads.stream().map(Path::toString).sorted().toList()); // finished patients were not read again
        Csv after = Csv.read(out);
        assertEquals(List.of("P1", "P2", "P3", "P4"), after.rows().stream().map(row -> row.get(0)).sorted().toList());
        assertEquals(first.rowMap(p1), after.rowMap(p1));
        assertTrue(Files.readString(out).endsWith("\n"));
    }

    @Test
    void badCasesAreRecordedAndTheBatchGoesOn(@TempDir Path dir) throws Exception {
        writeCase(dir, "ok", 0);
        writeCase(dir, "shifted", 0);
        writeCase(dir, "empty", 0);
        Volume shifted = RadiomicsExtractorTest.mask();
        VolumeIO.write(Volume.wrap(shifted.geometry().withOrigin(new double[]{3, 0, 0}), DataType.UINT8, shifted.array()),
                dir.resolve("shifted_seg.nrrd"));
        VolumeIO.write(Volume.create(Geometry.of(12, 10, 8, 0.8, 0.9, 2.5), DataType.UINT8), dir.resolve("empty_seg.nrrd"));
        Files.writeString(dir.resolve("cohort.csv"), """
                patient_id,CT,CT_mask
                ok,ok_ct.nii.gz,ok_seg.nrrd
                missing,missing_ct.nii.gz,missing_seg.nrrd
                shifted,shifted_ct.nii.gz,shifted_seg.nrrd
                empty,empty_ct.nii.gz,empty_seg.nrrd
                """);
        Path out = dir.resolve("f.csv");
        var r = batch(List.of()).run(dir.resolve("cohort.csv"), out, Progress.NONE);
        assertEquals(new RadiomicsBatch.Result(1, 0, 3), r);
        Csv table = Csv.read(out);
        assertEquals(4, table.rowCount());
        Map<String, String> ok = null;
        for (int i = 0; i < table.rowCount(); i++) if (table.rowMap(i).get("patient_id").equals("ok")) ok = table.rowMap(i);
        assertNotNull(ok);
        assertEquals("", ok.get("error"));
        assertEquals("100.0", ok.get("CT_L1_original_shape_VoxelNum")); // per-label structures named from label names
        assertEquals("4.0", ok.get("CT_label_3_original_shape_VoxelNum"));

        Csv errors = Csv.read(RadiomicsBatch.errorsPath(out));
        assertEquals(List.of("patient_id", "sequence", "structure", "file", "problem"), errors.header());
        assertEquals(4, errors.rowCount()); // missing file, shifted grid (two labels), empty mask
        String all = String.join("\n", errors.rows().stream().map(row -> String.join("|", row)).toList());
        assertTrue(all.contains("missing|CT||" + dir.resolve("missing_ct.nii.gz")), all);
        assertTrue(all.contains("not found"), all);
        assertTrue(all.contains("shifted|CT|L1|") && all.contains("origin"), all);
        assertTrue(all.contains("empty|CT||" + dir.resolve("empty_seg.nrrd") + "|the mask is empty"), all);

        // a rerun keeps the failed patients (not retried forever) ...
        reads.clear();
        r = batch(List.of()).run(dir.resolve("cohort.csv"), out, Progress.NONE);
        assertEquals(new RadiomicsBatch.Result(0, 1, 0, 3, List.of()), r);
        assertFalse(r.allDone());
        assertTrue(reads.isEmpty(), reads.toString());
        assertEquals(4, Csv.read(RadiomicsBatch.errorsPath(out)).rowCount());
        // ... and retries only them when asked
        r = batch(List.of()).retryFailed(true).run(dir.resolve("cohort.csv"), out, Progress.NONE);
        assertEquals(new RadiomicsBatch.Result(0, 1, 3), r);
        assertFalse(reads.contains(Path.of("ok_ct.nii.gz")));
        assertEquals(4, Csv.read(out).rowCount());
        assertEquals(4, Csv.read(RadiomicsBatch.errorsPath(out)).rowCount()); // replaced, not duplicated
    }

    @Test
    void twoSequencesOneMissingForAPatient(@TempDir Path dir) throws Exception {
        writeCase(dir, "A", 0);
        writeCase(dir, "B", 5);
        Volume t2 = RadiomicsExtractorTest.image();
        for (int i = 0; i < t2.size(); i++) t2.set(i, 1000 - t2.get(i));
        Files.createDirectories(dir.resolve("mr"));
        VolumeIO.write(t2, dir.resolve("mr/A_t2.nrrd"));
        Files.writeString(dir.resolve("cohort.csv"), """
                patient_id,CT,T2,CT_mask,T2_mask,age
                A,A_ct.nii.gz,mr/A_t2.nrrd,A_seg.nrrd,A_seg.nrrd,61
                B,B_ct.nii.gz,,B_seg.nrrd,,57
                """);
        Path out = dir.resolve("wide.csv");
        var r = batch(List.of(RadiomicsBatch.Structure.parse("vertebra=2"))).run(dir.resolve("cohort.csv"), out, Progress.NONE);
        assertEquals(new RadiomicsBatch.Result(2, 0, 0), r);
        Csv csv = Csv.read(out);
        Map<String, String> a = null, b = null;
        for (int i = 0; i < csv.rowCount(); i++) {
            if (csv.rowMap(i).get("patient_id").equals("A")) a = csv.rowMap(i);
            else b = csv.rowMap(i);
        }
        assertNotNull(a);
        assertNotNull(b);
        double ctMean = Double.parseDouble(a.get("CT_vertebra_original_firstorder_Mean"));
        assertEquals(1000 - ctMean, Double.parseDouble(a.get("T2_vertebra_original_firstorder_Mean")), 1e-9);
        assertEquals("", b.get("T2_vertebra_original_firstorder_Mean")); // B has no T2
        assertEquals(ctMean + 5, Double.parseDouble(b.get("CT_vertebra_original_firstorder_Mean")), 1e-9);
        assertFalse(csv.header().contains("age"));
    }
}
