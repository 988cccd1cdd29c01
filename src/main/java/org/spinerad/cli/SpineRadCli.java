package org.spinerad.cli;

import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point: {@code spinerad <subcommand> ...}, for cluster batch runs and scripting. */
@Command(name = "spinerad", mixinStandardHelpOptions = true, versionProvider = SpineRadCli.VersionProvider.class,
        description = "SpineRad: deep-learning radiomics of the lumbar spine.",
        footer = {"", "Exit codes: 0 all done; 2 bad input or usage (one line naming the file and the problem); "
                + "3 a batch finished but some cases failed (listed in its errors file); 1 internal error.",
                "NaN/Inf policy (docs/hostile-input.md): non-finite geometry is an error; NaN voxels in an ROI are "
                + "dropped with a warning (CLI and provenance); non-finite model parameters are an error."},
        subcommands = {
                CommandLine.HelpCommand.class,
                InfoCommand.class,
                ConvertCommand.class,
                PhantomCommand.class,
                CohortCommand.class,
                PredictCommand.class,
                StatsCommand.class,
                DicomCommand.class,
                DeepCommand.class,
                BenchCommand.class,
                RadiomicsCommand.class,
                RadiomicsBatchCommand.class,
                SegmentCommand.class,
                MergeCommand.class,
                SlurmCommand.class,
                StenosisCommand.class,
                // subcommands of later capabilities are registered here, one per line
        })
public final class SpineRadCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Exit codes of every command (documented in README and {@code --help}). */
    public static final int OK = 0, INTERNAL_ERROR = 1, INPUT_ERROR = 2, SOME_CASES_FAILED = 3;

    /**
     * Runs a command line and returns the exit code: 0 all done, 2 bad input or usage (one line naming the file and
     * the problem), 3 a batch finished but some cases failed (see its errors file), 1 internal error (a bug: one line;
     * the stack trace only with SPINERAD_DEBUG=1).
     */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new SpineRadCli());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof SpineRadException) {
                cmd.getErr().println("spinerad: error: " + ex.getMessage());
                return INPUT_ERROR;
            }
            return internalError(ex, cmd.getErr());
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("spinerad: error: out of Java heap (" + e.getMessage() + "); raise -Xmx (JAVA_OPTS) or use fewer --threads");
            return INPUT_ERROR;
        } catch (StackOverflowError e) {
            return internalError(e, new java.io.PrintWriter(System.err, true));
        }
    }

    private static int internalError(Throwable ex, java.io.PrintWriter err) {
        err.println("spinerad: internal error: " + ex + " (please report; SPINERAD_DEBUG=1 prints the stack trace)");
        if (System.getenv("SPINERAD_DEBUG") != null) ex.printStackTrace(err);
        return INTERNAL_ERROR;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() { return new String[]{"SpineRad " + Version.get()}; }
    }
}
