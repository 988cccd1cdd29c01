package org.spinerad.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A private X display (Xvfb, 1600x1000x24) for tests that need real windows, and a JVM started on it: the suite's
 * own JVM is headless, so GUI scenarios run as a main class of the test class path in a child JVM.
 */
public final class Xvfb implements AutoCloseable {
    private final Process server;
    private final String display;

    private Xvfb(Process server, String display) {
        this.server = server;
        this.display = display;
    }

    public static Xvfb start() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/Xvfb")))
            throw new AssertionError("Xvfb is not installed (apt-get install xvfb; .ci/run installs it)");
        for (int n = 91; n < 140; n++) {
            if (Files.exists(Path.of("/tmp/.X" + n + "-lock")) || Files.exists(Path.of("/tmp/.X11-unix/X" + n))) continue;
            Process p = new ProcessBuilder("/usr/bin/Xvfb", ":" + n, "-screen", "0", "1600x1000x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 100 && p.isAlive(); i++) {
                if (Files.exists(Path.of("/tmp/.X11-unix/X" + n))) return new Xvfb(p, ":" + n);
                Thread.sleep(100);
            }
            p.destroyForcibly();
        }
        throw new AssertionError("could not start Xvfb on displays :91..:139");
    }

    /** Runs a main class of the class path on this display (headless off); returns its exit code. */
    public int runJava(String mainClass, List<String> args, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Djava.awt.headless=false", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(mainClass + " did not finish within " + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        return p.exitValue();
    }

    /** Writes a scenario's result properties. */
    public static void write(Properties p, Path file) throws IOException {
        try (var out = Files.newOutputStream(file)) {
            p.store(out, "GUI scenario");
        }
    }

    /** The properties a scenario wrote. */
    public static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(5, TimeUnit.SECONDS)) server.destroyForcibly();
    }
}
