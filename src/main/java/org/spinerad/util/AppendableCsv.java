package org.spinerad.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A CSV file that grows one row at a time and survives crashes: each row is appended and forced to disk before
 * {@link #append} returns, so a crash loses no finished row; a half-written last line left by a crash is cut off when
 * the file is opened again. A row with columns the file does not have yet rewrites the file atomically with the
 * widened header (earlier rows get empty cells). Thread-safe.
 */
public final class AppendableCsv {
    private final Path file;
    private final List<String> header = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    private AppendableCsv(Path file) { this.file = file; }

    /** Opens (or prepares to create) a file, repairing a partial last line. */
    public static AppendableCsv open(Path file) {
        AppendableCsv c = new AppendableCsv(file);
        if (Files.exists(file)) {
            c.repairTail();
            if (sizeOf(file) > 0) {
                Csv csv = Csv.read(file);
                c.header.addAll(csv.header());
                c.rows.addAll(csv.rows());
            }
        }
        return c;
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new SpineRadException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Cuts the file after its last newline (a line without one is a row whose writing was interrupted). */
    private void repairTail() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) return;
            ByteBuffer one = ByteBuffer.allocate(1);
            long pos = size - 1;
            while (pos >= 0) {
                one.clear();
                ch.read(one, pos);
                if (one.get(0) == '\n') break;
                pos--;
            }
            if (pos + 1 < size) {
                ch.truncate(pos + 1);
                ch.force(true);
            }
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot repair the partial last row: " + e.getMessage(), e);
        }
    }

    public Path file() { return file; }

    public synchronized List<String> header() { return List.copyOf(header); }

    /** The rows read or appended so far, as header-keyed maps. */
    public synchronized List<Map<String, String>> rows() {
        List<Map<String, String>> out = new ArrayList<>();
        Csv csv = new Csv(header, rows);
        for (int i = 0; i < rows.size(); i++) out.add(csv.rowMap(i));
        return out;
    }

    /** Keeps only the rows accepted by the filter, rewriting the file atomically when any is dropped. */
    public synchronized void retain(java.util.function.Predicate<Map<String, String>> keep) {
        List<Map<String, String>> all = rows();
        List<List<String>> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) if (keep.test(all.get(i))) kept.add(rows.get(i));
        if (kept.size() == rows.size()) return;
        rows.clear();
        rows.addAll(kept);
        rewrite();
    }

    /** Replaces the file atomically with the rows in memory and forces it to disk. */
    private void rewrite() {
        new Csv(header, rows).write(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot sync to disk: " + e.getMessage(), e);
        }
    }

    /** Appends a row (column name to cell) durably. */
    public synchronized void append(Map<String, String> row) {
        LinkedHashSet<String> cols = new LinkedHashSet<>(header);
        boolean widened = cols.addAll(row.keySet());
        List<String> cells = new ArrayList<>();
        for (String c : cols) cells.add(row.getOrDefault(c, ""));
        if (widened || !Files.exists(file)) {
            header.clear();
            header.addAll(cols);
            for (List<String> r : rows) while (r.size() < header.size()) r.add("");
            rows.add(cells);
            rewrite();
            return;
        }
        rows.add(cells);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            StringWriter w = new StringWriter();
            Csv.writeRow(w, cells);
            ByteBuffer buf = ByteBuffer.wrap(w.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot append a row: " + e.getMessage(), e);
        }
    }
}
