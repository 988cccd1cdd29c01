package org.spinerad.segment;

import org.spinerad.segment.training.TrainingCase;
import org.spinerad.segment.training.UNetTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.cli.SpineRadCli;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.phantom.PhantomParams;
import org.spinerad.phantom.SpinePhantom;
import org.spinerad.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shipped phantom-trained model on phantoms it has never seen (a cohort seed not used in training), and the
 * {@code spinerad segment} command line in single and resumable batch mode.
 */
class ShippedModelTest {
    static final Path MODEL = Path.of(Segmenter.PHANTOM_MODEL);

    static double[] dicePerLevel(LabelMap predicted, LabelMap truth) {
        int n = truth.volume().size();
        int[] p = new int[n], t = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = predicted.volume().getInt(i);
            int v = truth.volume().getInt(i);
            t[i] = v >= SpineLabels.L1 && v <= SpineLabels.L5 ? v : 0;
        }
        double[] d = new double[5];
        for (int k = 0; k < 5; k++) d[k] = UNetTrainer.dice(p, t, SpineLabels.LUMBAR[k]);
        return d;
    }

    @Test
    void segmentsFreshPhantomsWithMeanDiceAtLeast090() throws Exception {
        ModelManifest m = ModelManifest.read(MODEL);
        assertTrue(Files.size(MODEL.resolve(m.parameterFile())) < 2_000_000, "shipped parameter file stays small");
        // bundled in the jar too, for Fiji and for the CLI outside the installation folder
        assertNotNull(Segmenter.class.getResource("/" + Segmenter.PHANTOM_MODEL + "/" + m.parameterFile()));
        double sum = 0;
        int count = 0;
        StringBuilder report = new StringBuilder();
        try (Segmenter seg = Segmenter.load(MODEL)) {
            for (TrainingCase c : TrainingCase.phantoms(4, 20261125L, m.spacing()[0])) {
                TrainingCase.Pair pair = c.loader().get();
                LabelMap predicted = seg.segment(pair.image(), Progress.NONE);
                assertNull(predicted.geometry().mismatch(pair.image().geometry(), 1e-9));
                double[] d = dicePerLevel(predicted, pair.labels());
                report.append(c.id()).append(' ');
                for (int k = 0; k < 5; k++) {
                    report.append(String.format(Locale.ROOT, "L%d=%.3f ", k + 1, d[k]));
                    sum += d[k];
                    count++;
                }
                report.append('\n');
            }
        }
        double mean = sum / count;
        System.out.println("shipped model, fresh phantoms: mean Dice L1-L5 " + mean + "\n" + report);
        assertTrue(mean >= 0.90, "mean Dice over L1-L5 " + mean + " < 0.90\n" + report);
    }

    @Test
    void commandLineSingleAndResumableBatch(@TempDir Path dir) throws Exception {
        // a default-resolution phantom (1.5 x 1.5 x 2 mm): exercises resampling to the model spacing and back
        SpinePhantom.PhantomImage ct = new SpinePhantom(PhantomParams.builder().seed(99).build()).ct();
        Path image = dir.resolve("P1_ct.nii.gz"), out = dir.resolve("P1_seg.nii.gz");
        VolumeIO.write(ct.image(), image);
        assertEquals(0, SpineRadCli.execute("segment", "--image", image.toString(), "--out", out.toString(), "--model", MODEL.toString()));
        LabelMap seg = VolumeIO.readLabelMap(out);
        assertNull(seg.geometry().mismatch(ct.image().geometry(), 1e-4));
        assertEquals("L4", seg.name(SpineLabels.L4));
        double[] d = dicePerLevel(seg, ct.labels());
        double mean = (d[0] + d[1] + d[2] + d[3] + d[4]) / 5;
        System.out.println("default-grid phantom via CLI: Dice " + java.util.Arrays.toString(d));
        assertTrue(mean >= 0.90, "mean Dice " + mean + " on a 1.5 mm phantom resampled to the model grid");

        Path second = dir.resolve("P2_ct.nii.gz");
        Volume small = ct.image().crop(20, 20, 20, 40, 30, 30); // smaller than the patch in every axis: padded
        VolumeIO.write(small, second);
        Files.writeString(dir.resolve("m.csv"), "patient_id,CT\nP1,P1_ct.nii.gz\nP2,P2_ct.nii.gz\n");
        Path outDir = dir.resolve("segs");
        assertEquals(0, SpineRadCli.execute("segment", "--manifest", dir.resolve("m.csv").toString(), "--out-dir",
                outDir.toString(), "--model", MODEL.toString()));
        Path p2 = outDir.resolve("P2_ct_unetseg.nii.gz");
        assertNull(VolumeIO.readLabelMap(p2).geometry().mismatch(small.geometry(), 1e-4));
        long stamp = Files.getLastModifiedTime(p2).toMillis();
        Files.delete(outDir.resolve("P1_ct_unetseg.nii.gz"));
        assertEquals(0, SpineRadCli.execute("segment", "--manifest", dir.resolve("m.csv").toString(), "--out-dir",
                outDir.toString(), "--model", MODEL.toString()));
        assertTrue(Files.isRegularFile(outDir.resolve("P1_ct_unetseg.nii.gz")));
        assertEquals(stamp, Files.getLastModifiedTime(p2).toMillis(), "finished outputs are skipped on resume");
        // bad input: a missing model folder is a user error (exit code 2)
        assertEquals(2, SpineRadCli.execute("segment", "--image", image.toString(), "--out", out.toString(), "--model",
                dir.resolve("nope").toString()));
    }
}
