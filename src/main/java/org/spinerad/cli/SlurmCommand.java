package org.spinerad.cli;

import org.spinerad.util.SpineRadException;
import org.spinerad.util.AtomicFile;
import org.spinerad.util.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code spinerad slurm submit}: a batch command as a SLURM job array of shards plus a dependent merge job. */
@Command(name = "slurm", mixinStandardHelpOptions = true, description = "Run batch commands on a SLURM cluster.",
        subcommands = SlurmCommand.Submit.class)
public final class SlurmCommand implements Runnable {
    @Override
    public void run() { new CommandLine(this).usage(System.out); }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Write a job-array script for a batch command (one shard per array task, kept as <out>.slurm.sh beside the",
                    "output) and submit it with sbatch, plus a merge job that runs when every shard has succeeded.",
                    "Example: spinerad slurm submit radiomics-batch --manifest m.csv --params p.yaml --out r.csv --array 4 --partition debug",
                    "A failed shard K is rerun with: sbatch --array=K <out>.slurm.sh (finished rows are kept), then: sbatch <out>.slurm.sh merge"})
    public static final class Submit implements Callable<Integer> {
        @Option(names = "--array", required = true, description = "Number of shards N (array tasks 0..N-1).")
        int array;
        @Option(names = "--tasks", split = ",", description = "Submit only these shards (e.g. a failed one: --tasks 2); default all.")
        List<Integer> tasks;
        @Option(names = "--partition", description = "SLURM partition.")
        String partition;
        @Option(names = "--cpus", defaultValue = "1", description = "CPUs per task (default ${DEFAULT-VALUE}); also the batch's --threads unless given.")
        int cpus;
        @Option(names = "--mem", description = "Memory per task, e.g. 4G (the JVM heap is set to 3/4 of it).")
        String mem;
        @Option(names = "--time", description = "Time limit per task, e.g. 02:00:00.")
        String time;
        @Option(names = "--job-name", description = "Job name (default spinerad-<command>).")
        String jobName;
        @Option(names = "--script", description = "Job script to write (default <out>.slurm.sh).")
        Path script;
        @Option(names = "--no-merge", description = "Do not submit the merge job.")
        boolean noMerge;
        @Option(names = "--dry-run", description = "Print the script and the sbatch commands instead of writing and submitting.")
        boolean dryRun;
        @Option(names = "--sbatch", defaultValue = "sbatch", hidden = true, description = "sbatch executable.")
        String sbatch;
        @Unmatched
        List<String> batch = new ArrayList<>();

        @Override
        public Integer call() {
            if (array < 1 || array > 100_000) throw new SpineRadException("--array " + array + ": needs 1..100000 shards");
            List<String> command = new ArrayList<>(batch);
            if (!command.isEmpty() && command.get(0).equals("--")) command.remove(0);
            if (!command.isEmpty() && command.get(0).equals("spinerad")) command.remove(0);
            ParseResult leaf = parseBatch(command);
            if (tasks != null) for (int t : tasks)
                if (t < 0 || t >= array) throw new SpineRadException("--tasks " + t + ": not a shard of 0.." + (array - 1));
            Path table = table(leaf);
            Path scriptFile = script != null ? script : table.resolveSibling(table.getFileName() + ".slurm.sh");
            Path logs = table.toAbsolutePath().getParent().resolve("slurm-logs");
            String name = jobName != null ? jobName : "spinerad-" + leaf.commandSpec().qualifiedName("-").replaceFirst("^spinerad-", "");
            List<String> args = new ArrayList<>(command);
            if (leaf.commandSpec().findOption("--threads") != null && !leaf.hasMatchedOption("--threads"))
                args.addAll(List.of("--threads", "${SLURM_CPUS_PER_TASK:-1}"));
            String text = script(name, args, table, scriptFile);
            String range = tasks == null ? "0-" + (array - 1) : tasks.stream().map(String::valueOf).collect(Collectors.joining(","));
            List<String> shardsJob = List.of(sbatch, "--parsable", "--array=" + range, "--output=" + logs.resolve("%x-%A_%a.out"), scriptFile.toString());
            if (dryRun) {
                System.out.print(text);
                System.out.println("# would run: " + String.join(" ", shardsJob));
                if (!noMerge) System.out.println("# then: " + sbatch + " --dependency=afterok:<array job> --kill-on-invalid-dep=yes "
                        + scriptFile + " merge");
                return 0;
            }
            try {
                Files.createDirectories(logs);
            } catch (IOException e) {
                throw new SpineRadException(logs + ": cannot create the log folder: " + e.getMessage(), e);
            }
            AtomicFile.writeString(scriptFile, text, "the job script");
            scriptFile.toFile().setExecutable(true);
            String arrayJob = submit(shardsJob);
            System.out.println("Submitted job array " + arrayJob + " (shards " + range + " of " + array + "); script " + scriptFile
                    + "; logs in " + logs);
            if (!noMerge) {
                String merge = submit(List.of(sbatch, "--parsable", "--dependency=afterok:" + arrayJob, "--kill-on-invalid-dep=yes",
                        "--job-name=" + name + "-merge", "--output=" + logs.resolve("%x-%j.out"), scriptFile.toString(), "merge"));
                System.out.println("Submitted merge job " + merge + " (runs when every shard succeeded) -> " + table);
            }
            return 0;
        }

        /** Parses the batch command line as SpineRad would; it must be a command with {@code --shard} and no shard yet. */
        private static ParseResult parseBatch(List<String> command) {
            if (command.isEmpty())
                throw new SpineRadException("slurm submit: give the batch command, e.g. radiomics-batch --manifest m.csv --out r.csv --array 4");
            ParseResult leaf;
            try {
                leaf = new CommandLine(new SpineRadCli()).parseArgs(command.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new SpineRadException("slurm submit: the batch command '" + String.join(" ", command) + "' is not valid: " + e.getMessage());
            }
            while (leaf.subcommand() != null) leaf = leaf.subcommand();
            String name = leaf.commandSpec().qualifiedName(" ");
            if (leaf.commandSpec().findOption("--shard") == null)
                throw new SpineRadException("slurm submit: '" + name + "' is not a batch command with --shard"
                        + " (radiomics-batch, segment --manifest, deep features, stenosis batch)");
            if (leaf.hasMatchedOption("--shard"))
                throw new SpineRadException("slurm submit: leave --shard out of the batch command; every array task gets its own");
            return leaf;
        }

        /** The table the merge job writes: the batch's --out, or the index table of --out-dir. */
        private static Path table(ParseResult leaf) {
            if (leaf.hasMatchedOption("--out")) return leaf.matchedOptionValue("--out", (Path) null);
            if (leaf.hasMatchedOption("--out-dir")) return SegmentCommand.indexTable(leaf.matchedOptionValue("--out-dir", (Path) null));
            throw new SpineRadException("slurm submit: the batch command has no --out or --out-dir");
        }

        private String script(String name, List<String> args, Path table, Path scriptFile) {
            StringBuilder s = new StringBuilder("#!/bin/bash\n");
            s.append("# SpineRad job array, written by 'spinerad slurm submit' (SpineRad ").append(Version.get()).append(") at ")
                    .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(".\n");
            s.append("# Array task K runs shard K of ").append(array).append(" of the manifest (spinerad --shard K/").append(array).append(").\n");
            s.append("#   all shards:        sbatch --array=0-").append(array - 1).append(' ').append(quote(scriptFile.toString())).append('\n');
            s.append("#   rerun shard K:     sbatch --array=K ").append(quote(scriptFile.toString())).append("   (finished rows are kept)\n");
            s.append("#   merge the shards:  sbatch ").append(quote(scriptFile.toString())).append(" merge   (when every shard is done)\n");
            s.append("#SBATCH --job-name=").append(name).append('\n');
            if (partition != null) s.append("#SBATCH --partition=").append(partition).append('\n');
            s.append("#SBATCH --cpus-per-task=").append(cpus).append('\n');
            if (mem != null) s.append("#SBATCH --mem=").append(mem).append('\n');
            if (time != null) s.append("#SBATCH --time=").append(time).append('\n');
            s.append("set -euo pipefail\n");
            s.append("cd ").append(quote(Path.of("").toAbsolutePath().toString())).append('\n');
            if (mem != null) s.append("export SPINERAD_JAVA_OPTS=-Xmx").append(heapMb(mem)).append("m\n");
            s.append("SPINERAD=").append(quote(launcher())).append('\n');
            s.append("if [ \"${1:-}\" = merge ]; then\n");
            s.append("  exec \"$SPINERAD\" merge --out ").append(quote(table.toString())).append(" --shards ").append(array).append('\n');
            s.append("fi\n");
            s.append(": \"${SLURM_ARRAY_TASK_ID:?submit as an array job: sbatch --array=0-").append(array - 1).append(" $0}\"\n");
            s.append("exec \"$SPINERAD\"");
            for (String a : args) s.append(' ').append(a.startsWith("${") ? "\"" + a + "\"" : quote(a));
            s.append(" --shard \"$SLURM_ARRAY_TASK_ID/").append(array).append("\"\n");
            return s.toString();
        }

        /** 3/4 of a SLURM memory size (K, M, G, T suffix; default M) in MiB: heap room for the JVM's own memory. */
        static long heapMb(String mem) {
            Matcher m = Pattern.compile("(\\d+)([KMGT]?)B?", Pattern.CASE_INSENSITIVE).matcher(mem.trim());
            if (!m.matches()) throw new SpineRadException("--mem '" + mem + "': expected a size like 4G or 4000M");
            long v = Long.parseLong(m.group(1));
            double mb = switch (m.group(2).toUpperCase(Locale.ROOT)) {
                case "K" -> v / 1024.0;
                case "G" -> v * 1024.0;
                case "T" -> v * 1024.0 * 1024;
                default -> v;
            };
            if (mb < 256) throw new SpineRadException("--mem '" + mem + "': SpineRad needs at least 256M per task");
            return (long) (mb * 0.75);
        }

        /** This installation's bin/spinerad (SPINERAD_HOME is set by the launcher), else spinerad on the PATH. */
        private static String launcher() {
            String home = System.getenv("SPINERAD_HOME");
            if (home != null && Files.isExecutable(Path.of(home, "bin", "spinerad")))
                return Path.of(home, "bin", "spinerad").toAbsolutePath().normalize().toString();
            return "spinerad";
        }

        /** Runs sbatch --parsable and returns the job id. */
        private static String submit(List<String> cmd) {
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new SpineRadException(cmd.get(0) + ": cannot run (" + e.getMessage() + "); is this a SLURM login node? --dry-run prints the script");
            }
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new SpineRadException(cmd.get(0) + ": no answer within 2 minutes");
                }
                String id = out.isEmpty() ? "" : out.lines().reduce((a, b) -> b).orElse("").split(";")[0].trim();
                if (p.exitValue() != 0 || !id.matches("\\d+"))
                    throw new SpineRadException(cmd.get(0) + " failed (exit " + p.exitValue() + "): " + out.replace('\n', ' '));
                return id;
            } catch (IOException e) {
                throw new SpineRadException(cmd.get(0) + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SpineRadException(cmd.get(0) + ": interrupted");
            }
        }

        /** Shell single-quoting where needed. */
        static String quote(String s) {
            if (s.matches("[A-Za-z0-9_./=:,+@%-]+")) return s;
            return "'" + s.replace("'", "'\\''") + "'";
        }
    }
}
