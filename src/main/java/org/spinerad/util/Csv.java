package org.spinerad.util;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV (UTF-8, comma-separated): a header row plus string cells; quotes fields that need it and escapes
 * spreadsheet formulas ({@link #escapeFormula}). Shared by manifests, feature tables and reports.
 */
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

    /**
     * Reads a comma-separated UTF-8 file (a UTF-8 BOM is allowed). Other encodings (UTF-16, Latin-1/Windows-1252),
     * other separators (semicolon or tab, as European Excel writes), an unterminated quote, rows longer than the header
     * and duplicate column names are errors naming the file, the line and the likely cause. Cells escaped by
     * {@link #writeRow} against spreadsheet formulas ({@code '=...}) read back as written.
     */
    public static Csv read(Path file) {
        if (!Files.isRegularFile(file)) throw new SpineRadException(file + ": CSV file not found");
        String text;
        try {
            long size = Files.size(file);
            Runtime rt = Runtime.getRuntime();
            if (size * 6 > rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()))
                throw new SpineRadException(file + ": CSV file of " + (size >> 20) + " MiB does not fit into the Java heap (raise -Xmx)");
            text = decode(Files.readAllBytes(file), file);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read CSV: " + e.getMessage(), e);
        }
        List<List<String>> records = parse(text, file);
        if (records.isEmpty()) throw new SpineRadException(file + ": CSV file is empty (no header row)");
        List<String> header = records.get(0);
        String separator = header.size() == 1 ? otherSeparator(header.get(0)) : null;
        if (separator != null)
            throw new SpineRadException(file + ": looks " + separator + "-separated (one column '" + abbreviate(header.get(0))
                    + "'); SpineRad reads comma-separated CSV: save it as 'CSV UTF-8 (comma delimited)'");
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            Integer before = seen.putIfAbsent(header.get(c), c);
            if (before != null && !header.get(c).isEmpty())
                throw new SpineRadException(file + ": column '" + header.get(c) + "' appears twice (columns " + (before + 1)
                        + " and " + (c + 1) + "); rename one");
        }
        List<List<String>> rows = new ArrayList<>(records.subList(1, records.size()));
        for (int i = 0; i < rows.size(); i++)
            if (rows.get(i).size() > header.size())
                throw new SpineRadException(file + ": row " + (i + 2) + " has " + rows.get(i).size()
                        + " cells but the header has " + header.size());
        return new Csv(header, rows);
    }

    private static String otherSeparator(String onlyCell) {
        if (onlyCell.indexOf(';') >= 0) return "semicolon";
        if (onlyCell.indexOf('\t') >= 0) return "tab";
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** UTF-8 text of a file's bytes without a BOM; anything else is an error saying what the encoding looks like. */
    static String decode(byte[] bytes, Path file) {
        if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE || (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF))
            throw new SpineRadException(file + ": is UTF-16 encoded (byte order mark " + String.format("%02X %02X", bytes[0] & 0xff, bytes[1] & 0xff)
                    + "); save it as 'CSV UTF-8'");
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        for (int i = start; i < bytes.length; i++)
            if (bytes[i] == 0)
                throw new SpineRadException(file + ": contains NUL bytes (at byte " + i + ", line " + lineAt(bytes, i)
                        + "): UTF-16 without a byte order mark, or not a text file; save it as 'CSV UTF-8'");
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError())
            throw new SpineRadException(file + ": is not UTF-8 (invalid byte 0x" + String.format("%02X", bytes[in.position()] & 0xff)
                    + " at byte " + in.position() + ", line " + lineAt(bytes, in.position())
                    + "): probably Latin-1/Windows-1252 (older Excel); save it as 'CSV UTF-8'");
        dec.flush(out);
        return out.flip().toString();
    }

    private static int lineAt(byte[] bytes, int pos) {
        int line = 1;
        for (int i = 0; i < pos; i++) if (bytes[i] == '\n') line++;
        return line;
    }

    /**
     * Parses CSV records, honouring quoted fields with embedded commas, quotes and newlines; skips blank lines. An
     * unterminated quote is an error naming the line where it opened.
     */
    static List<List<String>> parse(String text, Path file) {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false, fieldStarted = false;
        int line = 1, quoteLine = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else inQuotes = false;
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                inQuotes = true;
                quoteLine = line;
                fieldStarted = true;
            } else if (c == ',') {
                rec.add(unescape(field.toString()));
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') i++;
                line++;
                if (fieldStarted || field.length() > 0 || !rec.isEmpty()) {
                    rec.add(unescape(field.toString()));
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
        if (inQuotes)
            throw new SpineRadException(file + ": unterminated quote: the quoted field opened on line " + quoteLine
                    + " never closes (a stray '\"' in a cell?)");
        if (fieldStarted || field.length() > 0 || !rec.isEmpty()) {
            rec.add(unescape(field.toString()));
            out.add(rec);
        }
        return out;
    }

    /**
     * Text cells starting with {@code = + - @} (or tab / carriage return) are formulas to spreadsheet programs (CSV
     * injection); {@link #writeRow} writes them with a leading apostrophe, which Excel shows as text. Numbers such as
     * "-1.5" are written unchanged.
     */
    static String escapeFormula(String s) {
        if (s == null || s.length() < 2 || "=+-@\t\r".indexOf(s.charAt(0)) < 0) return s;
        if (s.charAt(0) != '=' && s.charAt(0) != '@' && isNumber(s)) return s;
        return "'" + s;
    }

    private static String unescape(String s) {
        return s.length() > 2 && s.charAt(0) == '\'' && "=+-@\t\r".indexOf(s.charAt(1)) >= 0 ? s.substring(1) : s;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static String quote(String s) {
        if (s == null) return "";
        s = escapeFormula(s);
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
