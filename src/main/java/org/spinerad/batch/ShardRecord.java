package org.spinerad.batch;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.spinerad.util.AtomicFile;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * What a shard run was asked to do, written beside its output as {@code <output>.shard.json} before it starts: the
 * shard, the batch command, every setting that shapes the result (all options but {@code --shard} and
 * {@code --threads}), the manifest and its row-key column, the SpineRad version. {@link ShardMerge} refuses to combine
 * shards whose records differ. {@code rowColumns} (null: one row per key) are the columns that with the key identify
 * a row of a table with several rows per key.
 */
public record ShardRecord(String shard, String command, TreeMap<String, String> settings, String manifest,
                          String keyColumn, List<String> rowColumns, String version) {
    public ShardRecord(String shard, String command, TreeMap<String, String> settings, String manifest, String keyColumn, String version) {
        this(shard, command, settings, manifest, keyColumn, null, version);
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public static Path path(Path shardOutput) {
        return shardOutput.resolveSibling(shardOutput.getFileName() + ".shard.json");
    }

    /** Writes the record atomically beside the shard's output. */
    public void write(Path shardOutput) {
        AtomicFile.writeString(path(shardOutput), GSON.toJson(this) + "\n", "the shard record");
    }

    /** Reads the record of a shard output; a clear error when it is missing or unreadable. */
    public static ShardRecord read(Path shardOutput) {
        Path file = path(shardOutput);
        if (!Files.isRegularFile(file))
            throw new SpineRadException(file + ": missing: " + shardOutput.getFileName() + " was not written by a --shard run");
        try {
            ShardRecord r = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), ShardRecord.class);
            if (r == null || r.shard == null || r.command == null || r.settings == null || r.manifest == null || r.keyColumn == null)
                throw new JsonParseException("fields missing");
            return r;
        } catch (IOException | JsonParseException e) {
            throw new SpineRadException(file + ": not a readable shard record (" + e.getMessage() + ")", e);
        }
    }
}
