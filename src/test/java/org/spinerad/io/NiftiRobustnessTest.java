package org.spinerad.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.testutil.SharedData;
import org.spinerad.util.SpineRadException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad NIfTI input fails fast with a SpineRadException naming the file and the problem (no OOM, no hang). */
class NiftiRobustnessTest {
    @TempDir
    Path dir;

    /** A valid 20x20x20 int16 file of random (incompressible) voxels. */
    private Path valid(String name) {
        Volume v = Volume.create(Geometry.of(20, 20, 20, 1, 1, 1), DataType.INT16);
        Random rnd = new Random(3);
        short[] a = (short[]) v.array();
        for (int i = 0; i < a.length; i++) a[i] = (short) rnd.nextInt();
        Path f = dir.resolve(name);
        VolumeIO.write(v, f);
        return f;
    }

    /** Rewrites the (decompressed) bytes of a file, recompressing .gz files. */
    private static void patch(Path f, Consumer<ByteBuffer> change) throws IOException {
        boolean gz = f.toString().endsWith(".gz");
        byte[] bytes = Files.readAllBytes(f);
        if (gz) bytes = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        change.accept(bb);
        if (gz) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(bb.array(), 0, bb.limit());
            }
            bytes = out.toByteArray();
        } else bytes = Arrays.copyOf(bb.array(), bb.limit());
        Files.write(f, bytes);
    }

    private static void assertFails(Path f, String... fragments) {
        SpineRadException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(SpineRadException.class, () -> VolumeIO.read(f)));
        String msg = e.getMessage();
        assertTrue(msg.contains(f.getFileName().toString()), "message names the file: " + msg);
        for (String frag : fragments) assertTrue(msg.contains(frag), "message mentions '" + frag + "': " + msg);
    }

    @Test
    void truncatedFiles() throws IOException {
        Path f = valid("trunc.nii");
        Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 352 + 100));
        assertFails(f, "header claims 16000 bytes", "truncated");
        Path h = valid("trunc_header.nii");
        Files.write(h, Arrays.copyOf(Files.readAllBytes(h), 200));
        assertFails(h, "truncated NIfTI-1 header");
        Path gz = valid("trunc.nii.gz");
        byte[] b = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(b, b.length / 2));
        assertFails(gz, "truncated gzip");
        Path empty = dir.resolve("empty.nii");
        Files.write(empty, new byte[0]);
        assertFails(empty, "too short");
    }

    @Test
    void wrongMagicOrNotNifti() throws IOException {
        Path f = valid("magic.nii");
        patch(f, bb -> bb.put(344, (byte) 'x'));
        assertFails(f, "wrong NIfTI-1 magic");
        Path text = dir.resolve("text.nii");
        Files.writeString(text, "this is not an image\n".repeat(30));
        assertFails(text, "not a NIfTI file");
    }

    @Test
    void absurdOrNegativeDimensions() throws IOException {
        for (String name : new String[]{"huge.nii", "huge.nii.gz"}) {
            Path f = valid(name);
            patch(f, bb -> bb.putShort(42, (short) 1000).putShort(44, (short) 1000).putShort(46, (short) 1000)); // 1e9 voxels
            assertFails(f, "header claims 2000000000 bytes");
        }
        Path neg = valid("negative.nii");
        patch(neg, bb -> bb.putShort(44, (short) -5));
        assertFails(neg, "dim[2]=-5");
        Path over = valid("over.nii");
        patch(over, bb -> bb.putShort(42, (short) 32767).putShort(44, (short) 32767).putShort(46, (short) 32767));
        assertFails(over, "2^31 voxels");
        Path ndim = valid("ndim.nii");
        patch(ndim, bb -> bb.putShort(40, (short) 9));
        assertFails(ndim, "dim[0]=9");
    }

    @Test
    void headerClaimsMoreDataThanExists() throws IOException {
        for (String name : new String[]{"more.nii", "more.nii.gz"}) {
            Path f = valid(name);
            patch(f, bb -> bb.putShort(46, (short) 21)); // 20x20x21: one slice more than stored
            assertFails(f, name.endsWith(".gz") ? "voxel data ends after 16000 of 16800 bytes" : "has only 16000");
        }
    }

    @Test
    void voxOffsetBeyondFile() throws IOException {
        Path f = valid("offset.nii");
        patch(f, bb -> bb.putFloat(108, 1e6f));
        assertFails(f, "offset 1000000 is beyond the end");
        Path gz = valid("offset.nii.gz");
        patch(gz, bb -> bb.putFloat(108, 1e9f));
        assertFails(gz, "offset 1000000000 is beyond the end");
        Path gzNear = valid("offset_near.nii.gz"); // beyond the decompressed data, not beyond what the ratio allows
        patch(gzNear, bb -> bb.putFloat(108, 20000f));
        assertFails(gzNear, "offset 20000 is beyond the end");
    }

    @Test
    void volumeLargerThanTheHeapFailsBeforeAllocation() throws IOException {
        Volume tiny = Volume.create(Geometry.of(1, 1, 1, 1, 1, 1), DataType.FLOAT64);
        Path f = dir.resolve("sparse.nii");
        VolumeIO.write(tiny, f);
        patch(f, bb -> bb.putShort(42, (short) 1000).putShort(44, (short) 1000).putShort(46, (short) 750));
        long needed = 1000L * 1000 * 750 * 8;
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(352 + needed); // sparse: the file is big enough, the heap is not
        }
        assertTrue(needed > Runtime.getRuntime().maxMemory(), "test assumes a heap below 6 GB");
        assertFails(f, "MiB of Java heap");
    }

    @Test
    void corruptGzip() throws IOException {
        Path f = valid("corrupt.nii.gz");
        byte[] b = Files.readAllBytes(f);
        for (int i = 200; i < 400; i++) b[i] ^= (byte) 0x5a;
        Files.write(f, b);
        assertFails(f, "corrupt");
        Path head = valid("corrupt_head.nii.gz");
        byte[] h = Files.readAllBytes(head);
        for (int i = 10; i < 40; i++) h[i] = (byte) 0xff;
        Files.write(head, h);
        assertFails(head, "corrupt");
    }

    @Test
    void rgbImageIsRejectedClearly() {
        Path rgb = SharedData.file("totalsegmentator/spine_report/spine_report.nii.gz");
        assertFails(rgb, "datatype RGB (code 128)", "colour image");
    }

    @Test
    void missingFilesAndUnknownTypes() throws IOException {
        assertFails(dir.resolve("absent.nii.gz"), "not found");
        Path txt = dir.resolve("image.txt");
        Files.writeString(txt, "x");
        assertFails(txt, "unknown image file type");
        Path hdr = valid("lonely.hdr");
        Files.delete(dir.resolve("lonely.img"));
        assertFails(hdr, "no lonely.img");
        Path four = valid("vol.nii");
        SpineRadException e = assertThrows(SpineRadException.class, () -> NiftiReader.read(four, 1));
        assertTrue(e.getMessage().contains("volume 1 requested but the file has 1"), e.getMessage());
    }
}
