package org.spinerad.deep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.cli.SpineRadCli;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Manifest reading, batch feature export (resume, missing sequences), CLI and manifest errors, on small NIfTI files. */
public class DeepFeatureExportTest {
    static final VitConfig TINY = VitTrainingTest.TINY;

    public static Path cohort(Path dir) throws Exception { return cohort(dir, 3); }

    /** Writes P1..Pn with CT and T2 (P3 without T2) and a manifest. */
    static Path cohort(Path dir, int n) throws Exception {
        Geometry g = Geometry.of(20, 18, 12, 1, 1, 2);
        Random r = new Random(5);
        StringBuilder m = new StringBuilder("patient_id,CT,CT_mask,T2,T2_mask\n");
        for (int p = 1; p <= n; p++) {
            for (String seq : List.of("ct", "t2")) {
                Volume img = Volume.create(g, DataType.INT16);
                for (int i = 0; i < img.size(); i++) img.set(i, 100 * p + 40 * r.nextGaussian());
                VolumeIO.write(img, dir.resolve("P" + p + "_" + seq + ".nii.gz"));
            }
            Volume mask = Volume.create(g, DataType.UINT8);
            for (int z = 3; z < 8; z++) for (int y = 4; y < 12; y++) for (int x = 5 + p; x < 14; x++) mask.set(x, y, z, 1 + (z % 2));
            VolumeIO.writeLabelMap(new LabelMap(mask, Map.of()), dir.resolve("P" + p + "_seg.nii.gz"));
            m.append("P").append(p).append(",P").append(p).append("_ct.nii.gz,P").append(p).append("_seg.nii.gz,")
                    .append(p == 3 ? "," : "P" + p + "_t2.nii.gz,P" + p + "_seg.nii.gz").append('\n');
        }
        Path manifest = dir.resolve("manifest.csv");
        Files.writeString(manifest, m.toString());
        return manifest;
    }

    @Test
    void exportsPooledFeaturesAndResumes(@TempDir Path dir) throws Exception {
        Path manifest = cohort(dir);
        DeepCohort cohort = DeepCohort.read(manifest, null);
        assertEquals(List.of("CT", "T2"), cohort.sequences());
        List<DeepCohort.Structure> structures = List.of(DeepCohort.Structure.parse("vertebra=1-2"), DeepCohort.Structure.parse("upper=2"));
        VitPreprocessing pre = new VitPreprocessing(TINY.inputSize(), 3);
        Path out = dir.resolve("features.csv");
        try (VitModel model = VitModel.create(TINY, 9)) {
            assertEquals(new DeepFeatureExport.Summary(3, 0), DeepFeatureExport.run(model, pre, cohort, structures, out, Progress.NONE));
            Csv csv = Csv.read(out);
            assertEquals(1 + 2 * 2 * TINY.dim(), csv.header().size());
            assertEquals("DL_T2_upper_" + (TINY.dim() - 1), csv.header().get(csv.header().size() - 1));
            assertEquals(3, csv.rowCount());
            // P2's T2 vertebra block equals the network's pooled output of that ROI
            float[] expected = model.pooled(List.of(DeepCohort.scan(cohort.entries().get(1), "T2").input(structures.get(0), pre)))[0];
            int first = csv.column("DL_T2_vertebra_0");
            for (int i = 0; i < TINY.dim(); i++) assertEquals(expected[i], Float.parseFloat(csv.cell(1, first + i)), 0f);
            assertEquals("nan", csv.cell(2, first)); // P3 has no T2
            String complete = Files.readString(out);
            // an interrupted run: the last row cut in the middle
            Files.writeString(out, complete.substring(0, complete.length() - 40));
            assertEquals(new DeepFeatureExport.Summary(1, 2), DeepFeatureExport.run(model, pre, cohort, structures, out, Progress.NONE));
            assertEquals(complete, Files.readString(out));
            // another network's features cannot be appended
            try (VitModel other = VitModel.create(VitTrainingTest.TINY_WIDE, 1)) {
                SpineRadException e = assertThrows(SpineRadException.class,
                        () -> DeepFeatureExport.run(other, pre, cohort, structures, out, Progress.NONE));
                assertTrue(e.getMessage().contains("other columns"), e.getMessage());
            }
        }
    }

    @Test
    void trainFromManifestThenExportWithTheWeights(@TempDir Path dir) throws Exception {
        Path manifest = cohort(dir, 6);
        Path clinical = dir.resolve("clinical.csv");
        Files.writeString(clinical, "patient_id,outcome\nP1,1\nP2,0\nP3,1\nP4,0\nP5,1\nP6,0\n");
        Path out = dir.resolve("run");
        DeepCohort.Structure vertebra = DeepCohort.Structure.parse("vertebra=1,2");
        VitTrainer.Result r = DeepTraining.run(new DeepTraining.Request(manifest, clinical, "outcome", "CT", vertebra, TINY, 4,
                null, new VitTrainer.Settings(2, 2, 1e-3f, 0.01f, 2, 3), 0.4, out, false), Progress.NONE);
        assertTrue(r.bestEpoch() >= 1 && r.validationAuc().size() == 2);
        Path weights = out.resolve("model.params");
        VitWeights.Manifest m = VitWeights.readManifest(weights);
        assertEquals(TINY, m.config());
        assertEquals(4.0, m.preprocessing().marginMm());
        assertEquals("CT", m.provenance().getAsJsonObject().get("sequence").getAsString());
        Path features = dir.resolve("f.csv");
        DeepFeatureExport.run(manifest, List.of("CT"), List.of(vertebra), weights, null, null, 0, features, Progress.NONE);
        try (VitModel model = VitModel.load(weights)) {
            float[] expected = model.pooled(List.of(DeepCohort.scan(DeepCohort.read(manifest, null).entries().get(4), "CT")
                    .input(vertebra, m.preprocessing())))[0];
            Csv csv = Csv.read(features);
            for (int i = 0; i < TINY.dim(); i++) assertEquals(expected[i], Float.parseFloat(csv.cell(4, 1 + i)), 0f);
        }
        // starting from that backbone works; from a wider network it names the parameter
        try (VitModel wide = VitModel.create(VitTrainingTest.TINY_WIDE, 1)) {
            SpineRadException e = assertThrows(SpineRadException.class, () -> wide.copyFrom(weights, true));
            assertTrue(e.getMessage().contains("model.params: parameter 'pos_embed'"), e.getMessage());
        }
    }

    @Test
    void cliFeaturesAndManifestErrors(@TempDir Path dir) throws Exception {
        Path manifest = cohort(dir);
        Path out = dir.resolve("f.csv");
        assertEquals(0, SpineRadCli.execute("deep", "features", "--manifest", manifest.toString(), "--out", out.toString(),
                "--preset", "cpuSmall", "--sequence", "CT"));
        Csv csv = Csv.read(out);
        assertEquals(1 + VitConfig.cpuSmall().dim(), csv.header().size());
        assertEquals("DL_CT_vertebra_0", csv.header().get(1));
        assertEquals(3, csv.rowCount());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "patient_id,T2\nP1,P1_t2.nii.gz\n");
        SpineRadException e = assertThrows(SpineRadException.class, () -> DeepCohort.read(bad, List.of("T2")));
        assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("'T2_mask'"), e.getMessage());
        e = assertThrows(SpineRadException.class, () -> DeepCohort.read(bad, null));
        assertTrue(e.getMessage().contains("no image column"), e.getMessage());
        Files.writeString(bad, "id,CT,CT_mask\nP1,a,b\n");
        e = assertThrows(SpineRadException.class, () -> DeepCohort.read(bad, null));
        assertTrue(e.getMessage().contains("'patient_id'"), e.getMessage());
        assertEquals(2, SpineRadCli.execute("deep", "features", "--manifest", bad.toString(), "--out", out.toString()));
        // outcomes: missing column, bad value
        e = assertThrows(SpineRadException.class, () -> DeepCohort.read(manifest, null).outcomes("outcome", null));
        assertTrue(e.getMessage().contains("no outcome column 'outcome'"), e.getMessage());
        Path clinical = dir.resolve("clinical.csv");
        Files.writeString(clinical, "patient_id,outcome\nP1,1\nP2,0\nP3,\n");
        assertEquals(Map.of("P1", 1, "P2", 0), DeepCohort.read(manifest, null).outcomes("outcome", clinical));
        Files.writeString(clinical, "patient_id,outcome\nP1,2\n");
        e = assertThrows(SpineRadException.class, () -> DeepCohort.read(manifest, null).outcomes("outcome", clinical));
        assertTrue(e.getMessage().contains("must be 0 or 1"), e.getMessage());
    }
}
