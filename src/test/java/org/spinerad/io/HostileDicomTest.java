package org.spinerad.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.*;

/** The crafted DICOM files of issue 12: each gives a clear error (or the right image), never an escaped exception. */
class HostileDicomTest {
    static Path write(Path dir, String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    static String error(Path f) {
        SpineRadException e = assertThrows(SpineRadException.class, () -> DicomSeriesReader.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "message must name the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void wellFormedSliceReads(@TempDir Path dir) throws Exception {
        Volume v = DicomSeriesReader.read(write(dir, "ok.dcm", DicomBuilder.image(3, 4).ramp(12).bytes()));
        assertArrayEquals(new int[]{4, 3, 1}, v.geometry().dims());
        for (int i = 0; i < 12; i++) assertEquals(i, v.get(i));
        assertEquals(0.5, v.geometry().spacing(0));
    }

    @Test
    void sequencesNested3000DeepAreSkippedWithoutRecursion(@TempDir Path dir) throws Exception {
        DicomBuilder b = DicomBuilder.image(3, 4);
        int depth = 3000;
        for (int i = 0; i < depth; i++) {
            b.element(0x00081140, "SQ", null); // undefined length sequence
            b.raw(DicomBuilder.tagAndLength(0xFFFEE000, -1)); // undefined length item
        }
        for (int i = 0; i < depth; i++) {
            b.raw(DicomBuilder.tagAndLength(0xFFFEE00D, 0));
            b.raw(DicomBuilder.tagAndLength(0xFFFEE0DD, 0));
        }
        Volume v = DicomSeriesReader.read(write(dir, "deep.dcm", b.ramp(12).bytes()));
        assertEquals(11, v.get(11));
        // the same nesting never closed: an error naming the offset, not a StackOverflowError
        DicomBuilder open = DicomBuilder.image(3, 4);
        for (int i = 0; i < depth; i++) open.element(0x00081140, "SQ", null).raw(DicomBuilder.tagAndLength(0xFFFEE000, -1));
        assertTrue(error(write(dir, "open.dcm", open.bytes())).contains("sequence not closed"));
    }

    @Test
    void badPixelSpacingRowsAndPositions(@TempDir Path dir) throws Exception {
        for (String spacing : new String[]{"0\\0.5", "NaN\\1", "-1\\1", "1e309\\1"}) {
            byte[] f = DicomBuilder.image(3, 4).text(0x00280030, "DS", spacing).ramp(12).bytes();
            String m = error(write(dir, "sp.dcm", f));
            assertTrue(m.contains("(0028,0030)"), m);
        }
        assertTrue(error(write(dir, "rows0.dcm", DicomBuilder.image(0, 4).ramp(12).bytes())).contains("Rows x Columns is 0 x 4"));
        String huge = error(write(dir, "huge.dcm", DicomBuilder.image(65535, 65535).ramp(12).bytes()));
        assertTrue(huge.contains("exceed"), huge);
        for (String pos : new String[]{"1e309\\0\\0", "NaN\\0\\0"}) {
            String m = error(write(dir, "pos.dcm", DicomBuilder.image(3, 4).text(0x00200032, "DS", pos).ramp(12).bytes()));
            assertTrue(m.contains("(0020,0032)") && m.contains("non-finite"), m);
        }
        String iop = error(write(dir, "iop.dcm", DicomBuilder.image(3, 4).text(0x00200037, "DS", "1\\0").ramp(12).bytes()));
        assertTrue(iop.contains("ImageOrientationPatient") && iop.contains("2 values"), iop);
    }

    @Test
    void elementsAfterPixelDataAreIgnored(@TempDir Path dir) throws Exception {
        byte[] f = DicomBuilder.image(3, 4).ramp(12).us(0x00280010, 60000).bytes(); // a second, larger Rows
        Volume v = DicomSeriesReader.read(write(dir, "after.dcm", f));
        assertArrayEquals(new int[]{4, 3, 1}, v.geometry().dims());
    }

    @Test
    void truncatedAndLyingLengths(@TempDir Path dir) throws Exception {
        byte[] ok = DicomBuilder.image(3, 4).ramp(12).bytes();
        assertTrue(error(write(dir, "short.dcm", java.util.Arrays.copyOf(ok, ok.length - 10))).contains("runs past the end"));
        byte[] fewPixels = DicomBuilder.image(30, 40).ramp(12).bytes();
        assertTrue(error(write(dir, "few.dcm", fewPixels)).contains("pixel data has 24 bytes, expected 2400"));
    }

    /** A lossless-JPEG (SOF3) header claiming a frame of {@code w x h}. */
    static byte[] losslessHeader(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short) 0xFFD8).putShort((short) 0xFFC3).putShort((short) 11).put((byte) 16)
                .putShort((short) h).putShort((short) w).put((byte) 1).put((byte) 1).put((byte) 0x11).put((byte) 0);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void compressedFramesLargerThanRowsColumns(@TempDir Path dir) throws Exception {
        for (int size : new int[]{65535, 46340}) {
            byte[] f = DicomBuilder.withSyntax(DicomBuilder.image(4, 4), "1.2.840.10008.1.2.4.70").encapsulated(losslessHeader(size, size)).bytes();
            String m = error(write(dir, "jll.dcm", f));
            assertTrue(m.contains("frame is " + size + " x " + size + " but Columns x Rows say 4 x 4"), m);
        }
        // baseline JPEG whose frame header says 30000 x 30000 over Rows/Columns 384
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", jpeg);
        byte[] j = jpeg.toByteArray();
        for (int i = 0; i + 8 < j.length; i++)
            if ((j[i] & 0xff) == 0xFF && (j[i + 1] & 0xff) == 0xC0) { // SOF0: length(2) precision(1) height(2) width(2)
                j[i + 5] = (byte) (30000 >> 8); j[i + 6] = (byte) 30000;
                j[i + 7] = (byte) (30000 >> 8); j[i + 8] = (byte) 30000;
                break;
            }
        DicomBuilder b = DicomBuilder.image(384, 384).us(0x00280100, 8).us(0x00280101, 8).us(0x00280103, 0);
        String m = error(write(dir, "jpeg.dcm", DicomBuilder.withSyntax(b, "1.2.840.10008.1.2.4.50").encapsulated(j).bytes()));
        assertTrue(m.contains("30000 x 30000") && m.contains("384 x 384"), m);
        // more compressed bytes than any lossless coding of the frame needs
        byte[] big = new byte[200_000];
        m = error(write(dir, "frag.dcm", DicomBuilder.withSyntax(DicomBuilder.image(4, 4), "1.2.840.10008.1.2.4.70").encapsulated(big).bytes()));
        assertTrue(m.contains("bytes of compressed pixel data"), m);
    }

    @Test
    void deflateBombStopsEarly(@TempDir Path dir) throws Exception {
        DicomBuilder b = DicomBuilder.image(3, 4);
        byte[] plain = b.dataSet();
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20], buf = new byte[1 << 16];
        d.setInput(plain);
        while (!d.needsInput()) out.write(buf, 0, d.deflate(buf));
        for (int i = 0; i < 400; i++) { // 400 MiB of zeros in a private tag's value
            d.setInput(zeros);
            while (!d.needsInput()) out.write(buf, 0, d.deflate(buf));
        }
        d.finish();
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        byte[] f = DicomBuilder.withSyntax(b, "1.2.840.10008.1.2.1.99").withDataSet(out.toByteArray());
        String m = error(write(dir, "bomb.dcm", f));
        assertTrue(m.contains("deflated data set expands beyond"), m);
    }

    @Test
    void threeGibFileIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path f = write(dir, "big.dcm", DicomBuilder.image(3, 4).ramp(12).bytes());
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(3L << 30); // sparse
        }
        assertTrue(error(f).contains("over 2 GiB"));
    }
}
