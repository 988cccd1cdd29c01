package org.spinerad.segment;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.spinerad.util.DjlEngine;
import org.spinerad.util.SpineRadException;

import java.lang.management.ManagementFactory;

/**
 * DJL set-up shared by the segmentation code: engine access ({@link DjlEngine}: offline, class loading inside ImageJ,
 * clear errors) and a memory estimate that refuses a patch size before any tensor is allocated.
 */
public final class DjlSupport {
    private DjlSupport() {}

    public static final String ENGINE = DjlEngine.NAME;

    /** The PyTorch engine, or a SpineRadException explaining that the native library could not be loaded. */
    public static Engine engine() { return DjlEngine.get(); }

    /** A new root NDManager on the CPU of the PyTorch engine. */
    public static NDManager newManager() {
        return engine().newBaseManager(Device.cpu());
    }

    /** Seeds the engine's random generator (parameter initialisation, dropout). */
    public static void seed(long seed) { engine().setRandomSeed((int) seed); }

    /**
     * Estimated bytes of activations of a U-Net pass: feature maps of every level times a factor for the tensors kept
     * per level (conv output, normalisation temporaries, activation, skip concatenation; x3 when training for
     * gradients and optimizer work).
     */
    public static double estimateBytes(UNetConfig cfg, int[] patch, int batch, boolean training) {
        double voxels = (double) patch[0] * patch[1] * patch[2], sum = 0;
        for (int l = 0; l < cfg.depth(); l++) sum += cfg.channels(l) * voxels / Math.pow(8, l);
        return 4.0 * batch * (sum * (training ? 30 : 10) + voxels * (cfg.classes() + cfg.inChannels()) * (training ? 6 : 2));
    }

    /** Half the physical memory (or {@code spinerad.segment.maxBytes} when set). */
    public static double memoryLimit() {
        String prop = System.getProperty("spinerad.segment.maxBytes");
        if (prop != null) return Double.parseDouble(prop);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
            return os.getTotalMemorySize() / 2.0;
        return 8e9;
    }

    /** Throws before allocation when a patch would need more memory than {@link #memoryLimit()}. */
    public static void checkMemory(UNetConfig cfg, int[] patch, int batch, boolean training) {
        double need = estimateBytes(cfg, patch, batch, training), limit = memoryLimit();
        if (need > limit)
            throw new SpineRadException(String.format(java.util.Locale.ROOT,
                    "patch size %dx%dx%d (batch %d) needs about %.1f GiB for %s but only %.1f GiB may be used; choose a smaller patch",
                    patch[0], patch[1], patch[2], batch, need / (1L << 30), training ? "training" : "inference", limit / (1L << 30)));
    }
}
