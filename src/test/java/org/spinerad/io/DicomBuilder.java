package org.spinerad.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Writes small explicit-VR little-endian DICOM Part 10 files for tests (crafted and hostile inputs). */
final class DicomBuilder {
    private static final Set<String> LONG_VRS = Set.of("OB", "OW", "SQ", "UN", "UT");
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final String transferSyntax;

    DicomBuilder(String transferSyntax) { this.transferSyntax = transferSyntax; }

    /** A 16-bit CT slice of {@code cols x rows} with the usual geometry attributes, pixel data not yet added. */
    static DicomBuilder image(int rows, int cols) {
        return new DicomBuilder("1.2.840.10008.1.2.1")
                .text(0x00080060, "CS", "CT")
                .text(0x0020000E, "UI", "1.2.3.4")
                .text(0x00200032, "DS", "0\\0\\0")
                .text(0x00200037, "DS", "1\\0\\0\\0\\1\\0")
                .us(0x00280002, 1).us(0x00280010, rows).us(0x00280011, cols)
                .text(0x00280030, "DS", "0.5\\0.5")
                .us(0x00280100, 16).us(0x00280101, 16).us(0x00280103, 1);
    }

    DicomBuilder element(int tag, String vr, byte[] value) {
        ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (LONG_VRS.contains(vr)) h.putShort((short) 0).putInt(value == null ? -1 : value.length);
        else h.putShort((short) value.length);
        data.write(h.array(), 0, h.position());
        if (value != null) data.writeBytes(value);
        return this;
    }

    DicomBuilder text(int tag, String vr, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length % 2 == 1) b = (s + " ").getBytes(StandardCharsets.US_ASCII);
        return element(tag, vr, b);
    }

    DicomBuilder us(int tag, int v) {
        return element(tag, "US", ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array());
    }

    /** Raw bytes appended to the data set (item and delimiter tags, hand-made headers). */
    DicomBuilder raw(byte[] b) {
        data.writeBytes(b);
        return this;
    }

    static byte[] tagAndLength(int tag, int length) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) (tag >>> 16)).putShort((short) tag)
                .putInt(length).array();
    }

    /** 16-bit native pixel data with values 0, 1, 2, ... */
    DicomBuilder ramp(int pixels) {
        ByteBuffer b = ByteBuffer.allocate(2 * pixels).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < pixels; i++) b.putShort((short) i);
        return element(0x7FE00010, "OW", b.array());
    }

    /** Encapsulated pixel data: an empty offset table and one fragment. */
    DicomBuilder encapsulated(byte[] fragment) {
        element(0x7FE00010, "OB", null);
        raw(tagAndLength(0xFFFEE000, 0));
        byte[] even = fragment.length % 2 == 0 ? fragment : java.util.Arrays.copyOf(fragment, fragment.length + 1);
        raw(tagAndLength(0xFFFEE000, even.length));
        raw(even);
        return raw(tagAndLength(0xFFFEE0DD, 0));
    }

    byte[] dataSet() { return data.toByteArray(); }

    byte[] bytes() { return withDataSet(data.toByteArray()); }

    /** Preamble, file meta information and the given (possibly deflated) data set. */
    byte[] withDataSet(byte[] dataSet) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(new byte[128]);
        f.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        DicomBuilder meta = new DicomBuilder(null).text(0x00020010, "UI", transferSyntax);
        f.writeBytes(meta.data.toByteArray());
        f.writeBytes(dataSet);
        return f.toByteArray();
    }

    static DicomBuilder withSyntax(DicomBuilder b, String ts) {
        DicomBuilder out = new DicomBuilder(ts);
        out.data.writeBytes(b.data.toByteArray());
        return out;
    }
}
