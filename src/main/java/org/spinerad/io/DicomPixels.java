package org.spinerad.io;

import org.spinerad.util.SpineRadException;

import org.spinerad.util.OwnClassLoader;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;

/** Decodes the stored values of a single-frame grayscale DICOM image for the supported transfer syntaxes. */
final class DicomPixels {
    private DicomPixels() {}

    /** Stored values (before rescale) of the image, masked to BitsStored and sign-extended when signed. */
    static int[] decode(DicomFile f) {
        try {
            return decodeChecked(f);
        } catch (SpineRadException e) {
            throw e;
        } catch (RuntimeException e) { // decoder libraries: any failure on bad data is a corrupt file
            throw new SpineRadException("Corrupt or truncated pixel data (" + f.transferSyntax + ") in " + f.path
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static int[] decodeChecked(DicomFile f) {
        int rows = f.unsignedShort(DicomFile.ROWS, 0), cols = f.unsignedShort(DicomFile.COLUMNS, 0);
        int bitsAllocated = f.unsignedShort(DicomFile.BITS_ALLOCATED, 16);
        int bitsStored = f.unsignedShort(DicomFile.BITS_STORED, bitsAllocated);
        boolean signed = f.unsignedShort(DicomFile.PIXEL_REPRESENTATION, 0) == 1;
        int samples = f.unsignedShort(DicomFile.SAMPLES_PER_PIXEL, 1);
        if (rows == 0 || cols == 0) throw new SpineRadException("DICOM file " + f.path + " has no Rows/Columns (not an image)");
        if (samples != 1)
            throw new SpineRadException("DICOM file " + f.path + " has " + samples + " samples per pixel; only grayscale images are supported");
        if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32)
            throw new SpineRadException("DICOM file " + f.path + ": unsupported BitsAllocated " + bitsAllocated);
        if (bitsStored < 1 || bitsStored > bitsAllocated)
            throw new SpineRadException("DICOM file " + f.path + ": BitsStored " + bitsStored + " is not within 1.." + bitsAllocated);
        long pixels = (long) rows * cols;
        if (pixels > Integer.MAX_VALUE - 8)
            throw new SpineRadException("DICOM file " + f.path + ": Rows x Columns " + rows + " x " + cols + " exceeds 2^31 pixels");
        VoxelCodec.requireHeap(f.path, pixels * 8); // decoded values plus the decoder's own buffers
        int frames = (int) f.number(DicomFile.FRAMES, 1);
        if (frames > 1)
            throw new SpineRadException("DICOM file " + f.path + " is multi-frame (" + frames + " frames); only single-frame series are supported");
        int n = (int) pixels;
        int[] raw = switch (f.transferSyntax) {
            case "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99" ->
                    nativeValues(f, n, bitsAllocated);
            case "1.2.840.10008.1.2.5" -> rle(f, n, bitsAllocated);
            case "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70" ->
                    LosslessJpeg.decode(concat(f, n, bitsAllocated), f.path, cols, rows);
            case "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91" -> imageIo(f, "jpeg2000", cols, rows, bitsAllocated);
            case "1.2.840.10008.1.2.4.50" -> imageIo(f, "jpeg", cols, rows, bitsAllocated);
            case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81" ->
                    throw new SpineRadException("unsupported transfer syntax JPEG-LS (" + f.transferSyntax + ") in " + f.path);
            default -> throw new SpineRadException("unsupported transfer syntax " + f.transferSyntax + " in " + f.path);
        };
        int mask = bitsStored >= 32 ? -1 : (1 << bitsStored) - 1;
        int shift = 32 - bitsStored;
        for (int i = 0; i < n; i++) {
            int v = raw[i] & mask;
            raw[i] = signed && shift > 0 ? (v << shift) >> shift : v;
        }
        return raw;
    }

    private static int[] nativeValues(DicomFile f, int n, int bitsAllocated) {
        ByteBuffer b = f.nativePixels;
        if (b == null) throw new SpineRadException("DICOM file " + f.path + " has no pixel data");
        int bytes = bitsAllocated / 8;
        if (b.limit() < (long) n * bytes)
            throw new SpineRadException("DICOM file " + f.path + ": pixel data has " + b.limit() + " bytes, expected " + (long) n * bytes);
        int[] out = new int[n];
        b = b.duplicate().order(f.order);
        switch (bitsAllocated) {
            case 8 -> { for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xff; }
            case 16 -> { for (int i = 0; i < n; i++) out[i] = b.getShort(2 * i) & 0xffff; }
            default -> { for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i); }
        }
        return out;
    }

    /**
     * The fragments of the single frame joined; more compressed bytes than any lossless coding of Rows x Columns could
     * need (twice the raw size plus 64 KiB) is an error, before anything is copied.
     */
    private static byte[] concat(DicomFile f, int n, int bitsAllocated) {
        if (f.fragments == null || f.fragments.isEmpty())
            throw new SpineRadException("DICOM file " + f.path + " declares compressed transfer syntax " + f.transferSyntax + " but has no encapsulated pixel data");
        long total = 0;
        for (ByteBuffer frag : f.fragments) total += frag.remaining();
        long bound = 2L * n * (bitsAllocated / 8) + (64 << 10);
        if (total > bound)
            throw new SpineRadException("DICOM file " + f.path + ": " + total + " bytes of compressed pixel data for a "
                    + n + "-pixel image (at most " + bound + " expected): Rows/Columns or the fragments are wrong");
        byte[] out = new byte[(int) total];
        int pos = 0;
        for (ByteBuffer frag : f.fragments) {
            frag.duplicate().get(out, pos, frag.remaining());
            pos += frag.remaining();
        }
        return out;
    }

    /** DICOM RLE (PS3.5 annex G): one PackBits segment per byte plane, most significant byte first. */
    static int[] rle(DicomFile f, int n, int bitsAllocated) {
        byte[] data = concat(f, n, bitsAllocated);
        ByteBuffer header = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int segments = header.getInt(0);
        int planes = bitsAllocated / 8;
        if (segments != planes)
            throw new SpineRadException("DICOM file " + f.path + ": RLE image has " + segments + " segments, expected " + planes);
        int[] out = new int[n];
        byte[] plane = new byte[n];
        for (int s = 0; s < segments; s++) {
            int start = header.getInt(4 + 4 * s);
            int end = s + 1 < segments ? header.getInt(8 + 4 * s) : data.length;
            unpackBits(data, start, end, plane, f);
            int shift = 8 * (planes - 1 - s);
            for (int i = 0; i < n; i++) out[i] |= (plane[i] & 0xff) << shift;
        }
        return out;
    }

    private static void unpackBits(byte[] in, int pos, int end, byte[] out, DicomFile f) {
        int o = 0;
        if (pos < 64 || end > in.length) throw new SpineRadException("DICOM file " + f.path + ": bad RLE segment offsets");
        while (o < out.length && pos < end) {
            int c = in[pos++];
            if (c >= 0) {
                int len = Math.min(c + 1, Math.min(out.length - o, end - pos));
                System.arraycopy(in, pos, out, o, len);
                pos += c + 1;
                o += len;
            } else if (c != -128) {
                byte v = in[pos++];
                int len = Math.min(1 - c, out.length - o);
                for (int i = 0; i < len; i++) out[o++] = v;
            }
        }
        if (o < out.length) throw new SpineRadException("DICOM file " + f.path + ": RLE segment is truncated");
    }

    /** Decodes with an ImageIO reader after checking that the codestream's frame is Rows x Columns. */
    private static int[] imageIo(DicomFile f, String format, int cols, int rows, int bitsAllocated) {
        ImageReader reader = reader(format);
        if (reader == null)
            throw new SpineRadException("No ImageIO " + format + " decoder on the class path for transfer syntax " + f.transferSyntax
                    + " in " + f.path + " (jai-imageio-jpeg2000 is needed)");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(concat(f, cols * rows, bitsAllocated)))) {
            reader.setInput(in);
            int w = reader.getWidth(0), h = reader.getHeight(0);
            if (w != cols || h != rows)
                throw new SpineRadException("DICOM file " + f.path + ": " + format + " frame is " + w + " x " + h
                        + " but Columns x Rows say " + cols + " x " + rows);
            Raster r = reader.readRaster(0, null);
            if (r.getWidth() != cols || r.getHeight() != rows)
                throw new SpineRadException("DICOM file " + f.path + ": decoded " + format + " frame is " + r.getWidth()
                        + " x " + r.getHeight() + " but Columns x Rows say " + cols + " x " + rows);
            return r.getSamples(r.getMinX(), r.getMinY(), cols, rows, 0, (int[]) null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SpineRadException se) throw se;
            throw new SpineRadException("Cannot decode " + format + " pixel data of " + f.path + ": " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader reader(String format) {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        if (!it.hasNext()) {
            // ImageIO finds codecs through the context class loader, which inside ImageJ cannot see plugins/jars
            OwnClassLoader.call(() -> { ImageIO.scanForPlugins(); return null; });
            it = ImageIO.getImageReadersByFormatName(format);
        }
        return it.hasNext() ? it.next() : null;
    }
}
