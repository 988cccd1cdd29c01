package org.spinerad.batch;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.spinerad.util.AtomicFile;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Combines the shard tables {@code <out>.shard-K-of-N.<ext>} of a batch run into the single table {@code out}, with
 * integrity checks: every shard present, the same command, settings and manifest in every shard record, the same
 * extraction settings in every provenance sidecar, every row in the shard its key hashes to, every manifest row
 * present exactly once (several rows per key where the records name row columns, e.g. level and side: each key +
 * row-column combination once), identical columns. Rows come out in manifest order (a key's rows in shard order); rows with an {@code error} cell are kept
 * and counted; the shards' {@code .errors.csv} files are concatenated. Any violation is one {@link SpineRadException}
 * naming the file and what to rerun. Merging again after rerunning a shard gives the same table.
 */
public final class ShardMerge {
    public static final String ERROR = "error";
    /** Provenance fields that legitimately differ between shards (time, file name, JVM of the node). */
    private static final Set<String> VOLATILE = Set.of("created", "output", "java");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ShardMerge() {}

    /** Rows written, rows among them with errors (first few as "key: problem"), shards merged. */
    public record Result(int rows, int errorRows, List<String> errorExamples, int shards) {}

    /**
     * @param count    the N of the shards, or null to take it from the shard files found beside {@code out}
     * @param manifest the manifest, or null for the one named in the shard records
     */
    public static Result merge(Path out, Integer count, Path manifest) {
        int n = count != null ? count : foundCount(out);
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Path f = new Shard(k, n).output(out);
            files.add(f);
            if (!Files.isRegularFile(f)) missing.add(f.getFileName() + " (rerun --shard " + k + "/" + n + ")");
        }
        if (!missing.isEmpty())
            throw new SpineRadException(out.toAbsolutePath().getParent() + ": missing shard outputs: " + String.join(", ", missing));

        List<ShardRecord> records = files.stream().map(ShardRecord::read).toList();
        for (int k = 0; k < n; k++) {
            ShardRecord r = records.get(k), first = records.get(0);
            if (!r.shard().equals(k + "/" + n))
                throw new SpineRadException(ShardRecord.path(files.get(k)) + ": records shard " + r.shard() + ", not " + k + "/" + n);
            String diff = difference(first, r);
            if (diff != null)
                throw new SpineRadException(files.get(k).getFileName() + " and " + files.get(0).getFileName()
                        + " come from different runs: " + diff + "; rerun the odd shard with the settings of the others");
        }
        JsonObject provenance = provenance(files);

        String key = records.get(0).keyColumn();
        List<String> rowColumns = records.get(0).rowColumns() == null ? List.of() : records.get(0).rowColumns();
        Path manifestFile = manifest != null ? manifest : Path.of(records.get(0).manifest());
        List<String> keys = manifestKeys(manifestFile, key);

        Map<String, List<List<String>>> rowOf = new HashMap<>();
        Set<String> rowIds = new java.util.HashSet<>();
        Map<String, String> header = new LinkedHashMap<>(); // column -> a shard file having it
        List<String> columns = null;
        Path columnsFrom = null;
        List<Csv> tables = new ArrayList<>();
        Set<String> manifestSet = new LinkedHashSet<>(keys);
        for (int k = 0; k < n; k++) {
            Path f = files.get(k);
            if (!Csv.endsWithNewline(f))
                throw new SpineRadException(f + ": ends in a half-written row (the shard was interrupted); rerun --shard " + k + "/" + n);
            Csv t = size(f) == 0 ? new Csv(List.of(key), List.of()) : Csv.read(f); // empty: a shard without rows
            tables.add(t);
            int kc = t.requireColumn(key, f.toString()), ec = t.column(ERROR);
            List<Integer> rc = new ArrayList<>();
            for (String c : rowColumns) rc.add(t.requireColumn(c, f.toString()));
            boolean anyClean = false;
            for (int r = 0; r < t.rowCount(); r++) {
                String id = t.cell(r, kc).trim();
                if (!manifestSet.contains(id))
                    throw new SpineRadException(f + ": row " + (r + 2) + " '" + id + "' is not in the manifest " + manifestFile);
                int home = Shard.of(id, n);
                if (home != k)
                    throw new SpineRadException(f + ": '" + id + "' belongs to shard " + home + "/" + n
                            + ", not " + k + "/" + n + " (a file of another partition?)");
                StringBuilder rowId = new StringBuilder(id);
                for (int c : rc) rowId.append(" ").append(t.cell(r, c));
                if (!rowIds.add(rowId.toString()))
                    throw new SpineRadException(f + ": '" + rowId + "' appears twice" + (rc.isEmpty() ? "" : " (" + key + " " + String.join(" ", rowColumns) + ")"));
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < t.header().size(); c++) cells.add(t.cell(r, c));
                rowOf.computeIfAbsent(id, x -> new ArrayList<>()).add(cells);
                if (ec < 0 || t.cell(r, ec).isBlank()) anyClean = true;
            }
            for (String c : t.header()) header.putIfAbsent(c, f.getFileName().toString());
            if (anyClean) { // a shard with a complete row has every column; shards of only error rows may have fewer
                if (columns == null) {
                    columns = t.header();
                    columnsFrom = f;
                } else if (!new TreeSet<>(columns).equals(new TreeSet<>(t.header())))
                    throw new SpineRadException(f + ": other columns than " + columnsFrom.getFileName() + " ("
                            + columnDifference(columns, t.header()) + "); the shards were not run with the same settings");
            }
        }

        List<String> absent = new ArrayList<>();
        Map<Integer, Integer> absentPerShard = new TreeMap<>();
        for (String id : keys)
            if (!rowOf.containsKey(id)) {
                absent.add(id);
                absentPerShard.merge(Shard.of(id, n), 1, Integer::sum);
            }
        if (!absent.isEmpty()) {
            List<String> rerun = new ArrayList<>();
            absentPerShard.forEach((k, c) -> rerun.add(files.get(k).getFileName() + " lacks " + c + " (rerun --shard " + k + "/" + n + ")"));
            throw new SpineRadException(manifestFile + ": " + absent.size() + " of " + keys.size() + " rows missing from the shards ("
                    + String.join(", ", absent.subList(0, Math.min(5, absent.size()))) + (absent.size() > 5 ? ", ..." : "")
                    + "): " + String.join("; ", rerun));
        }

        List<String> outHeader = new ArrayList<>(columns != null ? columns : tables.get(0).header());
        for (String c : header.keySet()) if (!outHeader.contains(c)) outHeader.add(c);
        List<List<String>> outRows = new ArrayList<>();
        List<String> errorExamples = new ArrayList<>();
        int errorRows = 0;
        for (String id : keys) {
            Csv t = tables.get(Shard.of(id, n));
            for (List<String> cells : rowOf.get(id)) {
                List<String> row = new ArrayList<>();
                for (String c : outHeader) {
                    int i = t.column(c);
                    row.add(i >= 0 && i < cells.size() ? cells.get(i) : "");
                }
                int ec = outHeader.indexOf(ERROR);
                if (ec >= 0 && !row.get(ec).isBlank()) {
                    errorRows++;
                    if (errorExamples.size() < 5) errorExamples.add(id + ": " + row.get(ec));
                }
                outRows.add(row);
            }
        }
        new Csv(outHeader, outRows).write(out);
        mergeErrorFiles(out, files);
        if (provenance != null) {
            provenance.addProperty("output", out.getFileName().toString());
            provenance.add("mergedShards", GSON.toJsonTree(files.stream().map(f -> f.getFileName().toString()).toList()));
            writeJson(out.resolveSibling(out.getFileName() + ".provenance.json"), provenance);
        }
        return new Result(outRows.size(), errorRows, errorExamples, n);
    }

    /** The N of the shard outputs beside {@code out}; an error when there are none or several N. */
    static int foundCount(Path out) {
        Path dir = out.toAbsolutePath().getParent();
        TreeSet<Integer> counts = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(f -> Shard.ofOutput(out, f)).filter(x -> x != null).forEach(x -> counts.add(x.count()));
        } catch (IOException e) {
            throw new SpineRadException(dir + ": cannot list: " + e.getMessage(), e);
        }
        String pattern = new Shard(0, 2).output(out).getFileName().toString().replace("shard-0-of-2", "shard-K-of-N");
        if (counts.isEmpty()) throw new SpineRadException(dir + ": no shard outputs " + pattern + " to merge");
        if (counts.size() > 1)
            throw new SpineRadException(dir + ": shard outputs " + pattern + " of several runs (N = " + counts + "); give --shards N");
        return counts.first();
    }

    private static String difference(ShardRecord a, ShardRecord b) {
        if (!a.command().equals(b.command())) return "command '" + a.command() + "' vs '" + b.command() + "'";
        if (!a.manifest().equals(b.manifest())) return "manifest " + a.manifest() + " vs " + b.manifest();
        if (!a.keyColumn().equals(b.keyColumn())) return "key column " + a.keyColumn() + " vs " + b.keyColumn();
        if (!java.util.Objects.equals(a.rowColumns(), b.rowColumns())) return "row columns " + a.rowColumns() + " vs " + b.rowColumns();
        if (!String.valueOf(a.version()).equals(String.valueOf(b.version()))) return "SpineRad " + a.version() + " vs " + b.version();
        TreeSet<String> names = new TreeSet<>(a.settings().keySet());
        names.addAll(b.settings().keySet());
        for (String s : names)
            if (!String.valueOf(a.settings().get(s)).equals(String.valueOf(b.settings().get(s))))
                return s + " " + a.settings().get(s) + " vs " + b.settings().get(s);
        return null;
    }

    /** The shards' provenance without volatile fields, checked equal; null when no shard has one. */
    private static JsonObject provenance(List<Path> files) {
        List<Path> sidecars = files.stream().map(f -> f.resolveSibling(f.getFileName() + ".provenance.json")).toList();
        List<Path> present = sidecars.stream().filter(Files::isRegularFile).toList();
        if (present.isEmpty()) return null;
        for (Path p : sidecars)
            if (!present.contains(p)) throw new SpineRadException(p + ": missing (the other shards have provenance)");
        JsonObject first = readJson(present.get(0)), reference = first.deepCopy();
        VOLATILE.forEach(reference::remove);
        for (Path p : present.subList(1, present.size())) {
            JsonObject o = readJson(p);
            VOLATILE.forEach(o::remove);
            if (!reference.equals(o))
                throw new SpineRadException(p + ": extraction settings differ from " + present.get(0).getFileName() + " ("
                        + jsonDifference(reference, o) + ")");
        }
        return first;
    }

    private static String jsonDifference(JsonObject a, JsonObject b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            JsonElement x = a.get(k), y = b.get(k);
            if (x == null || !x.equals(y)) return k + ": " + x + " vs " + y;
        }
        return "?";
    }

    private static List<String> manifestKeys(Path manifest, String key) {
        Csv m = Csv.read(manifest);
        int kc = m.requireColumn(key, manifest.toString());
        List<String> keys = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int r = 0; r < m.rowCount(); r++) {
            String id = m.cell(r, kc).trim();
            if (id.isEmpty()) throw new SpineRadException(manifest + ": row " + (r + 2) + " has no " + key);
            if (!seen.add(id)) throw new SpineRadException(manifest + ": " + key + " '" + id + "' appears twice");
            keys.add(id);
        }
        return keys;
    }

    private static String columnDifference(List<String> a, List<String> b) {
        List<String> onlyA = a.stream().filter(c -> !b.contains(c)).limit(3).toList();
        List<String> onlyB = b.stream().filter(c -> !a.contains(c)).limit(3).toList();
        return "lacks " + onlyA + ", has extra " + onlyB;
    }

    /** {@code <out>.errors.csv}: the rows of the shards' error files (none: no file). */
    private static void mergeErrorFiles(Path out, List<Path> files) {
        Path target = out.resolveSibling(out.getFileName() + ".errors.csv");
        List<String> header = null;
        List<List<String>> rows = new ArrayList<>();
        for (Path f : files) {
            Path e = f.resolveSibling(f.getFileName() + ".errors.csv");
            if (!Files.isRegularFile(e) || size(e) == 0) continue;
            Csv c = Csv.read(e);
            if (header == null) header = c.header();
            else if (!header.equals(c.header())) throw new SpineRadException(e + ": other columns than the other shards' error files");
            rows.addAll(c.rows());
        }
        try {
            if (header == null) Files.deleteIfExists(target);
            else new Csv(header, rows).write(target);
        } catch (IOException ex) {
            throw new SpineRadException(target + ": cannot replace: " + ex.getMessage(), ex);
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new SpineRadException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonObject readJson(Path p) {
        try {
            return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new SpineRadException(p + ": not readable JSON (" + e.getMessage() + ")", e);
        }
    }

    private static void writeJson(Path p, JsonObject o) {
        AtomicFile.writeString(p, GSON.toJson(o) + "\n", "provenance");
    }
}
