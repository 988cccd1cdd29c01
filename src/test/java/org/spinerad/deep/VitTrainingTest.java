package org.spinerad.deep;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.stats.Roc;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training, gradients and weights files on a tiny network. */
class VitTrainingTest {
    static final VitConfig TINY = new VitConfig(16, 8, 32, 1, 2, 16, 64, 1e-5f);
    static final VitConfig TINY_WIDE = new VitConfig(16, 8, 48, 1, 2, 16, 64, 1e-5f);

    /** A noisy cube with a bright (label 1) or dark (label 0) ball at a random place (not z-scored: the mean tells the class). */
    static float[] blob(int n, boolean bright, Random r) {
        float[] v = new float[n * n * n];
        double cx = 4 + r.nextDouble() * (n - 8), cy = 4 + r.nextDouble() * (n - 8), cz = 4 + r.nextDouble() * (n - 8);
        for (int z = 0, i = 0; z < n; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++, i++) {
                    double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz);
                    v[i] = (float) (0.5 * r.nextGaussian() + (d2 <= 9 ? (bright ? 2 : -2) : 0));
                }
        return v;
    }

    static List<VitTrainer.Sample> blobs(int count, long seed) {
        Random r = new Random(seed);
        List<VitTrainer.Sample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = i % 2;
            float[] v = blob(TINY.inputSize(), label == 1, r);
            out.add(new VitTrainer.Sample("c" + i, label, () -> v));
        }
        return out;
    }

    @Test
    void trainingLowersLossAndBeatsChanceOnHeldOutCases(@TempDir Path dir) throws Exception {
        try (VitModel model = VitModel.create(TINY, 3)) {
            VitTrainer trainer = new VitTrainer(model, new VitTrainer.Settings(8, 8, 3e-3f, 0.01f, 8, 5));
            List<VitTrainer.Sample> test = blobs(32, 99);
            double aucBefore = trainer.auc(test);
            VitTrainer.Result r = trainer.fit(blobs(32, 1), blobs(16, 2), VitPreprocessing.of(TINY), dir, null, Progress.NONE);
            assertTrue(r.trainLoss().get(r.trainLoss().size() - 1) < 0.6 * r.trainLoss().get(0), "loss " + r.trainLoss());
            double auc = trainer.auc(test);
            assertTrue(auc > 0.85, "held-out AUC " + auc + " (before training " + aucBefore + ")");
            // the restored weights are the best epoch's: same validation AUC as recorded
            assertEquals(r.bestAuc(), trainer.auc(blobs(16, 2)), 1e-9);
            assertTrue(Files.isRegularFile(dir.resolve("model.params")) && Files.isRegularFile(dir.resolve("model.json")));
            assertTrue(Files.readString(dir.resolve("training_log.csv")).startsWith("epoch,train_loss,validation_auc"));
            // the best weights file reproduces the trained network
            try (VitModel reloaded = VitModel.load(dir.resolve("model.params"))) {
                assertEquals(model.forward(List.of(test.get(0).input().get()), false).logits()[0],
                        reloaded.forward(List.of(test.get(0).input().get()), false).logits()[0], 0f);
            }
        }
    }

    @Test
    void trainingIsDeterministicAndResumes(@TempDir Path dir) throws Exception {
        List<VitTrainer.Sample> train = blobs(16, 1), validation = blobs(8, 2);
        VitPreprocessing pre = VitPreprocessing.of(TINY);
        VitTrainer.Settings twoEpochs = new VitTrainer.Settings(2, 8, 1e-3f, 0.01f, 9, 5);
        VitTrainer.Settings fourEpochs = new VitTrainer.Settings(4, 8, 1e-3f, 0.01f, 9, 5);
        Path a = dir.resolve("a"), b = dir.resolve("b");
        for (Path out : List.of(a, b))
            try (VitModel model = VitModel.create(TINY, 3)) {
                new VitTrainer(model, twoEpochs).fit(train, validation, pre, out, null, Progress.NONE);
            }
        String log2 = Files.readString(a.resolve("training_log.csv"));
        assertEquals(log2, Files.readString(b.resolve("training_log.csv"))); // same seed, same run
        try (VitModel model = VitModel.create(TINY, 3)) {
            VitTrainer.Result r = new VitTrainer(model, fourEpochs).fit(train, validation, pre, b, null, true, Progress.NONE);
            assertEquals(4, r.trainLoss().size());
            String log4 = Files.readString(b.resolve("training_log.csv"));
            assertTrue(log4.startsWith(log2) && log4.split("\n").length == 5, log4);
            assertEquals(4, VitWeights.readManifest(b.resolve("checkpoint.params")).provenance()
                    .getAsJsonObject("training").get("epoch").getAsInt());
            // the network ends with the best epoch's weights
            assertEquals(r.bestAuc(), new VitTrainer(model, fourEpochs).auc(validation), 1e-9);
        }
    }

    @Test
    void gradientMatchesCentralDifferenceAfterSeveralSteps() {
        try (VitModel model = VitModel.create(TINY, 11)) {
            VitTrainer trainer = new VitTrainer(model, new VitTrainer.Settings(1, 4, 1e-3f, 0.01f, 1, 1));
            List<VitTrainer.Sample> batch = blobs(4, 7);
            List<float[]> x = batch.stream().map(s -> s.input().get()).toList();
            int[] y = batch.stream().mapToInt(VitTrainer.Sample::label).toArray();
            float[] w = {1f, 1.5f, 1f, 1.5f};
            for (int i = 0; i < 5; i++) trainer.step(x, y, w); // gradients must stay right across steps
            for (String name : List.of("02layer00_04norm2_gamma", "02layer00_05fc1_weight", "04head_weight")) {
                Parameter p = model.block().getParameters().get(name);
                int index = 3;
                float analytic;
                try (NDManager step = model.manager().newSubManager()) {
                    trainer.lossAndGradients(step, x, y, w);
                    try (NDArray g = p.getArray().getGradient()) {
                        analytic = g.toFloatArray()[index];
                    }
                    trainer.zeroGradients();
                }
                float[] values = p.getArray().toFloatArray();
                float orig = values[index], eps = 1e-2f;
                values[index] = orig + eps;
                p.getArray().set(FloatBuffer.wrap(values));
                double up = trainer.loss(x, y, w);
                values[index] = orig - eps;
                p.getArray().set(FloatBuffer.wrap(values));
                double down = trainer.loss(x, y, w);
                values[index] = orig;
                p.getArray().set(FloatBuffer.wrap(values));
                double numeric = (up - down) / (2 * eps);
                assertNotEquals(0.0, numeric, name);
                assertEquals(numeric, analytic, 2e-3 + 0.03 * Math.abs(numeric), name);
            }
        }
    }

    @Test
    void stepsAndForwardPassesLeaveNoArraysBehind() {
        try (VitModel model = VitModel.create(TINY, 2)) {
            VitTrainer trainer = new VitTrainer(model, new VitTrainer.Settings(1, 2, 1e-3f, 0.01f, 1, 1));
            List<VitTrainer.Sample> batch = blobs(2, 3);
            List<float[]> x = batch.stream().map(s -> s.input().get()).toList();
            int[] y = {0, 1};
            float[] w = {1, 1};
            trainer.step(x, y, w); // creates the optimiser's state
            model.forward(x, true);
            int arrays = model.manager().getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                trainer.step(x, y, w);
                model.forward(x, true);
                trainer.loss(x, y, w);
            }
            assertEquals(arrays, model.manager().getManagedArrays().size());
        }
    }

    @Test
    void weightsRoundTripAndShapeMismatch(@TempDir Path dir) throws Exception {
        float[] in = Vit3dTest.noise(TINY, 4);
        Path weights = dir.resolve("w.params");
        float[] pooled;
        try (VitModel a = VitModel.create(TINY, 21)) {
            pooled = a.pooled(List.of(in))[0];
            a.save(weights, VitPreprocessing.of(TINY), null);
        }
        try (VitModel b = VitModel.create(TINY, 22)) {
            assertNotEquals(pooled[0], b.pooled(List.of(in))[0][0]);
            b.copyFrom(weights, false);
            assertArrayEquals(pooled, b.pooled(List.of(in))[0], 0f);
        }
        try (VitModel c = VitModel.create(TINY_WIDE, 1)) {
            SpineRadException e = assertThrows(SpineRadException.class, () -> c.copyFrom(weights, true));
            assertTrue(e.getMessage().contains("'pos_embed'") && e.getMessage().contains("(1, 8, 32)")
                    && e.getMessage().contains("(1, 8, 48)"), e.getMessage());
        }
        // a parameter file that no longer matches its manifest
        Files.write(weights, new byte[]{1, 2, 3});
        SpineRadException e = assertThrows(SpineRadException.class, () -> VitModel.load(weights));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        Files.delete(VitWeights.manifestPath(weights));
        e = assertThrows(SpineRadException.class, () -> VitModel.load(weights));
        assertTrue(e.getMessage().contains("w.json") && e.getMessage().contains("missing"), e.getMessage());
    }
}
