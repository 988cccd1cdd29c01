package org.spinerad.cli;

import org.spinerad.batch.Shard;
import org.spinerad.batch.ShardRecord;
import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code --shard K/N|slurm} for a batch command, in one line: {@code @Mixin ShardOption shard;}, then read the
 * manifest rows with {@link #shard()} ({@code shard().contains(rowKey)}) and write to {@link #output}'s path. Without
 * {@code --shard} the shard is {@link Shard#ALL} and the output is unchanged.
 */
public final class ShardOption {
    /** Options that do not change a batch's result, left out of the shard record. */
    private static final Set<String> NOT_SETTINGS = Set.of("--shard", "--threads", "--help", "--version");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--shard", paramLabel = "K/N|slurm",
            description = "Process only shard K of N (0-based) of the manifest rows, by a hash of the row key (stable when rows are "
                    + "appended); 'slurm' takes K and N from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT. Writes <out>.shard-K-of-N.<ext>; "
                    + "'spinerad merge' combines the shards.")
    String spec;

    private Shard shard;

    public Shard shard() {
        if (shard == null) shard = spec == null ? Shard.ALL : Shard.parse(spec, System.getenv());
        return shard;
    }

    /**
     * This shard's output for {@code out}; with {@code --shard}, first records the command's settings beside it
     * ({@link ShardRecord}) for {@code spinerad merge}.
     */
    public Path output(Path out, Path manifest, String keyColumn) { return output(out, manifest, keyColumn, List.of()); }

    /** The same for a table with several rows per key, each identified by the key and {@code rowColumns} (e.g. level, side). */
    public Path output(Path out, Path manifest, String keyColumn, List<String> rowColumns) {
        Shard s = shard();
        if (s.isAll()) return out;
        Path target = s.output(out);
        try { // a shard that gets no rows still leaves an (empty) output, so merge sees it ran
            Files.createDirectories(target.toAbsolutePath().getParent());
            if (!Files.exists(target)) Files.createFile(target);
        } catch (IOException e) {
            throw new SpineRadException(target + ": cannot create: " + e.getMessage(), e);
        }
        new ShardRecord(s.toString(), command.qualifiedName(" ").replaceFirst("^spinerad ", ""), settings(),
                manifest.toAbsolutePath().normalize().toString(), keyColumn, rowColumns.isEmpty() ? null : rowColumns, Version.get()).write(target);
        return target;
    }

    private TreeMap<String, String> settings() {
        TreeMap<String, String> m = new TreeMap<>();
        for (OptionSpec o : command.options()) {
            if (NOT_SETTINGS.contains(o.longestName()) || o.usageHelp() || o.versionHelp()) continue;
            m.put(o.longestName(), text(o.getValue()));
        }
        return m;
    }

    private static String text(Object v) {
        if (v instanceof Path p) return p.toAbsolutePath().normalize().toString();
        if (v instanceof Collection<?> c) return c.stream().map(ShardOption::text).toList().toString();
        if (v instanceof double[] d) return java.util.Arrays.toString(d);
        if (v instanceof int[] i) return java.util.Arrays.toString(i);
        return String.valueOf(v);
    }
}
