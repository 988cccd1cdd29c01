package org.spinerad.cli;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.radiomics.RadiomicsBatch;
import org.spinerad.util.Csv;
import org.spinerad.util.OutputLock;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Batch commands against hostile inputs: error rows, resume without endless retries, exit codes, locks, NaN warnings. */
class HostileCliTest {
    /** Exit code plus what went to stdout and stderr. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = SpineRadCli.execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** A 12 x 10 x 8 float image with a 4 x 4 x 4 ROI (label 1); {@code nan} ROI voxels set to NaN. */
    static void writeCase(Path dir, String id, int nan) {
        Geometry g = Geometry.of(12, 10, 8, 1, 1, 1);
        Volume img = Volume.create(g, DataType.FLOAT32), mask = Volume.create(g, DataType.UINT8);
        Random r = new Random(id.hashCode());
        for (int i = 0; i < img.size(); i++) img.set(i, 100 + 10 * r.nextGaussian());
        int k = 0;
        for (int z = 2; z < 6; z++) for (int y = 3; y < 7; y++) for (int x = 4; x < 8; x++) {
            mask.set(g.index(x, y, z), 1);
            if (k++ < nan) img.set(g.index(x, y, z), Double.NaN);
        }
        VolumeIO.write(img, dir.resolve(id + "_ct.nii.gz"));
        VolumeIO.write(mask, dir.resolve(id + "_seg.nii.gz"));
    }

    static Path params(Path dir) throws Exception {
        Path p = dir.resolve("p.yaml");
        Files.writeString(p, "featureClass: {firstorder: [Mean]}\n");
        return p;
    }

    @Test
    void corruptCaseBecomesAnErrorRowAndIsNotRetriedForever(@TempDir Path dir) throws Exception {
        writeCase(dir, "a", 0);
        writeCase(dir, "c", 0);
        byte[] b = Files.readAllBytes(dir.resolve("c_ct.nii.gz"));
        Files.write(dir.resolve("c_ct.nii.gz"), java.util.Arrays.copyOf(b, b.length / 2)); // truncated gzip
        Files.writeString(dir.resolve("m.csv"), "patient_id,CT,CT_mask\na,a_ct.nii.gz,a_seg.nii.gz\nc,c_ct.nii.gz,c_seg.nii.gz\n");
        String out = dir.resolve("f.csv").toString();
        String[] args = {"radiomics-batch", "--manifest", dir.resolve("m.csv").toString(), "--out", out,
                "--params", params(dir).toString(), "--threads", "1"};
        Run first = run(args);
        assertEquals(3, first.code(), first.err());
        assertFalse(first.err().contains("internal error") || first.err().contains("\tat "), first.err());
        Csv errors = Csv.read(RadiomicsBatch.errorsPath(Path.of(out)));
        assertEquals(1, errors.rowCount());
        assertEquals(dir.resolve("c_ct.nii.gz").toString(), errors.rowMap(0).get("file"));
        assertTrue(errors.rowMap(0).get("problem").contains("truncated"), errors.rowMap(0).get("problem"));
        assertEquals(2, Csv.read(Path.of(out)).rowCount());

        Run again = run(args);
        assertEquals(3, again.code());
        assertTrue(again.out().contains("Computed 0, skipped 1") && again.out().contains("1 failed before"), again.out());
        assertEquals(1, Csv.read(RadiomicsBatch.errorsPath(Path.of(out))).rowCount());

        writeCase(dir, "c", 0); // fixed
        String[] retry = java.util.Arrays.copyOf(args, args.length + 1);
        retry[args.length] = "--retry-failed";
        Run fixed = run(retry);
        assertEquals(0, fixed.code(), fixed.out() + fixed.err());
        assertEquals(0, Csv.read(RadiomicsBatch.errorsPath(Path.of(out))).rowCount());
        assertEquals(2, Csv.read(Path.of(out)).rowCount());
    }

    @Test
    void secondWriterOfAnOutputGetsAClearError(@TempDir Path dir) throws Exception {
        writeCase(dir, "a", 0);
        Files.writeString(dir.resolve("m.csv"), "patient_id,CT,CT_mask\na,a_ct.nii.gz,a_seg.nii.gz\n");
        Path out = dir.resolve("f.csv");
        try (OutputLock held = OutputLock.acquire(out)) {
            Run r = run("radiomics-batch", "--manifest", dir.resolve("m.csv").toString(), "--out", out.toString(),
                    "--params", params(dir).toString());
            assertEquals(2, r.code());
            assertTrue(r.err().contains("another SpineRad run is writing this output"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void nanVoxelsInTheRoiAreDroppedWithAWarning(@TempDir Path dir) throws Exception {
        writeCase(dir, "n", 5);
        Files.writeString(dir.resolve("m.csv"), "patient_id,CT,CT_mask\nn,n_ct.nii.gz,n_seg.nii.gz\n");
        Path out = dir.resolve("f.csv");
        Run r = run("radiomics-batch", "--manifest", dir.resolve("m.csv").toString(), "--out", out.toString(),
                "--params", params(dir).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: n CT/label_1") && r.err().contains("5 NaN voxel(s)"), r.err());
        var prov = JsonParser.parseString(Files.readString(dir.resolve("f.csv.provenance.json"))).getAsJsonObject();
        assertTrue(prov.getAsJsonArray("dataWarnings").get(0).getAsString().contains("5 NaN voxel(s)"), prov.toString());
        // the mean is that of the 59 finite ROI voxels
        Volume img = VolumeIO.read(dir.resolve("n_ct.nii.gz")), mask = VolumeIO.read(dir.resolve("n_seg.nii.gz"));
        double sum = 0;
        int n = 0;
        for (int i = 0; i < img.size(); i++) if (mask.get(i) == 1 && !Double.isNaN(img.get(i))) { sum += img.get(i); n++; }
        assertEquals(59, n);
        assertEquals(sum / n, Double.parseDouble(Csv.read(out).rowMap(0).get("CT_label_1_original_firstorder_Mean")), 1e-3);

        Run single = run("radiomics", "--image", dir.resolve("n_ct.nii.gz").toString(), "--mask", dir.resolve("n_seg.nii.gz").toString(),
                "--params", params(dir).toString(), "--out", dir.resolve("s.csv").toString());
        assertEquals(0, single.code(), single.err());
        assertTrue(single.err().contains("5 NaN voxel(s)"), single.err());
    }

    @Test
    void infiniteVoxelsFailTheCaseAnd4dNeedsAVolume(@TempDir Path dir) throws Exception {
        writeCase(dir, "i", 0);
        Volume img = VolumeIO.read(dir.resolve("i_ct.nii.gz"));
        img.set(img.geometry().index(5, 4, 3), Double.POSITIVE_INFINITY);
        VolumeIO.write(img, dir.resolve("i_ct.nii.gz"));
        Run r = run("radiomics", "--image", dir.resolve("i_ct.nii.gz").toString(), "--mask", dir.resolve("i_seg.nii.gz").toString(),
                "--params", params(dir).toString(), "--out", dir.resolve("s.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("infinite voxel value"), r.err());

        // a 4D image (two volumes, the second one = first + 1000) needs --volume
        writeCase(dir, "t", 0);
        Path nii = dir.resolve("t.nii");
        VolumeIO.write(VolumeIO.read(dir.resolve("t_ct.nii.gz")), nii);
        byte[] b = Files.readAllBytes(nii);
        java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.putShort(40, (short) 4).putShort(48, (short) 2);
        java.nio.ByteBuffer second = java.nio.ByteBuffer.allocate(b.length - 352).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 352; i < b.length; i += 4) second.putFloat(h.getFloat(i) + 1000);
        Path fourD = dir.resolve("t4d.nii");
        Files.write(fourD, java.util.Arrays.copyOf(b, b.length + second.capacity()));
        try (var ch = java.nio.channels.FileChannel.open(fourD, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(second.flip(), b.length);
        }
        String[] args = {"radiomics", "--image", fourD.toString(), "--mask", dir.resolve("t_seg.nii.gz").toString(),
                "--params", params(dir).toString(), "--out", dir.resolve("t.csv").toString()};
        Run no = run(args);
        assertEquals(2, no.code());
        assertTrue(no.err().contains("2 volumes") && no.err().contains("--volume"), no.err());
        String[] withVolume = java.util.Arrays.copyOf(args, args.length + 2);
        withVolume[args.length] = "--volume";
        withVolume[args.length + 1] = "1";
        assertEquals(0, run(withVolume).code());
        double mean1 = Double.parseDouble(Csv.read(dir.resolve("t.csv")).rowMap(0).get("original_firstorder_Mean"));
        withVolume[args.length + 1] = "0";
        assertEquals(0, run(withVolume).code());
        double mean0 = Double.parseDouble(Csv.read(dir.resolve("t.csv")).rowMap(0).get("original_firstorder_Mean"));
        assertEquals(mean0 + 1000, mean1, 1e-3);
    }

    @Test
    void corruptDicomIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        byte[] f = new byte[400];
        f[128] = 'D'; f[129] = 'I'; f[130] = 'C'; f[131] = 'M';
        java.nio.ByteBuffer.wrap(f, 132, 12).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x0008).putShort((short) 0x0060).put((byte) 'S').put((byte) 'Q').putShort((short) 0).putInt(-1);
        Path dcm = dir.resolve("x.dcm");
        Files.write(dcm, f);
        Run r = run("info", dcm.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("spinerad: error: ") && r.err().contains("x.dcm"), r.err());
    }

    @Test
    void segmentManifestGivesEveryRowItsOwnOutputAndErrorRows(@TempDir Path dir) throws Exception {
        Volume ct = Volume.create(Geometry.of(16, 16, 16, 3, 3, 3), DataType.INT16);
        for (int i = 0; i < ct.size(); i++) ct.set(i, (i * 7919) % 1500 - 500);
        for (String sub : new String[]{"a", "b", "c"}) Files.createDirectories(dir.resolve(sub));
        VolumeIO.write(ct, dir.resolve("a/ct.nii.gz"));
        for (int i = 0; i < ct.size(); i++) ct.set(i, -ct.get(i));
        VolumeIO.write(ct, dir.resolve("b/ct.nii.gz"));
        Files.write(dir.resolve("c/ct.nii.gz"), new byte[]{0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        Files.writeString(dir.resolve("m.csv"), "patient_id,CT\nA,a/ct.nii.gz\nB,b/ct.nii.gz\nC,c/ct.nii.gz\nD,\n");
        Path outDir = dir.resolve("segs");
        String[] args = {"segment", "--manifest", dir.resolve("m.csv").toString(), "--out-dir", outDir.toString(),
                "--model", org.spinerad.segment.Segmenter.DEFAULT_MODEL};
        Run r = run(args);
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(Files.isRegularFile(outDir.resolve("ct_r2_unetseg.nii.gz")) && Files.isRegularFile(outDir.resolve("ct_r3_unetseg.nii.gz")),
                "two images with the same file name get two outputs");
        Csv errors = Csv.read(outDir.resolve("segment.errors.csv"));
        assertEquals(2, errors.rowCount());
        assertEquals("4", errors.rowMap(0).get("line"));
        assertTrue(errors.rowMap(0).get("problem").contains("c/ct.nii.gz") || errors.rowMap(0).get("problem").contains("c" + java.io.File.separator + "ct.nii.gz"),
                errors.rowMap(0).get("problem"));
        assertEquals("5", errors.rowMap(1).get("line"));
        assertFalse(r.err().contains("internal error"), r.err());
        Run again = run(args);
        assertEquals(3, again.code());
        assertTrue(again.out().contains("Segmented 0 images") && again.out().contains("2 failed before"), again.out());
        assertEquals(2, Csv.read(outDir.resolve("segment.errors.csv")).rowCount());
    }

    @Test
    void helpStatesExitCodesAndNanPolicy() {
        Run r = run("--help");
        assertTrue(r.out().contains("Exit codes: 0 all done; 2 bad input") && r.out().contains("NaN/Inf policy"), r.out());
        Run b = run("radiomics-batch", "--help");
        assertTrue(b.out().contains("--retry-failed") && b.out().contains("3 some patients failed"), b.out());
    }
}
