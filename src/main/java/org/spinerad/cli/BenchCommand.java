package org.spinerad.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code spinerad bench ...}: performance benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Performance benchmarks.",
        subcommands = {BenchVitCommand.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() { new CommandLine(this).usage(System.out); }
}
