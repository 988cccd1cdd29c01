package org.spinerad.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.batch.Shard;
import org.spinerad.phantom.PhantomParams;
import org.spinerad.phantom.SyntheticCohort;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/** {@code --shard} on the batch commands and {@code spinerad merge}: sharded runs merge to the single run, cell for cell. */
class ShardCliTest {
    static final int N = 3;
    @TempDir
    static Path dir;
    static Path manifest, params;

    @BeforeAll
    static void cohort() throws Exception {
        SyntheticCohort.write(SyntheticCohort.Spec.of(7, 14, false, false)
                .withBase(PhantomParams.builder().grid(64, 56, 48).spacing(3, 3, 4).build()), dir.resolve("cohort"), 2, Progress.NONE);
        manifest = dir.resolve("cohort/manifest.csv");
        params = dir.resolve("p.yaml");
        Files.writeString(params, "featureClass: {firstorder: [Mean, Entropy], glcm: [Contrast]}\nsetting: {binWidth: 25}\n");
    }

    /** Rows keyed by the first column, cells by column name: order-free table equality. */
    static Map<String, Map<String, String>> keyed(Path table) {
        Csv c = Csv.read(table);
        Map<String, Map<String, String>> m = new HashMap<>();
        for (int r = 0; r < c.rowCount(); r++) assertNull(m.put(c.cell(r, 0), c.rowMap(r)), "row twice: " + c.cell(r, 0));
        return m;
    }

    static String stderrOf(Supplier<Integer> run, int expectedExit) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(expectedExit, run.get());
        } finally {
            System.setErr(err);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    static String[] radiomics(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("radiomics-batch", "--manifest", manifest.toString(), "--params", params.toString(),
                "--structures", "vertebra=1,2,3,4,5", "--threads", "1", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void radiomicsShardsMergeToTheSingleRunAlsoAfterAKilledShard() throws Exception {
        Path single = dir.resolve("single/radiomics.csv"), out = dir.resolve("sharded/radiomics.csv");
        assertEquals(0, SpineRadCli.execute(radiomics(single)));
        for (int k = 0; k < N; k++) assertEquals(0, SpineRadCli.execute(radiomics(out, "--shard", k + "/" + N)));
        int total = 0;
        for (int k = 0; k < N; k++) total += Csv.read(new Shard(k, N).output(out)).rowCount();
        assertEquals(7, total);
        assertEquals(0, SpineRadCli.execute("merge", "--out", out.toString()));
        Map<String, Map<String, String>> reference = keyed(single);
        assertEquals(7, reference.size());
        assertEquals(reference, keyed(out));

        // shard 0 killed mid-run: its last row gone and half of it written
        Path shard0 = new Shard(0, N).output(out);
        Csv t = Csv.read(shard0);
        assertTrue(t.rowCount() >= 2, "shard 0 has " + t.rowCount() + " rows");
        new Csv(t.header(), new ArrayList<>(t.rows().subList(0, t.rowCount() - 1))).write(shard0);
        Files.writeString(shard0, "P0,1.5,2", StandardOpenOption.APPEND);
        String err = stderrOf(() -> SpineRadCli.execute("merge", "--out", out.toString()), 2);
        assertTrue(err.contains("spinerad: error: ") && err.contains("half-written row") && err.contains("rerun --shard 0/3"), err);
        Files.writeString(shard0, Files.readString(shard0).substring(0, Files.readString(shard0).lastIndexOf('\n') + 1));
        err = stderrOf(() -> SpineRadCli.execute("merge", "--out", out.toString()), 2);
        assertTrue(err.contains("1 of 7 rows missing") && err.contains("rerun --shard 0/3"), err);
        Files.writeString(shard0, "P0,1.5,2", StandardOpenOption.APPEND);
        assertEquals(0, SpineRadCli.execute(radiomics(out, "--shard", "0/" + N)));
        assertEquals(t.rowCount(), Csv.read(shard0).rowCount());
        assertEquals(0, SpineRadCli.execute("merge", "--out", out.toString(), "--shards", "3", "--manifest", manifest.toString()));
        assertEquals(reference, keyed(out));

        // a shard that no patient hashes to still leaves its (empty) output
        int empty = 0;
        while (manifestIds().stream().anyMatch(new Shard(empty, 64)::contains)) empty++;
        assertEquals(0, SpineRadCli.execute(radiomics(out, "--shard", empty + "/64")));
        assertEquals(0, Files.size(new Shard(empty, 64).output(out)));

        // a shard run with other settings is refused by merge
        Path p2 = dir.resolve("p2.yaml");
        Files.writeString(p2, "featureClass: {firstorder: [Mean, Entropy], glcm: [Contrast]}\nsetting: {binWidth: 10}\n");
        Path mixed = dir.resolve("mixed/radiomics.csv");
        assertEquals(0, SpineRadCli.execute(radiomics(mixed, "--shard", "0/2")));
        List<String> other = new ArrayList<>(List.of(radiomics(mixed, "--shard", "1/2")));
        other.set(other.indexOf(params.toString()), p2.toString());
        assertEquals(0, SpineRadCli.execute(other.toArray(String[]::new)));
        err = stderrOf(() -> SpineRadCli.execute("merge", "--out", mixed.toString()), 2);
        assertTrue(err.contains("come from different runs: --params"), err);
    }

    @Test
    void deepFeaturesAndSegmentationShard() throws Exception {
        Files.createDirectories(dir.resolve("deep"));
        Path single = dir.resolve("deep/single.csv"), out = dir.resolve("deep/sharded.csv");
        String[] deep = {"deep", "features", "--manifest", manifest.toString(), "--preset", "cpuSmall", "--structure", "vertebra=1-5"};
        assertEquals(0, SpineRadCli.execute(concat(deep, "--out", single.toString())));
        for (int k = 0; k < 2; k++) assertEquals(0, SpineRadCli.execute(concat(deep, "--out", out.toString(), "--shard", k + "/2")));
        assertEquals(0, SpineRadCli.execute("merge", "--out", out.toString()));
        assertEquals(keyed(single), keyed(out));

        Path segDir = dir.resolve("seg");
        for (int k = 0; k < 2; k++)
            assertEquals(0, SpineRadCli.execute("segment", "--manifest", manifest.toString(), "--out-dir", segDir.toString(), "--shard", k + "/2"));
        Path index = SegmentCommand.indexTable(segDir);
        assertEquals(0, SpineRadCli.execute("merge", "--out", index.toString()));
        Csv c = Csv.read(index);
        assertEquals(List.of("patient_id", "CT", "segmentation"), c.header());
        assertEquals(7, c.rowCount());
        for (var row : keyed(index).entrySet()) {
            assertTrue(Files.isRegularFile(segDir.resolve(row.getValue().get("segmentation"))), row.getKey());
            assertEquals(row.getKey() + "_ct_unetseg.nii.gz", row.getValue().get("segmentation"));
        }
        String err = stderrOf(() -> SpineRadCli.execute("segment", "--image", "x.nii.gz", "--out", "y.nii.gz", "--shard", "0/2"), 2);
        assertTrue(err.contains("--shard needs --manifest"), err);
    }

    static List<String> manifestIds() {
        return Csv.read(manifest).rows().stream().map(r -> r.getFirst()).toList();
    }

    static String[] concat(String[] a, String... b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(String[]::new);
    }
}
