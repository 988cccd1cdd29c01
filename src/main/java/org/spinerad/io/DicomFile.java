package org.spinerad.io;

import org.spinerad.util.SpineRadException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A compact DICOM Part 10 parser: keeps the top-level attributes needed to build a volume and the pixel data
 * (native bytes or encapsulated fragments). Handles implicit/explicit VR little endian, explicit VR big endian and
 * deflated explicit VR little endian; nested sequences are skipped. Malformed files fail with a
 * {@link SpineRadException} naming the file, the offset and tag, and the problem.
 */
final class DicomFile {
    static final int TRANSFER_SYNTAX = 0x00020010;
    static final int MODALITY = 0x00080060, SERIES_DESCRIPTION = 0x0008103E;
    static final int SLICE_THICKNESS = 0x00180050, SPACING_BETWEEN_SLICES = 0x00180088;
    static final int SERIES_UID = 0x0020000E, SERIES_NUMBER = 0x00200011, INSTANCE_NUMBER = 0x00200013;
    static final int POSITION = 0x00200032, ORIENTATION = 0x00200037;
    static final int SAMPLES_PER_PIXEL = 0x00280002, PHOTOMETRIC = 0x00280004, FRAMES = 0x00280008;
    static final int ROWS = 0x00280010, COLUMNS = 0x00280011, PIXEL_SPACING = 0x00280030;
    static final int BITS_ALLOCATED = 0x00280100, BITS_STORED = 0x00280101, PIXEL_REPRESENTATION = 0x00280103;
    static final int INTERCEPT = 0x00281052, SLOPE = 0x00281053, PIXEL_DATA = 0x7FE00010;
    private static final int ITEM = 0xFFFEE000, ITEM_END = 0xFFFEE00D, SEQUENCE_END = 0xFFFEE0DD;
    private static final Set<Integer> KEPT = Set.of(TRANSFER_SYNTAX, MODALITY, SERIES_DESCRIPTION, SLICE_THICKNESS,
            SPACING_BETWEEN_SLICES, SERIES_UID, SERIES_NUMBER, INSTANCE_NUMBER, POSITION, ORIENTATION, SAMPLES_PER_PIXEL,
            PHOTOMETRIC, FRAMES, ROWS, COLUMNS, PIXEL_SPACING, BITS_ALLOCATED, BITS_STORED, PIXEL_REPRESENTATION,
            INTERCEPT, SLOPE);
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

    /** DICOM files above this size are refused (they cannot be mapped into one buffer; no CT slice comes near it). */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    /** A deflated data set may expand to at most this many bytes plus {@link #MAX_INFLATE_RATIO} times its size. */
    private static final long INFLATE_BASE = 64L << 20, MAX_INFLATE_RATIO = 32;
    private static final long UNDEFINED = 0xffffffffL;

    final Path path;
    final String transferSyntax;
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private final Map<Integer, byte[]> values = new HashMap<>();
    /** Native pixel bytes (a view of the file, not a copy), or null when encapsulated. */
    ByteBuffer nativePixels;
    /** Encapsulated fragments (without the basic offset table, views of the file), or null when native. */
    List<ByteBuffer> fragments;
    /** Where the data set starts in the file (0 for deflated data, whose offsets count inflated bytes). */
    private long dataSetOffset;
    private boolean inflated;

    private DicomFile(Path path, String transferSyntax) {
        this.path = path;
        this.transferSyntax = transferSyntax;
    }

    /** True when the file starts with the DICM preamble (cheap check used to skip non-DICOM files). */
    static boolean isDicom(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Parses a DICOM file up to and including the top-level PixelData (anything after it is ignored); pixel data is
     * kept only when {@code withPixels}. The file is memory-mapped, so only kept attributes reach the heap; nested
     * sequences are skipped iteratively (any depth); every length is checked against the bytes left.
     */
    static DicomFile read(Path file, boolean withPixels) {
        ByteBuffer bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_FILE_BYTES)
                throw new SpineRadException("DICOM file " + file + ": " + size + " bytes; files over 2 GiB are not supported");
            bytes = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (IOException e) {
            throw new SpineRadException("Cannot read DICOM file " + file + ": " + e.getMessage(), e);
        }
        if (bytes.limit() < 132 || bytes.get(128) != 'D' || bytes.get(129) != 'I' || bytes.get(130) != 'C' || bytes.get(131) != 'M')
            throw new SpineRadException("Not a DICOM file (no DICM preamble): " + file);
        DicomFile f = new DicomFile(file, null);
        ByteBuffer meta = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        meta.position(132);
        try {
            // file meta group 0002 is always explicit VR little endian
            while (meta.remaining() >= 8 && (meta.getShort(meta.position()) & 0xffff) == 0x0002)
                f.readElement(meta, true, withPixels);
            String ts = f.string(TRANSFER_SYNTAX);
            if (ts == null || ts.isEmpty()) ts = "1.2.840.10008.1.2";
            DicomFile out = new DicomFile(file, ts);
            out.values.putAll(f.values);
            out.dataSetOffset = meta.position();
            ByteBuffer data = meta.slice();
            boolean explicit = !ts.equals("1.2.840.10008.1.2");
            if (ts.equals("1.2.840.10008.1.2.2")) out.order = ByteOrder.BIG_ENDIAN;
            if (ts.equals("1.2.840.10008.1.2.1.99")) {
                data = ByteBuffer.wrap(inflate(data, file));
                out.dataSetOffset = 0;
                out.inflated = true;
            }
            data.order(out.order);
            while (data.remaining() >= 8) {
                if (out.readElement(data, explicit, withPixels) == PIXEL_DATA) break;
            }
            return out;
        } catch (SpineRadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SpineRadException("Corrupt or truncated DICOM file " + file + ": its data set cannot be parsed ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Inflates a deflated data set, refusing to expand it beyond a bound (deflate bombs) or the free heap. */
    private static byte[] inflate(ByteBuffer data, Path file) {
        long limit = Math.min(Math.min(Integer.MAX_VALUE - 8L, VoxelCodec.freeHeap() / 3),
                INFLATE_BASE + MAX_INFLATE_RATIO * data.remaining());
        Inflater inflater = new Inflater(true);
        inflater.setInput(data.duplicate());
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 4L * data.remaining() + 1024));
        byte[] buf = new byte[65536];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                if (out.size() + (long) n > limit)
                    throw new SpineRadException("DICOM file " + file + ": deflated data set expands beyond "
                            + (limit >> 20) + " MiB from " + data.remaining() + " bytes (deflate bomb or corrupt file)");
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new SpineRadException("DICOM file " + file + ": corrupt deflated data set (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    private SpineRadException corrupt(ByteBuffer b, long elementStart, int tag, String reason) {
        return new SpineRadException("DICOM file " + path + ": " + (inflated ? "inflated offset " : "offset ")
                + (dataSetOffset + elementStart) + ", tag " + tagName(tag) + ": " + reason);
    }

    private record Header(int tag, String vr, long length) {}

    /** Reads a tag, VR and length at the buffer position. */
    private Header header(ByteBuffer b, boolean explicit) {
        long start = b.position();
        if (b.remaining() < 8) throw corrupt(b, start, 0, "element header cut off by the end of the file");
        int tag = readTag(b);
        if ((tag >>> 16) == 0xFFFE) return new Header(tag, null, b.getInt() & UNDEFINED);
        if (!explicit) return new Header(tag, null, b.getInt() & UNDEFINED);
        String vr = new String(new byte[]{b.get(), b.get()}, StandardCharsets.US_ASCII);
        if (LONG_VRS.contains(vr)) {
            if (b.remaining() < 6) throw corrupt(b, start, tag, "element header cut off by the end of the file");
            b.getShort();
            return new Header(tag, vr, b.getInt() & UNDEFINED);
        }
        return new Header(tag, vr, b.getShort() & 0xffff);
    }

    /** Reads one top-level element at the buffer position, keeps it when wanted, and returns its tag. */
    private int readElement(ByteBuffer b, boolean explicit, boolean withPixels) {
        long start = b.position();
        Header h = header(b, explicit);
        int tag = h.tag;
        if (h.length == UNDEFINED) {
            if (tag == PIXEL_DATA) readFragments(b, withPixels);
            else skipUndefined(b, explicit && !"UN".equals(h.vr));
            return tag;
        }
        if (h.length > b.remaining())
            throw corrupt(b, start, tag, "length " + h.length + " runs past the end of the file (" + b.remaining() + " bytes left)");
        int len = (int) h.length;
        if (tag == PIXEL_DATA && withPixels) nativePixels = b.slice(b.position(), len).order(order);
        else if (tag != PIXEL_DATA && KEPT.contains(tag)) {
            byte[] v = new byte[len];
            b.get(b.position(), v);
            values.put(tag, v);
        }
        b.position(b.position() + len);
        return tag;
    }

    private static int readTag(ByteBuffer b) {
        int group = b.getShort() & 0xffff;
        int element = b.getShort() & 0xffff;
        return (group << 16) | element;
    }

    /**
     * Skips the contents of an undefined-length sequence (or element) whose header was just read, up to its
     * delimiter, with an explicit stack instead of recursion: nesting depth is bounded only by the file size.
     */
    private void skipUndefined(ByteBuffer b, boolean explicit) {
        ArrayDeque<Boolean> open = new ArrayDeque<>(); // explicit-VR flag of each open sequence or item
        open.push(explicit);
        while (!open.isEmpty()) {
            long start = b.position();
            if (b.remaining() < 8) throw corrupt(b, start, 0, "sequence not closed before the end of the file (depth " + open.size() + ")");
            boolean ex = open.peek();
            Header h = header(b, ex);
            if (h.tag == SEQUENCE_END || h.tag == ITEM_END) {
                open.pop();
            } else if (h.length == UNDEFINED) {
                open.push(h.tag == ITEM ? ex : ex && !"UN".equals(h.vr));
            } else {
                if (h.length > b.remaining())
                    throw corrupt(b, start, h.tag, "length " + h.length + " runs past the end of the file (" + b.remaining() + " bytes left)");
                b.position(b.position() + (int) h.length);
            }
        }
    }

    private void readFragments(ByteBuffer b, boolean keep) {
        List<ByteBuffer> frags = new ArrayList<>();
        boolean offsetTable = true;
        while (true) {
            long start = b.position();
            if (b.remaining() < 8) throw corrupt(b, start, PIXEL_DATA, "encapsulated pixel data not closed before the end of the file");
            int tag = readTag(b);
            long length = b.getInt() & UNDEFINED;
            if (tag == SEQUENCE_END) break;
            if (tag != ITEM) throw corrupt(b, start, tag, "expected a pixel data fragment item");
            if (length > b.remaining())
                throw corrupt(b, start, tag, "fragment length " + length + " runs past the end of the file (" + b.remaining() + " bytes left)");
            if (!offsetTable && keep) frags.add(b.slice(b.position(), (int) length));
            b.position(b.position() + (int) length);
            offsetTable = false;
        }
        if (keep) fragments = frags;
    }

    static String tagName(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xffff);
    }

    boolean has(int tag) { return values.containsKey(tag); }

    /** A text attribute, trimmed of padding, or null. */
    String string(int tag) {
        byte[] v = values.get(tag);
        if (v == null) return null;
        String s = new String(v, StandardCharsets.ISO_8859_1);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == 0 || s.charAt(end - 1) == ' ')) end--;
        return s.substring(0, end).trim();
    }

    /** A multi-valued decimal string (DS/IS) as numbers, or null. */
    double[] doubles(int tag) {
        String s = string(tag);
        if (s == null || s.isEmpty()) return null;
        String[] parts = s.split("\\\\");
        double[] out = new double[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) out[i] = Double.parseDouble(parts[i].trim());
        } catch (NumberFormatException e) {
            throw new SpineRadException("DICOM file " + path + ": attribute " + tagName(tag) + " is not numeric: '" + s + "'");
        }
        for (double d : out)
            if (!Double.isFinite(d))
                throw new SpineRadException("DICOM file " + path + ": attribute " + tagName(tag) + " has the non-finite value '" + s + "'");
        return out;
    }

    double number(int tag, double fallback) {
        double[] v = doubles(tag);
        return v == null || v.length == 0 ? fallback : v[0];
    }

    /** An unsigned short (US) attribute, or the fallback when absent. */
    int unsignedShort(int tag, int fallback) {
        byte[] v = values.get(tag);
        if (v == null || v.length < 2) return fallback;
        return ByteBuffer.wrap(v).order(order).getShort() & 0xffff;
    }
}
