package org.spinerad.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** The crafted NRRD and NIfTI files of issue 12, and non-finite geometry. */
class HostileImageFilesTest {
    static String error(Path f) {
        SpineRadException e = assertThrows(SpineRadException.class, () -> VolumeIO.read(f));
        assertTrue(e.getMessage().contains(f.getFileName().toString()), "message must name the file: " + e.getMessage());
        return e.getMessage();
    }

    static Path nrrd(Path dir, String name, String header, byte[] data) throws Exception {
        Path f = dir.resolve(name);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("NRRD0004\n" + header + "\n").getBytes(StandardCharsets.US_ASCII));
        if (data != null) b.writeBytes(data);
        Files.write(f, b.toByteArray());
        return f;
    }

    @Test
    void nrrdSpaceWithEmptyAxisName(@TempDir Path dir) throws Exception {
        Path f = nrrd(dir, "s.nrrd", "type: uint8\ndimension: 3\nsizes: 2 2 2\nspace: -posterior-superior\nencoding: raw\n", new byte[8]);
        assertTrue(error(f).contains("NRRD space '-posterior-superior' is not supported"));
    }

    @Test
    void nrrdAsciiIsStreamedAndChecked(@TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) text.append(i * 0.5).append(i % 7 == 0 ? "\n" : " ");
        Path ok = nrrd(dir, "a.nrrd", "type: double\ndimension: 3\nsizes: 5 4 3\nencoding: ascii\n", text.toString().getBytes(StandardCharsets.US_ASCII));
        Volume v = VolumeIO.read(ok);
        for (int i = 0; i < 60; i++) assertEquals(i * 0.5, v.get(i));
        // 1000 x 1000 x 300 doubles claimed by a small file: a size error, not an int overflow
        Path big = nrrd(dir, "b.nrrd", "type: double\ndimension: 3\nsizes: 1000 1000 300\nencoding: ascii\n", "1 2 3\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(error(big).contains("cannot hold 300000000 values"), error(big));
        // a (sparse) file big enough for the claimed values, but their volume exceeds the heap: checked before allocation
        Path heap = nrrd(dir, "h.nrrd", "type: double\ndimension: 3\nsizes: 2000 2000 500\nencoding: ascii\n", null);
        try (RandomAccessFile raf = new RandomAccessFile(heap.toFile(), "rw")) {
            raf.setLength(2_100_000_000L);
        }
        assertTrue(error(heap).contains("MiB of Java heap are free"), error(heap));
        Path word = nrrd(dir, "w.nrrd", "type: short\ndimension: 3\nsizes: 2 1 1\nencoding: ascii\n", "1 x\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(error(word).contains("value 2 'x' is not a number"));
    }

    @Test
    void nrrdDetachedDataFileIsConfinedToTheHeaderFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("h"));
        Files.write(dir.resolve("outside.raw"), new byte[8]);
        Path f = nrrd(dir.resolve("h"), "x.nhdr", "type: uint8\ndimension: 3\nsizes: 2 2 2\nencoding: raw\ndata file: ../outside.raw\n", null);
        assertTrue(error(f).contains("lies outside"), error(f));
        Path passwd = nrrd(dir.resolve("h"), "p.nhdr", "type: uint8\ndimension: 3\nsizes: 2 2 2\nencoding: raw\ndata file: ../../../../../../../../etc/passwd\n", null);
        if (Files.exists(Path.of("/etc/passwd"))) assertTrue(error(passwd).contains("lies outside"));
        // an explicit root allows it; a data file beside the header is always fine
        assertEquals(8, NrrdReader.read(f, dir).size());
        Files.write(dir.resolve("h/in.raw"), new byte[8]);
        assertEquals(8, VolumeIO.read(nrrd(dir.resolve("h"), "in.nhdr", "type: uint8\ndimension: 3\nsizes: 2 2 2\nencoding: raw\ndata file: in.raw\n", null)).size());
    }

    @Test
    void nonFiniteGeometryIsAnError(@TempDir Path dir) throws Exception {
        Path origin = nrrd(dir, "o.nrrd", "type: uint8\ndimension: 3\nsizes: 2 2 2\nspace: LPS\nspace directions: (1,0,0) (0,1,0) (0,0,1)\nspace origin: (NaN,0,0)\nencoding: raw\n", new byte[8]);
        assertTrue(error(origin).contains("Origin must be finite"), error(origin));
        Volume v = Volume.create(Geometry.of(2, 2, 2, 1, 1, 1), DataType.UINT8);
        Path nii = dir.resolve("n.nii");
        VolumeIO.write(v, nii);
        byte[] b = Files.readAllBytes(nii);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(280 + 4 * 3, Float.NaN); // srow_x[3]: the x origin
        Files.write(nii, b);
        assertTrue(error(nii).contains("unusable sform affine"), error(nii));
        // grids compare NaN as different (a NaN never matches), so a NaN origin cannot pass a grid check
        assertThrows(IllegalArgumentException.class, () -> new Geometry(new int[]{2, 2, 2}, new double[]{1, 1, 1},
                new double[]{Double.NaN, 0, 0}, Geometry.identity()));
    }

    @Test
    void niftiGzipMembersBeyondTheDataAreNotDecompressed(@TempDir Path dir) throws Exception {
        Volume v = Volume.create(Geometry.of(1, 1, 1, 1, 1, 1), DataType.INT16);
        v.set(0, 42);
        Path plain = dir.resolve("one.nii");
        VolumeIO.write(v, plain);
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(member)) {
            gz.write(new byte[16 << 20]); // 16 MiB of zeros: a ~16 KiB member
        }
        Path f = dir.resolve("one.nii.gz");
        try (OutputStream out = Files.newOutputStream(f)) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            try (OutputStream gz = new GZIPOutputStream(first)) {
                gz.write(Files.readAllBytes(plain));
            }
            out.write(first.toByteArray());
            for (int i = 0; i < 2048; i++) out.write(member.toByteArray()); // 32 GiB once decompressed
        }
        Volume read = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> VolumeIO.read(f));
        assertEquals(42, read.get(0));
    }
}
