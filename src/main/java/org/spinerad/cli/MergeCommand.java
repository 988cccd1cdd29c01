package org.spinerad.cli;

import org.spinerad.batch.ShardMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code spinerad merge}: the shard tables of a {@code --shard} batch run combined into the usual single table. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combine the shard outputs <out>.shard-K-of-N.<ext> of a batch command run with --shard into <out>.",
                "Checks that every shard is there, that all were run with the same command, settings and manifest, and that every",
                "manifest row is present exactly once; rows with errors are kept and counted (exit code 3 when there are any).",
                "Merging again after rerunning a shard gives the same table."})
public final class MergeCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "The merged table: the --out the batch command was given.")
    Path out;
    @Option(names = "--shards", description = "N of the shards (default: from the shard files beside --out).")
    Integer shards;
    @Option(names = "--manifest", description = "The manifest (default: the one recorded by the shards).")
    Path manifest;

    @Override
    public Integer call() {
        ShardMerge.Result r = ShardMerge.merge(out, shards, manifest);
        System.out.println("Merged " + r.shards() + " shards into " + out + ": " + r.rows() + " rows, " + r.errorRows() + " with errors");
        for (String e : r.errorExamples()) System.out.println("  error row " + e);
        return r.errorRows() > 0 ? 3 : 0;
    }
}
