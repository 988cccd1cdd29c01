package org.spinerad.cli;

import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point: {@code spinerad <subcommand> ...}, for cluster batch runs and scripting. */
@Command(name = "spinerad", mixinStandardHelpOptions = true, versionProvider = SpineRadCli.VersionProvider.class,
        description = "SpineRad: deep-learning radiomics of the lumbar spine.",
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

    /** Runs a command line and returns the exit code: 0 success, 2 bad input or usage, 1 internal error. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new SpineRadCli());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof SpineRadException) {
                cmd.getErr().println("spinerad: error: " + ex.getMessage());
                return 2;
            }
            cmd.getErr().println("spinerad: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() { return new String[]{"SpineRad " + Version.get()}; }
    }
}
