package org.spinerad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code bench batch} runs real one-thread worker JVMs and reports consistent figures (not a timing assertion). */
class BenchBatchTest {
    @Test
    void reportsThroughputAndPeakMemoryPerWorker(@TempDir Path dir) {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, SpineRadCli.execute("bench", "batch", "--patients", "1", "--segment", "1", "--params", "scripts/params/demo.yaml",
                    "--heap", "1g", "--work", dir.toString()));
        } finally {
            System.setOut(out);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        for (String task : new String[]{"radiomics", "segmentation"}) {
            String line = text.lines().filter(l -> l.startsWith(task + " ")).findFirst().orElseThrow(() -> new AssertionError(text));
            String[] f = line.trim().split("\\s+");
            double wall = Double.parseDouble(f[2]), perCase = Double.parseDouble(f[3]), perHour = Double.parseDouble(f[4]),
                    peakMb = Double.parseDouble(f[5]);
            assertTrue(perCase > 0 && perCase <= wall, line);
            assertEquals(3600 / perCase, perHour, 0.01 * perHour + 1, line);
            assertTrue(peakMb > 50 && peakMb < 4096, "a JVM worker's peak RSS: " + line);
        }
        assertTrue(Files.isRegularFile(dir.resolve("radiomics.csv")) && Files.isRegularFile(dir.resolve("seg/P001_ct_unetseg.nii.gz")));
    }
}
