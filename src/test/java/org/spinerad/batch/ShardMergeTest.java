package org.spinerad.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

class ShardMergeTest {
    static final int N = 3;
    static final List<String> IDS = List.of("P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10", "P11", "P12");

    /** A manifest and N shard tables as a --shard run leaves them; P05 has an error row. */
    static Path study(Path dir) throws IOException {
        StringBuilder m = new StringBuilder("patient_id,CT,CT_mask\n");
        for (String id : IDS) m.append(id).append(',').append(id).append(".nii.gz,").append(id).append("_seg.nii.gz\n");
        Files.writeString(dir.resolve("manifest.csv"), m);
        Path out = dir.resolve("radiomics.csv");
        for (int k = 0; k < N; k++) {
            Shard s = new Shard(k, N);
            List<List<String>> rows = new ArrayList<>();
            for (String id : IDS.reversed()) // shard rows in any order (parallel workers)
                if (s.contains(id)) rows.add(id.equals("P05") ? List.of(id, "CT: mask empty", "", "") : List.of(id, "", id + "a", id + "b"));
            new Csv(List.of("patient_id", "error", "CT_f1", "CT_f2"), rows).write(s.output(out));
            record(dir, s.output(out), k, "25");
            Files.writeString(dir.resolve(s.output(out).getFileName() + ".provenance.json"),
                    "{\"software\":\"SpineRad\",\"created\":\"2026-01-0" + (k + 1) + "\",\"output\":\"" + s.output(out).getFileName()
                            + "\",\"parameters\":{\"binWidth\":25}}");
            if (rows.stream().anyMatch(r -> r.get(0).equals("P05")))
                Files.writeString(dir.resolve(s.output(out).getFileName() + ".errors.csv"), "patient_id,problem\nP05,mask empty\n");
        }
        return out;
    }

    static void record(Path dir, Path shardOut, int k, String binWidth) {
        TreeMap<String, String> settings = new TreeMap<>();
        settings.put("--params", binWidth);
        new ShardRecord(k + "/" + N, "radiomics-batch", settings, dir.resolve("manifest.csv").toString(), "patient_id", "1.0").write(shardOut);
    }

    @Test
    void mergesAllRowsInManifestOrderKeepingErrorRows(@TempDir Path dir) throws IOException {
        Path out = study(dir);
        for (String id : IDS) assertTrue(Files.exists(new Shard(Shard.of(id, N), N).output(out)));
        ShardMerge.Result r = ShardMerge.merge(out, null, null);
        assertEquals(new ShardMerge.Result(12, 1, List.of("P05: CT: mask empty"), N), r);
        Csv merged = Csv.read(out);
        assertEquals(List.of("patient_id", "error", "CT_f1", "CT_f2"), merged.header());
        for (int i = 0; i < IDS.size(); i++) {
            String id = IDS.get(i);
            assertEquals(id.equals("P05") ? List.of(id, "CT: mask empty", "", "") : List.of(id, "", id + "a", id + "b"), merged.rows().get(i));
        }
        assertEquals(List.of(List.of("P05", "mask empty")), Csv.read(dir.resolve("radiomics.csv.errors.csv")).rows());
        String provenance = Files.readString(dir.resolve("radiomics.csv.provenance.json"));
        assertTrue(provenance.contains("\"output\": \"radiomics.csv\"") && provenance.contains("radiomics.shard-2-of-3.csv"), provenance);
        byte[] first = Files.readAllBytes(out);
        ShardMerge.merge(out, N, dir.resolve("manifest.csv"));
        assertArrayEquals(first, Files.readAllBytes(out), "merging again gives the same table");
    }

    static String failure(Path out, Integer n) {
        return assertThrows(SpineRadException.class, () -> ShardMerge.merge(out, n, null)).getMessage();
    }

    @Test
    void missingShardOrRowsNameWhatToRerun(@TempDir Path dir) throws IOException {
        Path out = study(dir);
        Path shard1 = new Shard(1, N).output(out);
        Csv t = Csv.read(shard1);
        new Csv(t.header(), new ArrayList<>(t.rows().subList(0, t.rowCount() - 2))).write(shard1); // killed mid-run
        String m = failure(out, null);
        assertTrue(m.contains("2 of 12 rows missing") && m.contains("radiomics.shard-1-of-3.csv lacks 2 (rerun --shard 1/3)"), m);
        Files.delete(shard1);
        m = failure(out, null);
        assertTrue(m.contains("missing shard outputs: radiomics.shard-1-of-3.csv (rerun --shard 1/3)"), m);
        assertTrue(failure(out, 4).contains("radiomics.shard-0-of-4.csv"), "an explicit N looks for that partition");
    }

    @Test
    void rowsOfAnotherPartitionOrTwiceAreRefused(@TempDir Path dir) throws IOException {
        Path out = study(dir);
        Path shard0 = new Shard(0, N).output(out);
        Csv t = Csv.read(shard0);
        String foreign = IDS.stream().filter(id -> Shard.of(id, N) == 2).findFirst().orElseThrow();
        List<List<String>> rows = new ArrayList<>(t.rows());
        rows.add(List.of(foreign, "", "x", "y"));
        new Csv(t.header(), rows).write(shard0);
        String m = failure(out, null);
        assertTrue(m.contains("'" + foreign + "' belongs to shard 2/3, not 0/3"), m);
        rows.removeLast();
        rows.add(rows.getFirst());
        new Csv(t.header(), rows).write(shard0);
        m = failure(out, null);
        assertTrue(m.contains("appears twice"), m);
    }

    @Test
    void differentSettingsProvenanceOrColumnsAreRefused(@TempDir Path dir) throws IOException {
        Path out = study(dir);
        Path shard2 = new Shard(2, N).output(out);
        record(dir, shard2, 2, "10");
        String m = failure(out, null);
        assertTrue(m.contains("radiomics.shard-2-of-3.csv and radiomics.shard-0-of-3.csv come from different runs: --params 25 vs 10"), m);
        record(dir, shard2, 2, "25");
        Path prov = dir.resolve(shard2.getFileName() + ".provenance.json");
        Files.writeString(prov, Files.readString(prov).replace("\"binWidth\":25", "\"binWidth\":10"));
        m = failure(out, null);
        assertTrue(m.contains("extraction settings differ") && m.contains("parameters"), m);
        Files.delete(prov);
        assertTrue(failure(out, null).contains("missing (the other shards have provenance)"));
        study(dir);
        Csv t = Csv.read(shard2);
        List<List<String>> rows = new ArrayList<>();
        for (List<String> r : t.rows()) rows.add(r.subList(0, 3));
        new Csv(t.header().subList(0, 3), rows).write(shard2);
        m = failure(out, null);
        assertTrue(m.contains("other columns than") && m.contains("CT_f2"), m);
    }

    @Test
    void shardsOfSeveralRunsNeedAnExplicitCount(@TempDir Path dir) throws IOException {
        Path out = study(dir);
        Files.writeString(new Shard(0, 5).output(out), "patient_id\n");
        assertTrue(failure(out, null).contains("of several runs (N = [3, 5]); give --shards N"));
        assertEquals(12, ShardMerge.merge(out, N, null).rows());
        assertTrue(failure(dir.resolve("deep.csv"), null).contains("no shard outputs deep.shard-K-of-N.csv"));
    }

    @Test
    void aShardWithoutRowsIsAnEmptyFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("manifest.csv"), "patient_id,CT,CT_mask\nP01,a.nii,a_seg.nii\n");
        Path out = dir.resolve("radiomics.csv");
        int home = Shard.of("P01", 2);
        new Csv(List.of("patient_id", "error", "CT_f1"), List.of(List.of("P01", "", "7"))).write(new Shard(home, 2).output(out));
        Files.writeString(new Shard(1 - home, 2).output(out), "");
        for (int k = 0; k < 2; k++) {
            TreeMap<String, String> settings = new TreeMap<>();
            new ShardRecord(k + "/2", "radiomics-batch", settings, dir.resolve("manifest.csv").toString(), "patient_id", "1.0")
                    .write(new Shard(k, 2).output(out));
        }
        assertEquals(1, ShardMerge.merge(out, null, null).rows());
        assertEquals(List.of(List.of("P01", "", "7")), Csv.read(out).rows());
    }

    /** A table with several rows per patient (stenosis batch: level, side): each (patient, level, side) once. */
    @Test
    void severalRowsPerKeyMergeAndATwiceRowIsNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("manifest.csv"), "patient_id,ct,labels\n" + String.join("\n", IDS.stream().map(id -> id + ",c,l").toList()) + "\n");
        Path out = dir.resolve("stenosis.csv");
        for (int k = 0; k < N; k++) {
            Shard s = new Shard(k, N);
            List<List<String>> rows = new ArrayList<>();
            for (String id : IDS) if (s.contains(id)) for (String side : List.of("central", "left")) rows.add(List.of(id, "L4-L5", side, id + side, ""));
            new Csv(List.of("patient_id", "level", "side", "value", "error"), rows).write(s.output(out));
            new ShardRecord(k + "/" + N, "stenosis batch", new TreeMap<>(), dir.resolve("manifest.csv").toString(), "patient_id",
                    List.of("level", "side"), "1.0").write(s.output(out));
        }
        ShardMerge.Result r = ShardMerge.merge(out, null, null);
        assertEquals(2 * IDS.size(), r.rows());
        List<List<String>> merged = Csv.read(out).rows();
        for (int i = 0; i < IDS.size(); i++)
            for (int j = 0; j < 2; j++) {
                String side = j == 0 ? "central" : "left";
                assertEquals(List.of(IDS.get(i), "L4-L5", side, IDS.get(i) + side, ""), merged.get(2 * i + j));
            }
        Path shard0 = new Shard(0, N).output(out);
        String id = IDS.stream().filter(x -> Shard.of(x, N) == 0).findFirst().orElseThrow();
        Files.writeString(shard0, Files.readString(shard0) + id + ",L4-L5,left,again,\n");
        String e = failure(out, null);
        assertTrue(e.contains(shard0.getFileName().toString()) && e.contains("'" + id + " L4-L5 left' appears twice"), e);
    }
}
