package org.spinerad.cli;

import org.spinerad.deep.VitBench;
import org.spinerad.deep.VitConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code spinerad bench vit}: ViT-3D forward time per volume on this machine; compare with scripts/bench/vit_pytorch.py. */
@Command(name = "vit", mixinStandardHelpOptions = true,
        description = "Forward time per volume of the ViT-3D at batch 1 and at the largest batch fitting a memory budget.")
public final class BenchVitCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "studies", description = "studies or cpuSmall (default ${DEFAULT-VALUE}).")
    String preset;
    @Option(names = "--memory-gb", defaultValue = "4", description = "Memory budget for activations in GB (default ${DEFAULT-VALUE}).")
    double memoryGb;
    @Option(names = "--max-batch", defaultValue = "16", description = "Upper limit of the batch size (default ${DEFAULT-VALUE}).")
    int maxBatch;
    @Option(names = "--repeats", defaultValue = "3", description = "Timed repetitions, median reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--train-batch", description = "Also time one training step at this batch size (0 = skip, default ${DEFAULT-VALUE}).",
            defaultValue = "0")
    int trainBatch;
    @Option(names = "--threads", description = "libtorch intra-op threads (default: available processors); must be set before the engine starts.")
    Integer threads;

    @Override
    public Integer call() {
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(t));
        VitConfig c = VitConfig.preset(preset);
        VitBench.Report r = VitBench.run(c, (long) (memoryGb * (1L << 30)), repeats, maxBatch);
        System.out.printf(Locale.ROOT, "ViT-3D %s: input %d^3, %d tokens, dim %d, depth %d, %.1f M parameters, %d CPU threads%n",
                preset, c.inputSize(), c.tokens(), c.dim(), c.depth(), c.parameterCount() / 1e6, r.engineThreads());
        System.out.printf(Locale.ROOT, "batch 1: %.3f s per volume (activations ~%.0f MB per volume)%n",
                r.secondsPerVolumeBatch1(), r.bytesPerVolume() / 1e6);
        System.out.printf(Locale.ROOT, "batch %d (largest within %.1f GB): %.3f s per volume%n", r.largestBatch(), memoryGb,
                r.secondsPerVolumeLargest());
        System.out.printf(Locale.ROOT, "peak resident memory of the process: %.0f MB%n", r.peakResidentBytes() / 1e6);
        if (trainBatch > 0)
            System.out.printf(Locale.ROOT, "training step (AdamW, batch %d): %.3f s%n", trainBatch,
                    VitBench.trainStepSeconds(c, trainBatch, repeats));
        return 0;
    }
}
