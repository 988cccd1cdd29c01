package org.spinerad.annotate;

import org.spinerad.image.SpineLabels;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and display colours of label values (the legend of a label map), read from and written to ITK-SNAP label
 * description files: one line per label {@code IDX R G B A VIS MSH "LABEL"} (colour 0..255, opacity 0..1, label and
 * mesh visibility 0/1), {@code #} comments. Label 0 is the background ("Clear Label").
 */
public final class LabelPalette {
    /** One label: colour (0..255 each), opacity, visibility in slices and in 3D meshes, name. */
    public record Entry(int red, int green, int blue, double alpha, boolean visible, boolean meshVisible, String name) {
        public int rgb() { return red << 16 | green << 8 | blue; }
    }

    private static final Pattern LINE = Pattern.compile(
            "\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+([0-9.eE+-]+)\\s+([01])\\s+([01])\\s+\"(.*)\"\\s*");
    private final TreeMap<Integer, Entry> entries = new TreeMap<>();

    /** SpineRad's standard labels ({@link SpineLabels#NAMES}) with distinct colours. */
    public static LabelPalette standard() {
        LabelPalette p = new LabelPalette();
        for (var e : SpineLabels.NAMES.entrySet()) p.put(e.getKey(), e.getValue());
        return p;
    }

    /** Distinct colour of a label value: golden-angle hues with alternating brightness. */
    public static int defaultRgb(int label) {
        return java.awt.Color.HSBtoRGB((float) ((label * 0.618033988749895) % 1.0), 0.75f, label % 2 == 0 ? 0.8f : 1f) & 0xffffff;
    }

    /** Adds or renames a label, keeping its colour if known, else its default colour. */
    public void put(int label, String name) {
        if (label <= 0) throw new SpineRadException("Label values start at 1 (0 is the background), got " + label);
        Entry old = entries.get(label);
        int rgb = old != null ? old.rgb() : defaultRgb(label);
        entries.put(label, new Entry(rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255, old != null ? old.alpha() : 1,
                old == null || old.visible(), old == null || old.meshVisible(), name));
    }

    public void put(int label, Entry entry) { entries.put(label, entry); }

    public SortedMap<Integer, Entry> entries() { return Collections.unmodifiableSortedMap(entries); }

    public Entry get(int label) { return entries.get(label); }

    /** The colour shown for a label: its entry's, else the default colour. */
    public int rgb(int label) {
        Entry e = entries.get(label);
        return e != null ? e.rgb() : defaultRgb(label);
    }

    /** Names by label value, e.g. for a {@link org.spinerad.image.LabelMap}. */
    public Map<Integer, String> names() {
        TreeMap<Integer, String> m = new TreeMap<>();
        entries.forEach((k, v) -> m.put(k, v.name()));
        return m;
    }

    /** Reads an ITK-SNAP label description file; a malformed line is an error naming the file and line. */
    public static LabelPalette readItkSnap(Path file) {
        java.util.List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SpineRadException("Cannot read label description file " + file + ": " + e.getMessage());
        }
        LabelPalette p = new LabelPalette();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.strip().startsWith("#")) continue;
            Matcher m = LINE.matcher(line);
            if (!m.matches())
                throw new SpineRadException(file + " line " + (i + 1) + " is not an ITK-SNAP label line (IDX R G B A VIS MSH \"LABEL\"): " + line.strip());
            int label = parse(m.group(1), file, i);
            int[] rgb = {parse(m.group(2), file, i), parse(m.group(3), file, i), parse(m.group(4), file, i)};
            double alpha = Double.parseDouble(m.group(5));
            for (int c : rgb) if (c > 255) throw new SpineRadException(file + " line " + (i + 1) + ": colour components must be 0..255");
            if (!(alpha >= 0 && alpha <= 1)) throw new SpineRadException(file + " line " + (i + 1) + ": opacity must be 0..1");
            if (label == 0) continue; // "Clear Label"
            p.entries.put(label, new Entry(rgb[0], rgb[1], rgb[2], alpha, m.group(6).equals("1"), m.group(7).equals("1"), m.group(8)));
        }
        return p;
    }

    private static int parse(String s, Path file, int line) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new SpineRadException(file + " line " + (line + 1) + ": '" + s + "' is out of range");
        }
    }

    /** Writes the palette as an ITK-SNAP label description file (with ITK-SNAP's header and "Clear Label"). */
    public void writeItkSnap(Path file) {
        StringBuilder sb = new StringBuilder("""
                ################################################
                # ITK-SnAP Label Description File
                # File format:
                # IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL
                # Fields:
                #    IDX:   Zero-based index
                #    -R-:   Red color component (0..255)
                #    -G-:   Green color component (0..255)
                #    -B-:   Blue color component (0..255)
                #    -A-:   Label transparency (0.00 .. 1.00)
                #    VIS:   Label visibility (0 or 1)
                #    IDX:   Label mesh visibility (0 or 1)
                #  LABEL:   Label description
                ################################################
                    0     0    0    0        0  0  0    "Clear Label"
                """);
        for (var e : entries.entrySet()) {
            Entry v = e.getValue();
            String alpha = java.math.BigDecimal.valueOf(v.alpha()).stripTrailingZeros().toPlainString();
            sb.append(String.format(Locale.ROOT, "%5d %5d %4d %4d %8s %2d %2d    \"%s\"%n", e.getKey(), v.red(), v.green(), v.blue(), alpha,
                    v.visible() ? 1 : 0, v.meshVisible() ? 1 : 0, v.name().replace("\"", "'")));
        }
        try {
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpineRadException("Cannot write label description file " + file + ": " + e.getMessage());
        }
    }
}
