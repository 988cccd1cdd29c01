package org.spinerad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The job script and the sbatch calls of {@code spinerad slurm submit}; a real cluster runs them in scripts/slurm-ci.sh. */
class SlurmSubmitTest {
    static String stdoutOf(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, SpineRadCli.execute(args));
        } finally {
            System.setOut(out);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dryRunPrintsTheArrayScript(@TempDir Path dir) {
        String out = dir.resolve("r.csv").toString();
        String text = stdoutOf("slurm", "submit", "radiomics-batch", "--manifest", "m.csv", "--out", out, "--structures", "vertebra=1,2",
                "--array", "4", "--partition", "debug", "--cpus", "2", "--mem", "4G", "--time", "01:00:00", "--dry-run");
        List<String> lines = text.lines().toList();
        assertEquals("#!/bin/bash", lines.getFirst());
        for (String l : List.of("#SBATCH --partition=debug", "#SBATCH --cpus-per-task=2", "#SBATCH --mem=4G", "#SBATCH --time=01:00:00",
                "#SBATCH --job-name=spinerad-radiomics-batch", "export SPINERAD_JAVA_OPTS=-Xmx3072m",
                "  exec \"$SPINERAD\" merge --out " + out + " --shards 4",
                "exec \"$SPINERAD\" radiomics-batch --manifest m.csv --out " + out + " --structures vertebra=1,2"
                        + " --threads \"${SLURM_CPUS_PER_TASK:-1}\" --shard \"$SLURM_ARRAY_TASK_ID/4\""))
            assertTrue(lines.contains(l), l + " in\n" + text);
        assertTrue(text.contains("# would run: sbatch --parsable --array=0-3 "), text);
        assertFalse(Files.exists(dir.resolve("r.csv.slurm.sh")), "a dry run writes nothing");
    }

    @Test
    void submitsTheArrayThenAMergeJobDependingOnIt(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("sbatch"), calls = dir.resolve("calls.txt");
        Files.writeString(fake, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\necho $((4000 + $(wc -l < '" + calls + "')))\n");
        assertTrue(fake.toFile().setExecutable(true));
        Path out = dir.resolve("deep.csv");
        String text = stdoutOf("slurm", "submit", "--array", "3", "--tasks", "1", "--sbatch", fake.toString(), "--",
                "deep", "features", "--manifest", "m.csv", "--out", out.toString());
        assertTrue(text.contains("Submitted job array 4001 (shards 1 of 3)") && text.contains("Submitted merge job 4002"), text);
        List<String> sbatch = Files.readAllLines(calls);
        Path script = dir.resolve("deep.csv.slurm.sh");
        assertEquals("--parsable --array=1 --output=" + dir.resolve("slurm-logs/%x-%A_%a.out") + " " + script, sbatch.get(0));
        assertEquals("--parsable --dependency=afterok:4001 --kill-on-invalid-dep=yes --job-name=spinerad-deep-features-merge --output="
                + dir.resolve("slurm-logs/%x-%j.out") + " " + script + " merge", sbatch.get(1));
        String body = Files.readString(script);
        assertTrue(body.contains("exec \"$SPINERAD\" deep features --manifest m.csv --out " + out + " --shard \"$SLURM_ARRAY_TASK_ID/3\""), body);
        assertTrue(Files.isDirectory(dir.resolve("slurm-logs")));
    }

    @Test
    void refusesWhatIsNotAShardableBatchCommand(@TempDir Path dir) {
        String[][] bad = {
                {"info", "ct.nii.gz"},
                {"radiomics-batch", "--manifest", "m.csv", "--out", "r.csv", "--shard", "0/2"},
                {"radiomics-batch", "--manifest", "m.csv", "--out", "r.csv", "--bogus"},
                {}};
        String[] expected = {"is not a batch command with --shard", "leave --shard out", "is not valid: Unknown option: '--bogus'",
                "give the batch command"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = new String[bad[i].length + 5];
            System.arraycopy(new String[]{"slurm", "submit", "--array", "2", "--dry-run"}, 0, args, 0, 5);
            System.arraycopy(bad[i], 0, args, 5, bad[i].length);
            String err = ShardCliTest.stderrOf(() -> SpineRadCli.execute(args), 2);
            assertTrue(err.startsWith("spinerad: error: ") && err.contains(expected[i]) && err.lines().count() == 1, err);
        }
        String err = ShardCliTest.stderrOf(() -> SpineRadCli.execute("slurm", "submit", "--array", "2", "--mem", "lots", "--dry-run",
                "radiomics-batch", "--manifest", "m.csv", "--out", "r.csv"), 2);
        assertTrue(err.contains("--mem 'lots'"), err);
    }
}
