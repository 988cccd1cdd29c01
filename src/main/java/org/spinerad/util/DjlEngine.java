package org.spinerad.util;

import ai.djl.engine.Engine;

import java.util.Locale;
import java.util.Set;

/**
 * The DJL PyTorch engine as SpineRad uses it everywhere (segmentation, deep features): offline (libtorch comes from
 * the shipped native jar, nothing is downloaded, no usage tracking), discovered through SpineRad's own class loader
 * so that it works from ImageJ's plugins folder, and a clear error when the platform has no libtorch.
 */
public final class DjlEngine {
    private DjlEngine() {}

    public static final String NAME = "PyTorch";
    /** Platforms (ImageJ updater names) for which the update site ships libtorch. */
    public static final Set<String> PLATFORMS = Set.of("linux64", "win64", "macos-arm64");

    /**
     * Sets DJL's offline and opt-out switches unless the environment already decides them, and libtorch's thread
     * count to half the processors (at least 1; override with {@code -Dai.djl.pytorch.num_threads=N}): OpenMP
     * workers busy-wait, and on a machine shared with other work a full-width pool runs many times slower.
     */
    public static void configureOffline() {
        for (String key : new String[]{"DJL_OFFLINE", "OPT_OUT_TRACKING", "ai.djl.offline"})
            if (System.getenv(key) == null && System.getProperty(key) == null) System.setProperty(key, "true");
        String threads = String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        for (String key : new String[]{"ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads"})
            if (System.getProperty(key) == null) System.setProperty(key, threads);
    }

    /** The PyTorch engine, or a SpineRadException naming the platform and what is missing. */
    public static Engine get() {
        configureOffline();
        try {
            return OwnClassLoader.call(() -> Engine.getEngine(NAME));
        } catch (RuntimeException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw failure(platform(), e);
        }
    }

    static SpineRadException failure(String platform, Throwable cause) {
        String why = PLATFORMS.contains(platform)
                ? "its native libtorch (jars/" + platform + "/pytorch-native-cpu-*.jar) is missing or not loadable"
                : "SpineRad ships libtorch only for " + String.join(", ", PLATFORMS.stream().sorted().toList())
                  + ", not for this platform (" + platform + ")";
        return new SpineRadException("cannot start the DJL PyTorch engine: " + why + ": " + cause.getMessage(), cause);
    }

    /** The running platform in the ImageJ updater's naming (linux64, win64, macos-arm64, ...). */
    public static String platform() {
        return platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static String platform(String osName, String arch) {
        String os = osName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        String family = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macos" : os.startsWith("win") ? "win" : os;
        String suffix = switch (arch) {
            case "amd64", "x86_64", "x86-64", "x64" -> "64";
            case "x86", "i386", "i486", "i586", "i686", "x86_32", "x86-32" -> "32";
            case "aarch64" -> "-arm64";
            default -> "-" + arch;
        };
        return family + suffix;
    }
}
