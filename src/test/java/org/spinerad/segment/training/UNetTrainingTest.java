package org.spinerad.segment.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.cli.SpineRadCli;
import org.spinerad.image.SpineLabels;
import org.spinerad.segment.ModelManifest;
import org.spinerad.segment.UNetConfig;
import org.spinerad.io.VolumeIO;
import org.spinerad.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A short training run on coarse phantoms lowers the loss, is deterministic and writes a loadable model folder. */
class UNetTrainingTest {

    static UNetTrainer.Options options(int steps) {
        return new UNetTrainer.Options(UNetConfig.of(6, 4, 2), new double[]{8, 8, 8}, new int[]{16, 16, 24}, 2, steps,
                0.01, 1.0 / 3, steps, 0.34, 3, Augmentation.Level.BASIC, 0, SpineLabels.LUMBAR.clone(), new String[]{"L1", "L2", "L3", "L4", "L5"}, null);
    }

    @Test
    void trainingLowersLossDeterministicallyAndSavesAModel(@TempDir Path dir) {
        List<TrainingCase> cases = TrainingCase.phantoms(3, 5, 8); // 24 x 21 x 24 voxels of 8 mm
        UNetTrainer.Result r = UNetTrainer.train(cases, options(30), dir.resolve("a"), null, Progress.NONE);
        assertEquals(30, r.stepsDone());
        double first = 0, last = 0;
        for (int i = 0; i < 5; i++) {
            first += r.losses()[i] / 5;
            last += r.losses()[25 + i] / 5;
        }
        assertTrue(last < 0.85 * first, "loss of the last 5 steps " + last + " vs first 5 " + first);
        assertTrue(Files.isRegularFile(dir.resolve("a/model.params")));
        ModelManifest m = ModelManifest.read(dir.resolve("a"));
        assertEquals(1, m.training().getAsJsonArray("validationCases").size());
        assertEquals(6, m.validationDice().size()); // L1..L5 and mean
        assertArrayEquals(new double[]{8, 8, 8}, m.spacing());
        assertTrue(m.normalization().clipHigh() > m.normalization().clipLow());
        UNetTrainer.Result again = UNetTrainer.train(cases, options(30), dir.resolve("b"), null, Progress.NONE);
        assertArrayEquals(r.losses(), again.losses(), 1e-4f, "same seed, same losses");
    }

    @Test
    void trainCommandReadsACohortManifest(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("patient_id,CT,CT_mask\n");
        for (TrainingCase c : TrainingCase.phantoms(2, 9, 8)) {
            TrainingCase.Pair p = c.loader().get();
            VolumeIO.write(p.image(), dir.resolve(c.id() + "_ct.nii.gz"));
            VolumeIO.writeLabelMap(p.labels(), dir.resolve(c.id() + "_seg.nii.gz"));
            csv.append(c.id()).append(',').append(c.id()).append("_ct.nii.gz,").append(c.id()).append("_seg.nii.gz\n");
        }
        Files.writeString(dir.resolve("manifest.csv"), csv);
        Path out = dir.resolve("model");
        assertEquals(0, SpineRadCli.execute("segment", "train", "--manifest", dir.resolve("manifest.csv").toString(),
                "--out", out.toString(), "--spacing", "8,8,8", "--patch", "16,16,24", "--base-channels", "4", "--depth", "2",
                "--steps", "4", "--validate-every", "2"));
        ModelManifest m = ModelManifest.read(out);
        assertTrue(m.training().get("data").getAsString().contains("manifest.csv (2 cases, CT / CT_mask)"));
        assertEquals(4, m.unet().baseChannels());
        assertEquals("L5", m.labels().get(4).name());
        // fine-tuning from the model just written; another architecture is refused
        Path tuned = dir.resolve("tuned");
        String[] common = {"segment", "train", "--manifest", dir.resolve("manifest.csv").toString(), "--spacing", "8,8,8",
                "--patch", "16,16,24", "--depth", "2", "--steps", "2", "--validate-every", "2", "--init", out.toString()};
        assertEquals(0, SpineRadCli.execute(concat(common, "--out", tuned.toString(), "--base-channels", "4")));
        ModelManifest t = ModelManifest.read(tuned);
        assertEquals(out.toString(), t.training().get("initialisedFrom").getAsString());
        assertEquals(m.normalization(), t.normalization());
        assertEquals(2, SpineRadCli.execute(concat(common, "--out", tuned.toString(), "--base-channels", "8")));
        // a listed file that does not exist is a user error naming it
        Files.writeString(dir.resolve("bad.csv"), "CT,CT_mask\nmissing.nii.gz,x.nii.gz\n");
        assertEquals(2, SpineRadCli.execute("segment", "train", "--manifest", dir.resolve("bad.csv").toString(), "--out", out.toString()));
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aCaseDrawnTwiceIsPreparedOnceWithTheSameResult(@TempDir Path dir) {
        List<TrainingCase> base = TrainingCase.phantoms(2, 5, 8);
        TrainingCase first = base.get(0);
        List<TrainingCase> shared = new java.util.ArrayList<>(base), separate = new java.util.ArrayList<>(base);
        shared.add(new TrainingCase(first.id() + "#2", first.loader()));
        separate.add(new TrainingCase(first.id() + "#2", () -> first.loader().get()));
        float[] a = UNetTrainer.train(shared, options(6), dir.resolve("shared"), null, Progress.NONE).losses();
        float[] b = UNetTrainer.train(separate, options(6), dir.resolve("separate"), null, Progress.NONE).losses();
        assertArrayEquals(b, a);
    }
}
