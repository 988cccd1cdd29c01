package org.spinerad.annotate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** ITK-SNAP label description files: a file as ITK-SNAP exports it is read, and what SpineRad writes reads back equal. */
class LabelPaletteTest {
    /** Layout of ITK-SNAP 3.x "Export label descriptions" (comment header, shortened here; Clear Label; fixed-width columns). */
    static final String ITK_SNAP = """
            ################################################
            # ITK-SnAP Label Description File
            # IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL
            ################################################
                0     0    0    0        0  0  0    "Clear Label"
                3   255    0    0        1  1  1    "L3"
               21     0  255    0      0.5  1  0    "psoas L (left)"
              300    10   20   30        1  0  1    "label above 255"
            """;

    @Test
    void readsItkSnapExportAndRoundTrips(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("snap.txt");
        Files.writeString(file, ITK_SNAP);
        LabelPalette p = LabelPalette.readItkSnap(file);
        assertEquals(java.util.List.of(3, 21, 300), java.util.List.copyOf(p.entries().keySet())); // Clear Label skipped
        assertEquals(new LabelPalette.Entry(255, 0, 0, 1, true, true, "L3"), p.get(3));
        assertEquals(new LabelPalette.Entry(0, 255, 0, 0.5, true, false, "psoas L (left)"), p.get(21));
        assertEquals(new LabelPalette.Entry(10, 20, 30, 1, false, true, "label above 255"), p.get(300));
        assertEquals(0x00ff00, p.rgb(21));

        Path again = dir.resolve("again.txt");
        p.writeItkSnap(again);
        assertEquals(p.entries(), LabelPalette.readItkSnap(again).entries());
        // same lines as ITK-SNAP's (whitespace aside)
        assertEquals(normalise(ITK_SNAP), normalise(Files.readString(again)));
    }

    private static java.util.List<String> normalise(String text) {
        return text.lines().filter(l -> !l.startsWith("#")).map(l -> l.strip().replaceAll("\\s+", " ")).toList();
    }

    @Test
    void malformedLineNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "# header\n    1   255    0    0        1  1  1    \"ok\"\n    2   300 0 0 1 1 1 \"too red\"\n");
        SpineRadException e = assertThrows(SpineRadException.class, () -> LabelPalette.readItkSnap(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(file, "1 2 3\n");
        e = assertThrows(SpineRadException.class, () -> LabelPalette.readItkSnap(file));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void standardPaletteNamesSpineLabelsWithDistinctColours() {
        LabelPalette p = LabelPalette.standard();
        assertEquals("L3", p.get(3).name());
        assertEquals("psoas_L", p.get(21).name());
        assertEquals(p.entries().size(), p.entries().values().stream().map(LabelPalette.Entry::rgb).distinct().count());
    }
}
