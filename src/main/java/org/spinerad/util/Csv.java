package org.spinerad.util;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 4180 CSV: a header row plus string cells; quotes fields that need it. Shared by manifests, feature tables and reports. */
public final class Csv {
    private final List<String> header;
    private final List<List<String>> rows;

    public Csv(List<String> header, List<List<String>> rows) {
        this.header = new ArrayList<>(header);
        this.rows = rows;
    }

    public List<String> header() { return header; }
    public List<List<String>> rows() { return rows; }
    public int rowCount() { return rows.size(); }

    /** Column index of a name, or -1. */
    public int column(String name) { return header.indexOf(name); }

    /** Column index of a name; a clear error naming the file's columns when absent. */
    public int requireColumn(String name, String source) {
        int c = header.indexOf(name);
        if (c < 0) throw new SpineRadException(source + ": no column '" + name + "' (columns: " + String.join(", ", header) + ")");
        return c;
    }

    public String cell(int row, int col) {
        List<String> r = rows.get(row);
        return col < r.size() ? r.get(col) : "";
    }

    /** Row as a header-keyed map. */
    public Map<String, String> rowMap(int row) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) m.put(header.get(c), cell(row, c));
        return m;
    }

    public static Csv read(Path file) {
        if (!Files.isRegularFile(file)) throw new SpineRadException(file + ": CSV file not found");
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<List<String>> records = parse(r);
            if (records.isEmpty()) throw new SpineRadException(file + ": CSV file is empty (no header row)");
            List<String> header = records.get(0);
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) header.set(0, header.get(0).substring(1));
            List<List<String>> rows = new ArrayList<>(records.subList(1, records.size()));
            for (int i = 0; i < rows.size(); i++)
                if (rows.get(i).size() > header.size())
                    throw new SpineRadException(file + ": row " + (i + 2) + " has " + rows.get(i).size()
                            + " cells but the header has " + header.size());
            return new Csv(header, rows);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read CSV: " + e.getMessage(), e);
        }
    }

    /** Parses CSV records, honouring quoted fields with embedded commas, quotes and newlines; skips blank lines. */
    static List<List<String>> parse(BufferedReader r) throws IOException {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false, fieldStarted = false;
        int ch;
        while ((ch = r.read()) != -1) {
            char c = (char) ch;
            if (inQuotes) {
                if (c == '"') {
                    r.mark(1);
                    int next = r.read();
                    if (next == '"') field.append('"');
                    else {
                        inQuotes = false;
                        if (next != -1) r.reset();
                    }
                } else field.append(c);
            } else if (c == '"' && field.length() == 0) {
                inQuotes = true;
                fieldStarted = true;
            } else if (c == ',') {
                rec.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    r.mark(1);
                    if (r.read() != '\n') r.reset();
                }
                if (fieldStarted || field.length() > 0 || !rec.isEmpty()) {
                    rec.add(field.toString());
                    out.add(rec);
                }
                rec = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (fieldStarted || field.length() > 0 || !rec.isEmpty()) {
            rec.add(field.toString());
            out.add(rec);
        }
        return out;
    }

    public static String quote(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    public static void writeRow(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) w.write(',');
            w.write(quote(cells.get(i)));
        }
        w.write('\n');
    }

    /** Writes atomically: to a temporary file beside the target, then a rename, so a crash never leaves half a table. */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                writeRow(w, header);
                for (List<String> row : rows) writeRow(w, row);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write CSV: " + e.getMessage(), e);
        }
    }

    /** Whether a file is empty or ends with a newline (its last row was written completely). */
    public static boolean endsWithNewline(Path file) {
        try (var ch = Files.newByteChannel(file)) {
            if (ch.size() == 0) return true;
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            ch.position(ch.size() - 1).read(last);
            return last.get(0) == '\n';
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Formats a double so that it reads back exactly (shortest round-trip form); NaN as "nan" like pandas. */
    public static String num(double v) {
        if (Double.isNaN(v)) return "nan";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v) + ".0";
        return Double.toString(v);
    }

    /** Parses a numeric cell; empty, "nan", "NA" give NaN; anything else non-numeric is an error naming the place. */
    public static double parseNum(String s, String where) {
        String t = s == null ? "" : s.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("na") || t.equalsIgnoreCase("null")) return Double.NaN;
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new SpineRadException(where + ": '" + s + "' is not a number");
        }
    }
}
