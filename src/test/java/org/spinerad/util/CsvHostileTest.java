package org.spinerad.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** CSV input from spreadsheets: separators, encodings, broken quotes, duplicate columns; formula escaping on output. */
class CsvHostileTest {
    static String error(Path f) {
        SpineRadException e = assertThrows(SpineRadException.class, () -> Csv.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void semicolonAndTabSeparatedFilesAreNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.csv");
        Files.writeString(f, "patient_id;CT;CT_mask\np1;ct.nii.gz;seg.nii.gz\n");
        assertTrue(error(f).contains("looks semicolon-separated"), error(f));
        Files.writeString(f, "patient_id\tage\np1\t61,5\n");
        assertTrue(error(f).contains("looks tab-separated"), error(f));
    }

    @Test
    void encodingsOtherThanUtf8AreNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.csv");
        Files.write(f, "patient_id,name\np1,Müller\n".getBytes(StandardCharsets.ISO_8859_1));
        String m = error(f);
        assertTrue(m.contains("is not UTF-8") && m.contains("line 2") && m.contains("Latin-1"), m);
        Files.write(f, "patient_id,name\np1,x\n".getBytes(StandardCharsets.UTF_16)); // with BOM
        assertTrue(error(f).contains("UTF-16"), error(f));
        Files.write(f, "patient_id,name\np1,x\n".getBytes(StandardCharsets.UTF_16LE)); // without BOM
        assertTrue(error(f).contains("NUL bytes"), error(f));
        Files.write(f, ("\uFEFFpatient_id,name\np1,Müller\n").getBytes(StandardCharsets.UTF_8)); // UTF-8 BOM is fine
        Csv ok = Csv.read(f);
        assertEquals(List.of("patient_id", "name"), ok.header());
        assertEquals("Müller", ok.cell(0, 1));
    }

    @Test
    void unterminatedQuoteAndDuplicateColumns(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.csv");
        Files.writeString(f, "patient_id,CT\np1,a.nii\n\"p2,b.nii\np3,c.nii\np4,d.nii\n");
        String m = error(f);
        assertTrue(m.contains("unterminated quote") && m.contains("line 3"), m);
        Files.writeString(f, "patient_id,CT,CT_mask,CT\np1,a.nii,m.nii,b.nii\n");
        m = error(f);
        assertTrue(m.contains("column 'CT' appears twice (columns 2 and 4)"), m);
    }

    @Test
    void formulaCellsAreEscapedAndReadBack(@TempDir Path dir) {
        Path f = dir.resolve("out.csv");
        List<String> ids = List.of("=HYPERLINK(\"http://x\",\"y\")", "+1-2", "-cmd", "@SUM(A1)", "-1.5", "+3", "p1");
        new Csv(List.of("patient_id"), ids.stream().map(List::of).toList()).write(f);
        String text;
        try {
            text = Files.readString(f);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertTrue(text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), text);
        assertTrue(text.contains("\n'+1-2\n") && text.contains("\n'-cmd\n") && text.contains("\n'@SUM(A1)\n"), text);
        assertTrue(text.contains("\n-1.5\n") && text.contains("\n+3\n"), text); // numbers unchanged
        Csv back = Csv.read(f);
        for (int i = 0; i < ids.size(); i++) assertEquals(ids.get(i), back.cell(i, 0));
        // resuming an appendable table finds the escaped id again
        AppendableCsv t = AppendableCsv.open(dir.resolve("t.csv"));
        Map<String, String> row = new LinkedHashMap<>();
        row.put("patient_id", ids.get(0));
        t.append(row);
        assertEquals(ids.get(0), AppendableCsv.open(dir.resolve("t.csv")).rows().get(0).get("patient_id"));
    }

    @Test
    void outputLockRefusesASecondWriter(@TempDir Path dir) {
        Path out = dir.resolve("f.csv");
        try (OutputLock first = OutputLock.acquire(out)) {
            SpineRadException e = assertThrows(SpineRadException.class, () -> OutputLock.acquire(out));
            assertTrue(e.getMessage().contains("another SpineRad run is writing this output"), e.getMessage());
        }
        OutputLock.acquire(out).close(); // released
    }

    /** Holds the lock of args[0] in its own process until its standard input closes. */
    public static void main(String[] args) throws Exception {
        try (OutputLock lock = OutputLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            System.in.read();
        }
    }

    @Test
    void outputLockHoldsAcrossProcesses(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("f.csv");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CsvHostileTest.class.getName(), out.toString())
                .redirectErrorStream(true).start();
        try {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", in.readLine());
            SpineRadException e = assertThrows(SpineRadException.class, () -> OutputLock.acquire(out));
            assertTrue(e.getMessage().contains("another SpineRad run"), e.getMessage());
        } finally {
            p.getOutputStream().close();
            p.waitFor();
        }
        OutputLock.acquire(out).close(); // the other process has ended: free again
    }
}
