package org.spinerad.batch;

import org.junit.jupiter.api.Test;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ShardTest {
    @Test
    void partitionMatchesPythonHashlib() {
        // int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % n, computed with Python 3
        Object[][] reference = {{"P001", 3, 3, 119}, {"P002", 0, 0, 812}, {"P003", 0, 5, 52}, {"P017", 2, 6, 418},
                {"patient 42", 2, 4, 66}, {"Ünïcode-7", 3, 2, 391}};
        for (Object[] r : reference) {
            String key = (String) r[0];
            assertEquals(r[1], Shard.of(key, 4), key);
            assertEquals(r[2], Shard.of(key, 7), key);
            assertEquals(r[3], Shard.of(key, 1000), key);
            assertTrue(new Shard((int) r[1], 4).contains(key));
            assertFalse(new Shard(((int) r[1] + 1) % 4, 4).contains(key));
        }
    }

    @Test
    void everyKeyInExactlyOneShardAndShardsBalanced() {
        int[] sizes = new int[8];
        for (int i = 0; i < 8000; i++) {
            String key = "P" + i;
            int owners = 0;
            for (int k = 0; k < 8; k++) if (new Shard(k, 8).contains(key)) owners++;
            assertEquals(1, owners, key);
            sizes[Shard.of(key, 8)]++;
        }
        for (int s : sizes) assertTrue(Math.abs(s - 1000) < 120, java.util.Arrays.toString(sizes)); // binomial sd ~30
    }

    @Test
    void parsesKOverNAndSlurmArrays() {
        assertEquals(new Shard(2, 8), Shard.parse(" 2 / 8 ", Map.of()));
        assertEquals(new Shard(1, 4), Shard.parse("slurm", Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "4",
                "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "3")));
        assertTrue(assertThrows(SpineRadException.class, () -> Shard.parse("4/4", Map.of())).getMessage().contains("0 <= K < N"));
        assertTrue(assertThrows(SpineRadException.class, () -> Shard.parse("1-4", Map.of())).getMessage().contains("expected K/N"));
        assertTrue(assertThrows(SpineRadException.class, () -> Shard.parse("slurm", Map.of())).getMessage().contains("not a SLURM array task"));
        // a task resubmitted alone (sbatch --array=2) sees an array 2-2 of one task: it must name its shard
        String m = assertThrows(SpineRadException.class, () -> Shard.parse("slurm", Map.of("SLURM_ARRAY_TASK_ID", "2",
                "SLURM_ARRAY_TASK_COUNT", "1", "SLURM_ARRAY_TASK_MIN", "2", "SLURM_ARRAY_TASK_MAX", "2"))).getMessage();
        assertTrue(m.contains("--shard 2/N"), m);
    }

    @Test
    void shardOutputsAreNamedBesideTheOutput() {
        Path out = Path.of("/study/radiomics.csv");
        assertEquals(Path.of("/study/radiomics.shard-1-of-4.csv"), new Shard(1, 4).output(out));
        assertEquals(out, Shard.ALL.output(out));
        assertEquals(new Shard(3, 12), Shard.ofOutput(out, Path.of("/study/radiomics.shard-3-of-12.csv")));
        assertNull(Shard.ofOutput(out, Path.of("/study/radiomics.shard-3-of-12.csv.errors.csv")));
        assertNull(Shard.ofOutput(out, Path.of("/study/deep.shard-3-of-12.csv")));
        assertNull(Shard.ofOutput(out, Path.of("/study/radiomics.shard-5-of-4.csv")));
        assertEquals(Path.of("features.shard-0-of-2"), new Shard(0, 2).output(Path.of("features")));
    }
}
