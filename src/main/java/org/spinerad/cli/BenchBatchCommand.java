package org.spinerad.cli;

import org.spinerad.phantom.SyntheticCohort;
import org.spinerad.util.Csv;
import org.spinerad.util.ProcessMemory;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code spinerad bench batch}: throughput of one array task, to size a SLURM array. Each worker is a separate JVM with
 * one thread (what {@code slurm submit --cpus 1} gives), run on a synthetic cohort of demo-sized phantoms; its wall
 * time includes JVM start-up, and its peak resident memory is the kernel's high-water mark (VmHWM) polled until exit.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Cases per hour per core and peak memory per worker for radiomics (demo settings) and U-Net segmentation,",
                "each worker a one-thread JVM like a SLURM task with --cpus 1; prints the figures to size a job array."})
public final class BenchBatchCommand implements Callable<Integer> {
    @Option(names = "--patients", defaultValue = "6", description = "Cases of the radiomics worker (default ${DEFAULT-VALUE}).")
    int patients;
    @Option(names = "--segment", defaultValue = "2", description = "Cases of the segmentation worker, 0 to skip (default ${DEFAULT-VALUE}).")
    int segment;
    @Option(names = "--params", description = "Radiomics parameter file (default: scripts/params/demo.yaml of this installation).")
    Path params;
    @Option(names = "--heap", defaultValue = "2g", description = "Worker JVM heap (-Xmx) (default ${DEFAULT-VALUE}).")
    String heap;
    @Option(names = "--work", description = "Folder for the cohort and outputs (default: a temporary folder, deleted).")
    Path work;

    private record Run(String task, int cases, double seconds, long peakKb) {}

    @Override
    public Integer call() throws IOException {
        Path p = params != null ? params : Path.of(System.getenv().getOrDefault("SPINERAD_HOME", "."), "scripts/params/demo.yaml");
        if (!Files.isRegularFile(p)) throw new SpineRadException(p + ": parameter file not found (give --params)");
        Path dir = work != null ? work : Files.createTempDirectory("spinerad-bench-batch");
        try {
            int n = Math.max(patients, segment);
            System.err.println("bench batch: synthetic cohort of " + n + " demo phantoms in " + dir);
            SyntheticCohort.write(SyntheticCohort.Spec.of(n, 2024, false, false), dir.resolve("cohort"),
                    Runtime.getRuntime().availableProcessors(), Progress.console("cohort"));
            Path manifest = dir.resolve("cohort/manifest.csv");
            List<Run> runs = new ArrayList<>();
            runs.add(worker("radiomics", patients, List.of("radiomics-batch", "--manifest", firstRows(manifest, patients, dir).toString(),
                    "--params", p.toString(), "--structures", "vertebra=1,2,3,4,5", "--structures", "muscle=21,22,25,26",
                    "--threads", "1", "--out", dir.resolve("radiomics.csv").toString())));
            if (segment > 0)
                runs.add(worker("segmentation", segment, List.of("segment", "--manifest", firstRows(manifest, segment, dir).toString(),
                        "--out-dir", dir.resolve("seg").toString())));
            double startup = worker("JVM start-up", 0, List.of("--version")).seconds();
            System.out.printf(Locale.ROOT, "SpineRad batch throughput: one worker = one JVM with 1 thread (-Xmx%s), %d processors here, "
                    + "radiomics settings %s%n", heap, Runtime.getRuntime().availableProcessors(), p.getFileName());
            System.out.printf(Locale.ROOT, "%-13s %6s %9s %9s %16s %16s%n", "task", "cases", "wall s", "s/case", "cases/hour/core", "peak RSS MB");
            // s/case and cases/hour/core leave out the JVM start-up, printed below
            for (Run r : runs)
            {
                double perCase = Math.max(1e-3, r.seconds() - startup) / r.cases();
                System.out.printf(Locale.ROOT, "%-13s %6d %9.1f %9.2f %16.0f %16.0f%n", r.task(), r.cases(), r.seconds(), perCase,
                        3600 / perCase, r.peakKb() / 1024.0);
            }
            System.out.printf(Locale.ROOT, "JVM start-up and exit: %.1f s per task. A shard of C cases takes about start-up + C x s/case on one core;"
                    + " ask SLURM for --mem of at least the peak RSS plus 25%%.%n", startup);
            return 0;
        } finally {
            if (work == null) deleteTree(dir);
        }
    }

    /** The first {@code n} rows of a manifest, written beside it (paths stay relative to the cohort folder). */
    private static Path firstRows(Path manifest, int n, Path dir) {
        Csv m = Csv.read(manifest);
        Path out = manifest.resolveSibling("manifest-" + n + ".csv");
        new Csv(m.header(), new ArrayList<>(m.rows().subList(0, Math.min(n, m.rowCount())))).write(out);
        return out;
    }

    /** Runs SpineRad in a child JVM with one compute thread; wall seconds and peak resident kB. */
    private Run worker(String task, int cases, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap,
                "-XX:ActiveProcessorCount=1", "-Djava.awt.headless=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SpineRadCli.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("DJL_OFFLINE", "true");
        long t0 = System.nanoTime(), peak = 0;
        try {
            Process proc = pb.start();
            String pid = Long.toString(proc.pid());
            while (proc.isAlive()) {
                peak = Math.max(peak, ProcessMemory.statusKb(pid, "VmHWM:"));
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (proc.exitValue() != 0) throw new SpineRadException("bench batch: the " + task + " worker failed (exit " + proc.exitValue()
                    + "): " + String.join(" ", args));
            return new Run(task, cases, seconds, peak);
        } catch (IOException e) {
            throw new SpineRadException("bench batch: cannot start a worker JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpineRadException("bench batch: interrupted");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
