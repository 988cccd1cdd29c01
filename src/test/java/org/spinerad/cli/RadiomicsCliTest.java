package org.spinerad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.io.VolumeIO;
import org.spinerad.testutil.SharedData;
import org.spinerad.util.Csv;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RadiomicsCliTest {
    static final Path CT = SharedData.file("totalsegmentator/example_ct.nii.gz");
    static final Path SEG = SharedData.file("totalsegmentator/spine_report/totalseg_vertebrae_pp_refined.nii.gz");

    @Test
    void radiomicsWithDefaultsOnNiftiAndNrrd(@TempDir Path dir) {
        Path nrrdMask = dir.resolve("seg.nrrd");
        VolumeIO.write(VolumeIO.read(SEG), nrrdMask);
        Path out = dir.resolve("f.csv");
        assertEquals(0, SpineRadCli.execute("radiomics", "--image", CT.toString(), "--mask", nrrdMask.toString(),
                "--label", "20", "--label", "22", "--out", out.toString()));
        Csv csv = Csv.read(out);
        assertEquals(List.of("Image", "Mask", "Label", "LabelName"), csv.header().subList(0, 4));
        assertEquals("diagnostics_Versions_SpineRad", csv.header().get(4));
        assertEquals(2, csv.rowCount());
        assertEquals("20", csv.rowMap(0).get("Label"));
        assertEquals("35613.0", csv.rowMap(0).get("original_shape_VoxelVolume"));
        assertEquals(107, csv.header().stream().filter(h -> h.startsWith("original_")).count());
        assertTrue(Files.exists(dir.resolve("f.csv.provenance.json")));
    }

    @Test
    void badInputIsExitCode2WithAMessage(@TempDir Path dir) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Path params = dir.resolve("p.yaml");
            Files.writeString(params, "setting:\n  binWidth: [1]\n");
            assertEquals(2, SpineRadCli.execute("radiomics", "--image", CT.toString(), "--mask", SEG.toString(),
                    "--params", params.toString(), "--out", dir.resolve("x.csv").toString()));
            assertEquals(2, SpineRadCli.execute("radiomics", "--image", CT.toString(), "--mask", SEG.toString(),
                    "--label", "99", "--out", dir.resolve("x.csv").toString()));
        } finally {
            System.setErr(err);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("p.yaml") && text.contains("binWidth"), text);
        assertTrue(text.contains("Label 99"), text);
    }

    @Test
    void batchAndBench(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("m.csv"), "patient_id,CT,CT_mask\na," + CT + "," + SEG + "\nb,missing.nii.gz,missing_seg.nii.gz\n");
        Path params = dir.resolve("p.yaml");
        Files.writeString(params, "featureClass: {firstorder: [Mean]}\n");
        Path out = dir.resolve("wide.csv");
        assertEquals(3, SpineRadCli.execute("radiomics-batch", "--manifest", dir.resolve("m.csv").toString(), "--out", out.toString(),
                "--params", params.toString(), "--labels", "20,21", "--threads", "2"));
        Csv csv = Csv.read(out);
        assertEquals(2, csv.rowCount());
        assertTrue(csv.header().containsAll(List.of("CT_label_20_original_firstorder_Mean", "CT_label_21_original_firstorder_Mean")));
        assertEquals(1, Csv.read(dir.resolve("wide.csv.errors.csv")).rowCount());

        PrintStream stdout = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, SpineRadCli.execute("bench", "radiomics", "--roi-voxels", "3000", "--sigma", "1", "--threads", "2", "--repeat", "1"));
        } finally {
            System.setOut(stdout);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("== vertebral body (synthetic)") && text.contains("== muscle (synthetic)"), text);
        assertTrue(text.contains("speed-up"), text);
        for (String t : List.of("Original", "LoG", "Wavelet")) assertTrue(text.contains("\n" + t + " "), text);
    }
}
