package org.spinerad.deep;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import org.spinerad.util.ProcessMemory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Forward-pass timing of the ViT on the CPU (or the engine's default device): seconds per volume at batch 1 and at
 * the largest batch whose activations fit a memory budget. The memory a volume needs is measured as the peak resident
 * memory of the process during the first batch-1 forward pass minus the resident memory before it.
 */
public final class VitBench {
    private VitBench() {}

    /** Timings (median seconds per volume) and memory (bytes) of one run. */
    public record Report(VitConfig config, double secondsPerVolumeBatch1, int largestBatch, double secondsPerVolumeLargest,
                         long bytesPerVolume, long peakResidentBytes, int engineThreads) {}

    public static Report run(VitConfig config, long memoryBudgetBytes, int repeats, int maxBatch) {
        try (VitModel model = VitModel.create(config, 0)) {
            List<float[]> one = inputs(config, 1);
            long before = residentBytes();
            forward(model, one);
            long perVolume = Math.max(1, peakResidentBytes() - before);
            double t1 = timePerVolume(model, one, repeats);
            int largest = (int) Math.max(1, Math.min(maxBatch, memoryBudgetBytes / perVolume));
            double tb = largest == 1 ? t1 : timePerVolume(model, inputs(config, largest), repeats);
            int threads = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
            return new Report(config, t1, largest, tb, perVolume, peakResidentBytes(), threads);
        }
    }

    /** Median seconds of one AdamW training step (forward, backward, update) at the given batch size, after one warm-up step. */
    public static double trainStepSeconds(VitConfig config, int batch, int repeats) {
        try (VitModel model = VitModel.create(config, 0)) {
            VitTrainer trainer = new VitTrainer(model, VitTrainer.Settings.defaults());
            List<float[]> x = inputs(config, batch);
            int[] y = new int[batch];
            float[] w = new float[batch];
            for (int i = 0; i < batch; i++) {
                y[i] = i % 2;
                w[i] = 1;
            }
            trainer.step(x, y, w);
            double[] t = new double[Math.max(1, repeats)];
            for (int r = 0; r < t.length; r++) {
                long start = System.nanoTime();
                trainer.step(x, y, w);
                t[r] = (System.nanoTime() - start) / 1e9;
            }
            java.util.Arrays.sort(t);
            return t[t.length / 2];
        }
    }

    /** Median seconds per volume over {@code repeats} timed passes after one warm-up pass at this batch size. */
    private static double timePerVolume(VitModel model, List<float[]> inputs, int repeats) {
        forward(model, inputs);
        double[] t = new double[Math.max(1, repeats)];
        for (int r = 0; r < t.length; r++) {
            long start = System.nanoTime();
            forward(model, inputs);
            t[r] = (System.nanoTime() - start) / 1e9 / inputs.size();
        }
        java.util.Arrays.sort(t);
        return t[t.length / 2];
    }

    private static List<float[]> inputs(VitConfig c, int batch) {
        Random rnd = new Random(batch);
        List<float[]> inputs = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            float[] v = new float[c.inputSize() * c.inputSize() * c.inputSize()];
            for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
            inputs.add(v);
        }
        return inputs;
    }

    private static void forward(VitModel model, List<float[]> inputs) {
        try (NDManager sub = model.manager().newSubManager()) {
            NDList out = model.block().forward(new ParameterStore(sub, false), new NDList(model.batchArray(sub, inputs)), false);
            out.get(1).toFloatArray();
        }
    }

    /** Current resident set size from /proc (0 where unavailable). */
    static long residentBytes() { return procStatusKb("VmRSS:") * 1024; }

    /** Peak resident set size of the process so far from /proc (0 where unavailable). */
    static long peakResidentBytes() { return procStatusKb("VmHWM:") * 1024; }

    private static long procStatusKb(String key) { return ProcessMemory.statusKb("self", key); }
}
