package org.spinerad.io;

import org.spinerad.util.SpineRadException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * deflated explicit VR little endian; nested sequences are skipped.
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

    final Path path;
    final String transferSyntax;
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private final Map<Integer, byte[]> values = new HashMap<>();
    /** Native pixel bytes, or null when encapsulated. */
    byte[] nativePixels;
    /** Encapsulated fragments (without the basic offset table), or null when native. */
    List<byte[]> fragments;

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

    /** Parses a DICOM file; pixel data is kept only when {@code withPixels}. */
    static DicomFile read(Path file, boolean withPixels) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SpineRadException("Cannot read DICOM file " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length < 132 || bytes[128] != 'D' || bytes[129] != 'I' || bytes[130] != 'C' || bytes[131] != 'M')
            throw new SpineRadException("Not a DICOM file (no DICM preamble): " + file);
        try {
            ByteBuffer meta = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            meta.position(132);
            DicomFile f = new DicomFile(file, null);
            // file meta group 0002 is always explicit VR little endian
            while (meta.remaining() >= 8 && (meta.getShort(meta.position()) & 0xffff) == 0x0002)
                f.readElement(meta, true, true, withPixels);
            String ts = f.string(TRANSFER_SYNTAX);
            if (ts == null) ts = "1.2.840.10008.1.2";
            DicomFile out = new DicomFile(file, ts);
            out.values.putAll(f.values);
            ByteBuffer data = ByteBuffer.wrap(bytes, meta.position(), bytes.length - meta.position()).slice();
            boolean explicit = !ts.equals("1.2.840.10008.1.2");
            if (ts.equals("1.2.840.10008.1.2.2")) out.order = ByteOrder.BIG_ENDIAN;
            if (ts.equals("1.2.840.10008.1.2.1.99")) data = ByteBuffer.wrap(inflate(data));
            data.order(out.order);
            while (data.remaining() >= 8) {
                if (out.readElement(data, explicit, true, withPixels) == PIXEL_DATA && !withPixels) break;
            }
            return out;
        } catch (RuntimeException e) {
            if (e instanceof SpineRadException) throw e;
            throw new SpineRadException("Corrupt or truncated DICOM file " + file + ": " + e, e);
        }
    }

    private static byte[] inflate(ByteBuffer data) {
        byte[] in = new byte[data.remaining()];
        data.get(in);
        Inflater inflater = new Inflater(true);
        inflater.setInput(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 3);
        byte[] buf = new byte[65536];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("bad deflate stream: " + e.getMessage());
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    /** Reads one element at the buffer position, keeps it when wanted, and returns its tag. */
    private int readElement(ByteBuffer b, boolean explicit, boolean topLevel, boolean withPixels) {
        int tag = readTag(b);
        String vr = null;
        long length;
        if ((tag >>> 16) == 0xFFFE) {
            length = b.getInt() & 0xffffffffL;
        } else if (explicit) {
            vr = new String(new byte[]{b.get(), b.get()}, StandardCharsets.US_ASCII);
            if (LONG_VRS.contains(vr)) {
                b.getShort();
                length = b.getInt() & 0xffffffffL;
            } else {
                length = b.getShort() & 0xffff;
            }
        } else {
            length = b.getInt() & 0xffffffffL;
        }
        if (length == 0xffffffffL) {
            if (tag == PIXEL_DATA && topLevel) {
                readFragments(b, withPixels);
            } else {
                skipSequence(b, explicit && !"UN".equals(vr));
            }
            return tag;
        }
        if (length > b.remaining()) throw new IllegalStateException("element " + tagName(tag) + " runs past the end of the file");
        int len = (int) length;
        if (topLevel && tag == PIXEL_DATA) {
            if (withPixels) {
                nativePixels = new byte[len];
                b.get(nativePixels);
            } else {
                b.position(b.position() + len);
            }
        } else if (topLevel && KEPT.contains(tag)) {
            byte[] v = new byte[len];
            b.get(v);
            values.put(tag, v);
        } else {
            b.position(b.position() + len);
        }
        return tag;
    }

    private static int readTag(ByteBuffer b) {
        int group = b.getShort() & 0xffff;
        int element = b.getShort() & 0xffff;
        return (group << 16) | element;
    }

    /** Skips the items of an undefined-length sequence up to its delimiter. */
    private void skipSequence(ByteBuffer b, boolean explicit) {
        while (b.remaining() >= 8) {
            int tag = readTag(b);
            long length = b.getInt() & 0xffffffffL;
            if (tag == SEQUENCE_END) return;
            if (tag != ITEM) throw new IllegalStateException("expected a sequence item, found " + tagName(tag));
            if (length == 0xffffffffL) {
                while (b.remaining() >= 8) {
                    if (b.getInt(b.position()) == itemEndMarker(b.order())) {
                        b.position(b.position() + 8);
                        break;
                    }
                    readElement(b, explicit, false, false);
                }
            } else {
                b.position(b.position() + (int) length);
            }
        }
    }

    private static int itemEndMarker(ByteOrder order) {
        // (FFFE,E00D) as the int read at the item position: group then element, each in the stream's byte order
        return order == ByteOrder.LITTLE_ENDIAN ? 0xE00DFFFE : ITEM_END;
    }

    private void readFragments(ByteBuffer b, boolean keep) {
        List<byte[]> frags = new ArrayList<>();
        boolean offsetTable = true;
        while (b.remaining() >= 8) {
            int tag = readTag(b);
            int length = b.getInt();
            if (tag == SEQUENCE_END) break;
            if (tag != ITEM || length < 0 || length > b.remaining())
                throw new IllegalStateException("bad encapsulated pixel data fragment " + tagName(tag));
            if (!offsetTable && keep) {
                byte[] f = new byte[length];
                b.get(f);
                frags.add(f);
            } else {
                b.position(b.position() + length);
            }
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
