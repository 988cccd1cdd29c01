package org.spinerad.io;

import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Raw voxel streams shared by the NIfTI and NRRD codecs: opening (gzip detected by its magic bytes), size checks made
 * before any allocation, chunked decoding into SpineRad's primitive arrays (with optional linear scaling) and encoding.
 */
final class VoxelCodec {
    private VoxelCodec() {}

    private static final int CHUNK = 1 << 20; // multiple of every element size
    /** Deflate cannot compress better than about 1032:1; a gzip file claiming more data than this is truncated or lying. */
    private static final long MAX_GZIP_RATIO = 1100;
    /** Largest exactly representable integer in a double. */
    private static final double EXACT_LIMIT = 9007199254740992.0;

    static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Opens a file for reading, decompressing when it is gzip. */
    static InputStream open(Path file) {
        if (!Files.isRegularFile(file)) throw new SpineRadException(file + ": file not found");
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            return isGzip(file) ? new GZIPInputStream(raw, 1 << 16) : raw;
        } catch (ZipException e) {
            throw new SpineRadException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Opens a file for writing, gzip-compressed when the name ends with ".gz". */
    static OutputStream create(Path file) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        return file.getFileName().toString().toLowerCase().endsWith(".gz") ? gzip(out) : out;
    }

    /** A gzip stream at deflate level 1 (as nibabel writes): several times faster than the default, little larger. */
    static GZIPOutputStream gzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            { def.setLevel(java.util.zip.Deflater.BEST_SPEED); }
        };
    }

    /**
     * Fails before allocation when a file cannot hold the claimed voxel bytes (plain files: exact size; gzip: beyond
     * the best deflate ratio) or when the voxels cannot fit into the Java heap.
     */
    static void checkSize(Path dataFile, long offset, long dataBytes, long heapBytes) {
        long size;
        try {
            size = Files.size(dataFile);
        } catch (IOException e) {
            throw new SpineRadException(dataFile + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (isGzip(dataFile)) {
            if ((double) size * MAX_GZIP_RATIO < offset)
                throw new SpineRadException(dataFile + ": voxel data offset " + offset + " is beyond the end of the "
                        + size + "-byte gzip file's data");
            if ((double) size * MAX_GZIP_RATIO < (double) offset + dataBytes)
                throw new SpineRadException(dataFile + ": header claims " + dataBytes + " bytes of voxel data but the "
                        + size + "-byte gzip file cannot hold that much (truncated file or wrong dimensions)");
        } else {
            if (offset > size)
                throw new SpineRadException(dataFile + ": voxel data offset " + offset + " is beyond the end of the "
                        + size + "-byte file");
            if (offset + dataBytes > size)
                throw new SpineRadException(dataFile + ": header claims " + dataBytes + " bytes of voxel data from offset "
                        + offset + " but the file has only " + (size - offset) + " (truncated file or wrong dimensions)");
        }
        requireHeap(dataFile, heapBytes);
    }

    /** Fails before allocation when {@code heapBytes} cannot fit into the free Java heap (the memory budget of readers). */
    static void requireHeap(Path file, long heapBytes) {
        long available = freeHeap();
        if (heapBytes > available) {
            System.gc(); // garbage may still hold the heap; decide on live data only
            available = freeHeap();
        }
        if (heapBytes > available)
            throw new SpineRadException(file + ": the data needs " + (heapBytes >> 20) + " MiB but only "
                    + (available >> 20) + " MiB of Java heap are free (raise -Xmx, or the header's sizes are wrong)");
    }

    static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** Heap bytes {@link #read} allocates for a volume of this many voxels. */
    static long heapBytes(long voxels, ElementType src, boolean scaled) {
        DataType direct = src.direct();
        if (!scaled && direct != null) return voxels * direct.bytesPerVoxel;
        if (scaled) return voxels * (src.bytes <= 2 || src == ElementType.FLOAT32 ? 4 : 8);
        return voxels * (src == ElementType.INT8 ? 2 : 12); // 64-bit sources: double array, then maybe an int copy
    }

    /** Skips to a data offset, failing clearly when the stream ends first. */
    static void skip(InputStream in, long offset, Path file) {
        try {
            in.skipNBytes(offset);
        } catch (EOFException e) {
            throw new SpineRadException(file + ": voxel data offset " + offset + " is beyond the end of the data", e);
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    /** Decompressed bytes read past the data the header implies, to reach the end of its gzip member (and its CRC). */
    private static final long DRAIN_SLACK = 1 << 16;

    /**
     * Reads on in a gzip stream so that the CRC of the member holding the voxels is checked (corrupt stored blocks
     * otherwise pass unnoticed), but at most {@code impliedRest} bytes (data the header says follow) plus a little:
     * trailing gzip members beyond the data are never decompressed.
     */
    static void drain(InputStream in, Path file, long impliedRest) {
        if (!(in instanceof GZIPInputStream)) return;
        long budget = impliedRest + DRAIN_SLACK;
        byte[] buf = new byte[1 << 16];
        try {
            while (budget > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, budget));
                if (n < 0) return;
                budget -= n;
            }
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    static SpineRadException ioError(Path file, IOException e) {
        if (e instanceof ZipException || e instanceof EOFException)
            return new SpineRadException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        return new SpineRadException(file + ": cannot read (" + e.getMessage() + ")", e);
    }

    /**
     * Reads {@code g.voxelCount()} elements and returns them as a volume. Without scaling, types SpineRad stores directly
     * are kept; int8 becomes INT16; uint32/int64/uint64 become INT32 when all values fit, else FLOAT64 (values beyond
     * 2^53 are an error). With scaling ({@code value * slope + inter}) the result is FLOAT32 for sources of at most
     * 16-bit integers or float32, else FLOAT64.
     */
    static Volume read(InputStream in, ElementType src, ByteOrder order, Geometry g, double slope, double inter, Path file) {
        boolean scaled = slope != 1 || inter != 0;
        int n = g.voxelCount();
        DataType direct = src.direct();
        try {
            if (!scaled && direct != null) return readDirect(in, src, order, g, file);
            DataType target;
            if (scaled) target = src.bytes <= 2 || src == ElementType.FLOAT32 ? DataType.FLOAT32 : DataType.FLOAT64;
            else target = src == ElementType.INT8 ? DataType.INT16 : DataType.FLOAT64;
            Volume v = Volume.create(g, target);
            Object dst = v.array();
            byte[] buf = new byte[CHUNK];
            double[] tmp = new double[CHUNK / src.bytes];
            int pos = 0;
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            while (pos < n) {
                int count = Math.min(tmp.length, n - pos);
                ByteBuffer bb = fill(in, buf, count * src.bytes, order, pos, n, src, file);
                decode(bb, src, tmp, count);
                for (int i = 0; i < count; i++) {
                    double x = tmp[i] * slope + inter;
                    tmp[i] = x;
                    if (x < min) min = x;
                    if (x > max) max = x;
                }
                switch (target) {
                    case INT16 -> { short[] d = (short[]) dst; for (int i = 0; i < count; i++) d[pos + i] = (short) tmp[i]; }
                    case FLOAT32 -> { float[] d = (float[]) dst; for (int i = 0; i < count; i++) d[pos + i] = (float) tmp[i]; }
                    default -> System.arraycopy(tmp, 0, dst, pos, count);
                }
                pos += count;
            }
            if (!scaled && target == DataType.FLOAT64) {
                if (Math.max(-min, max) > EXACT_LIMIT)
                    throw new SpineRadException(file + ": " + src.label + " values up to " + Math.max(-min, max)
                            + " exceed the exactly representable range of SpineRad's FLOAT64 (2^53)");
                if (n == 0 || (min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE)) {
                    double[] d = (double[]) dst;
                    int[] ints = new int[n];
                    for (int i = 0; i < n; i++) ints[i] = (int) d[i];
                    return Volume.wrap(g, DataType.INT32, ints);
                }
            }
            return v;
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    private static Volume readDirect(InputStream in, ElementType src, ByteOrder order, Geometry g, Path file) throws IOException {
        Volume v = Volume.create(g, src.direct());
        Object dst = v.array();
        int n = g.voxelCount();
        byte[] buf = new byte[CHUNK];
        int perChunk = CHUNK / src.bytes;
        int pos = 0;
        while (pos < n) {
            int count = Math.min(perChunk, n - pos);
            ByteBuffer bb = fill(in, buf, count * src.bytes, order, pos, n, src, file);
            switch (src) {
                case UINT8 -> bb.get((byte[]) dst, pos, count);
                case INT16, UINT16 -> bb.asShortBuffer().get((short[]) dst, pos, count);
                case INT32 -> bb.asIntBuffer().get((int[]) dst, pos, count);
                case FLOAT32 -> bb.asFloatBuffer().get((float[]) dst, pos, count);
                case FLOAT64 -> bb.asDoubleBuffer().get((double[]) dst, pos, count);
                default -> throw new IllegalStateException(src.toString());
            }
            pos += count;
        }
        return v;
    }

    private static ByteBuffer fill(InputStream in, byte[] buf, int len, ByteOrder order, int pos, int n,
                                   ElementType src, Path file) throws IOException {
        int got = in.readNBytes(buf, 0, len);
        if (got < len) {
            long have = (long) pos * src.bytes + got;
            throw new SpineRadException(file + ": voxel data ends after " + have + " of " + (long) n * src.bytes
                    + " bytes (truncated file or wrong dimensions in the header)");
        }
        return ByteBuffer.wrap(buf, 0, len).order(order);
    }

    private static void decode(ByteBuffer bb, ElementType src, double[] out, int count) {
        switch (src) {
            case INT8 -> { for (int i = 0; i < count; i++) out[i] = bb.get(i); }
            case UINT8 -> { for (int i = 0; i < count; i++) out[i] = bb.get(i) & 0xff; }
            case INT16 -> { for (int i = 0; i < count; i++) out[i] = bb.getShort(2 * i); }
            case UINT16 -> { for (int i = 0; i < count; i++) out[i] = bb.getShort(2 * i) & 0xffff; }
            case INT32 -> { for (int i = 0; i < count; i++) out[i] = bb.getInt(4 * i); }
            case UINT32 -> { for (int i = 0; i < count; i++) out[i] = bb.getInt(4 * i) & 0xffffffffL; }
            case INT64 -> { for (int i = 0; i < count; i++) out[i] = bb.getLong(8 * i); }
            case UINT64 -> {
                for (int i = 0; i < count; i++) {
                    long x = bb.getLong(8 * i);
                    out[i] = x >= 0 ? x : (double) (x >>> 1) * 2.0 + (x & 1);
                }
            }
            case FLOAT32 -> { for (int i = 0; i < count; i++) out[i] = bb.getFloat(4 * i); }
            case FLOAT64 -> { for (int i = 0; i < count; i++) out[i] = bb.getDouble(8 * i); }
        }
    }

    /** Writes the voxels of a volume in its own element type and the given byte order. */
    static void write(Volume v, OutputStream out, ByteOrder order) throws IOException {
        ElementType t = ElementType.of(v.type());
        Object src = v.array();
        int n = v.size();
        int perChunk = CHUNK / t.bytes;
        byte[] buf = new byte[CHUNK];
        for (int pos = 0; pos < n; pos += perChunk) {
            int count = Math.min(perChunk, n - pos);
            ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
            switch (t) {
                case UINT8 -> bb.put((byte[]) src, pos, count);
                case INT16, UINT16 -> bb.asShortBuffer().put((short[]) src, pos, count);
                case INT32 -> bb.asIntBuffer().put((int[]) src, pos, count);
                case FLOAT32 -> bb.asFloatBuffer().put((float[]) src, pos, count);
                case FLOAT64 -> bb.asDoubleBuffer().put((double[]) src, pos, count);
                default -> throw new IllegalStateException(t.toString());
            }
            out.write(buf, 0, count * t.bytes);
        }
    }
}
