package org.spinerad.io;

import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads 2D/3D scalar NRRD files (.nrrd with attached data, .nhdr with a detached data file): raw, gzip and ascii
 * encodings, all integer and float types, either endian, {@code space} in any anatomical axis order (LPS, RAS, LAS, RAI...), {@code space directions},
 * {@code space origin}, or {@code spacings} without a space. A 4th axis is accepted only when it has size 1.
 * Geometry is kept in LPS as SpineRad does. Metadata: {@code source.file}, {@code nrrd.type}, {@code nrrd.space}.
 */
public final class NrrdReader {
    private NrrdReader() {}

    private static final int MAX_HEADER = 1 << 20;
    private static final Pattern VECTOR = Pattern.compile("\\(([^)]*)\\)|none");

    /** Parsed header fields (keys lower-case) and where the data starts. */
    record Header(Map<String, String> fields, long dataOffset) {
        String get(String key) { return fields.get(key); }
    }

    /** Reads a NRRD file; a detached data file must lie in the header's folder (or below it). */
    public static Volume read(Path file) {
        return read(file, null);
    }

    /**
     * Reads a NRRD file whose detached data file must lie inside {@code dataRoot} (null: the header's own folder), so a
     * hostile header cannot make SpineRad read arbitrary files such as {@code ../../etc/passwd} as voxels.
     */
    public static Volume read(Path file, Path dataRoot) {
        Header h = readHeader(file);
        String typeName = require(h, "type", file);
        ElementType type = elementType(typeName, file);
        int dimension = parseInt(require(h, "dimension", file), "dimension", file);
        if (dimension < 1 || dimension > 4)
            throw new SpineRadException(file + ": NRRD dimension " + dimension + " is not supported (1 to 3 spatial axes)");
        long[] sizes = parseLongs(require(h, "sizes", file), dimension, "sizes", file);
        List<double[]> directions = h.get("space directions") != null ? parseDirections(h.get("space directions"), dimension, file) : null;
        // drop a non-spatial axis of size 1 (e.g. a single component)
        List<Long> spatialSizes = new ArrayList<>();
        List<double[]> spatialDirs = new ArrayList<>();
        for (int i = 0; i < dimension; i++) {
            boolean spatial = directions == null ? dimension < 4 || sizes[i] != 1 : directions.get(i) != null;
            if (!spatial && sizes[i] != 1)
                throw new SpineRadException(file + ": NRRD axis " + i + " is not spatial and has " + sizes[i]
                        + " samples; only scalar volumes are supported");
            if (spatial) {
                spatialSizes.add(sizes[i]);
                spatialDirs.add(directions == null ? null : directions.get(i));
            }
        }
        if (spatialSizes.size() > 3)
            throw new SpineRadException(file + ": NRRD has " + spatialSizes.size() + " spatial axes; at most 3 are supported");
        int[] dims = {1, 1, 1};
        long voxels = 1;
        for (int i = 0; i < spatialSizes.size(); i++) {
            long s = spatialSizes.get(i);
            if (s < 1 || s > Integer.MAX_VALUE) throw new SpineRadException(file + ": invalid NRRD size " + s);
            dims[i] = (int) s;
            voxels *= s;
            if (voxels > Integer.MAX_VALUE - 8)
                throw new SpineRadException(file + ": NRRD sizes " + h.get("sizes") + " exceed SpineRad's limit of 2^31 voxels");
        }
        Geometry g = geometry(h, dims, spatialDirs, file);
        ByteOrder order = "big".equalsIgnoreCase(h.fields.getOrDefault("endian", "little")) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String encoding = h.fields.getOrDefault("encoding", "raw").toLowerCase(Locale.ROOT);
        Path dataFile = file;
        long offset = h.dataOffset;
        String detached = h.get("data file") != null ? h.get("data file") : h.get("datafile");
        if (detached != null) {
            if (detached.startsWith("LIST") || detached.contains("%"))
                throw new SpineRadException(file + ": NRRD data file lists are not supported ('" + detached + "')");
            dataFile = file.resolveSibling(detached);
            offset = 0;
            if (!Files.isRegularFile(dataFile))
                throw new SpineRadException(file + ": detached NRRD data file " + dataFile + " not found");
            requireInside(file, dataFile, dataRoot);
        }
        long lineSkip = h.get("line skip") != null ? parseInt(h.get("line skip"), "line skip", file) : 0;
        long byteSkip = h.get("byte skip") != null ? parseInt(h.get("byte skip"), "byte skip", file) : 0;
        long dataBytes = voxels * type.bytes;
        Volume v;
        try {
            switch (encoding) {
                case "raw", "gzip", "gz" -> {
                    boolean gz = !encoding.equals("raw");
                    if (byteSkip == -1) {
                        if (gz) throw new SpineRadException(file + ": 'byte skip: -1' is only allowed with raw encoding");
                        byteSkip = Files.size(dataFile) - offset - dataBytes;
                        if (byteSkip < 0) byteSkip = 0;
                    }
                    if (byteSkip < 0) throw new SpineRadException(file + ": invalid byte skip " + byteSkip);
                    checkSizeAfterHeader(dataFile, offset, gz, dataBytes + byteSkip, VoxelCodec.heapBytes(voxels, type, false));
                    try (InputStream in = dataStream(dataFile, offset, gz)) {
                        skipLines(in, lineSkip, dataFile);
                        VoxelCodec.skip(in, byteSkip, dataFile);
                        v = VoxelCodec.read(in, type, order, g, 1, 0, dataFile);
                        VoxelCodec.drain(in, dataFile, 0);
                    }
                }
                case "ascii", "text", "txt" -> v = readAscii(dataFile, offset, lineSkip, type, g);
                default -> throw new SpineRadException(file + ": NRRD encoding '" + encoding + "' is not supported (raw, gzip, ascii)");
            }
        } catch (IOException e) {
            throw VoxelCodec.ioError(dataFile, e);
        }
        v.metadata().put("source.file", file.toString());
        v.metadata().put("nrrd.type", type.label);
        v.metadata().put("nrrd.space", h.fields.getOrDefault("space", ""));
        return v;
    }

    private static void requireInside(Path header, Path dataFile, Path dataRoot) {
        try {
            Path root = (dataRoot != null ? dataRoot : header.toAbsolutePath().getParent()).toRealPath();
            Path real = dataFile.toRealPath();
            if (!real.startsWith(root))
                throw new SpineRadException(header + ": detached data file '" + dataFile + "' lies outside " + root
                        + " (refused; data files must be beside or below the header)");
        } catch (IOException e) {
            throw new SpineRadException(header + ": cannot resolve the detached data file " + dataFile + " (" + e.getMessage() + ")", e);
        }
    }

    /** Size checks for data that starts after an attached header (gzip member starting at the offset). */
    private static void checkSizeAfterHeader(Path dataFile, long offset, boolean gz, long dataBytes, long heapBytes) throws IOException {
        long size = Files.size(dataFile);
        if (offset > size) throw new SpineRadException(dataFile + ": data offset " + offset + " is beyond the end of the file");
        if (gz) {
            if ((double) (size - offset) * 1100 < dataBytes)
                throw new SpineRadException(dataFile + ": header claims " + dataBytes + " bytes of voxel data but the "
                        + (size - offset) + " bytes of gzip data cannot hold that much (truncated file or wrong sizes)");
            VoxelCodec.checkSize(dataFile, 0, 0, heapBytes);
        } else {
            VoxelCodec.checkSize(dataFile, offset, dataBytes, heapBytes);
        }
    }

    private static InputStream dataStream(Path dataFile, long offset, boolean gz) throws IOException {
        InputStream in = new java.io.BufferedInputStream(Files.newInputStream(dataFile), 1 << 16);
        in.skipNBytes(offset);
        return gz ? new java.util.zip.GZIPInputStream(in, 1 << 16) : in;
    }

    private static void skipLines(InputStream in, long lines, Path file) throws IOException {
        for (long i = 0; i < lines; i++) {
            int c;
            while ((c = in.read()) != '\n') if (c < 0) throw new SpineRadException(file + ": data ends inside 'line skip'");
        }
    }

    /**
     * Ascii data is converted on the fly into little-endian binary elements that {@link VoxelCodec#read} decodes chunk
     * by chunk, so memory is the volume itself (checked against the heap first), never the text.
     */
    private static Volume readAscii(Path dataFile, long offset, long lineSkip, ElementType type, Geometry g) throws IOException {
        long size = Files.size(dataFile);
        long n = g.voxelCount();
        if (size - offset < n) // every value needs at least one character
            throw new SpineRadException(dataFile + ": ascii data of " + (size - offset) + " bytes cannot hold " + n + " values");
        VoxelCodec.requireHeap(dataFile, VoxelCodec.heapBytes(n, type, false));
        try (InputStream in = dataStream(dataFile, offset, false)) {
            skipLines(in, lineSkip, dataFile);
            return VoxelCodec.read(new AsciiValues(in, type, n, dataFile), type, ByteOrder.LITTLE_ENDIAN, g, 1, 0, dataFile);
        }
    }

    /** An input stream of binary little-endian elements parsed from whitespace- or comma-separated ascii numbers. */
    private static final class AsciiValues extends InputStream {
        private final InputStream text;
        private final ElementType type;
        private final long count;
        private final Path file;
        private final ByteBuffer element = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        private final StringBuilder token = new StringBuilder();
        private long parsed;

        AsciiValues(InputStream text, ElementType type, long count, Path file) {
            this.text = text;
            this.type = type;
            this.count = count;
            this.file = file;
            element.limit(0);
        }

        @Override
        public int read() throws IOException {
            if (!element.hasRemaining() && !next()) return -1;
            return element.get() & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int done = 0;
            while (done < len) {
                if (!element.hasRemaining() && !next()) break;
                int k = Math.min(len - done, element.remaining());
                element.get(b, off + done, k);
                done += k;
            }
            return done == 0 && len > 0 ? -1 : done;
        }

        private boolean next() throws IOException {
            if (parsed == count) return false;
            token.setLength(0);
            int c;
            while ((c = text.read()) >= 0 && (Character.isWhitespace(c) || c == ',')) { }
            while (c >= 0 && !Character.isWhitespace(c) && c != ',') {
                if (token.length() > 64) throw new SpineRadException(file + ": ascii value " + (parsed + 1) + " is not a number (too long)");
                token.append((char) c);
                c = text.read();
            }
            if (token.isEmpty())
                throw new SpineRadException(file + ": ascii data has " + parsed + " values, expected " + count);
            double x;
            try {
                x = Double.parseDouble(token.toString());
            } catch (NumberFormatException e) {
                throw new SpineRadException(file + ": value " + (parsed + 1) + " '" + token + "' is not a number");
            }
            parsed++;
            element.clear();
            switch (type) {
                case INT8, UINT8 -> element.put((byte) (long) x);
                case INT16, UINT16 -> element.putShort((short) (long) x);
                case INT32, UINT32 -> element.putInt((int) (long) x);
                case INT64, UINT64 -> element.putLong((long) x);
                case FLOAT32 -> element.putFloat((float) x);
                case FLOAT64 -> element.putDouble(x);
            }
            element.flip();
            return true;
        }
    }

    private static Geometry geometry(Header h, int[] dims, List<double[]> dirs, Path file) {
        double[] sign = spaceSigns(h.get("space"), file);
        double[] spacing = new double[3];
        double[] direction = Geometry.identity();
        double[] origin = new double[3];
        boolean haveDirs = !dirs.isEmpty() && dirs.get(0) != null;
        double[] spacings = h.get("spacings") != null && !haveDirs ? parseSpacings(h.get("spacings"), file) : null;
        for (int c = 0; c < 3; c++) {
            if (haveDirs && c < dirs.size()) {
                double[] d = dirs.get(c);
                if (d.length != 3) throw new SpineRadException(file + ": space directions must be 3D vectors");
                double norm = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                if (!(norm > 0) || !Double.isFinite(norm))
                    throw new SpineRadException(file + ": space direction of axis " + c + " has no length");
                spacing[c] = norm;
                for (int r = 0; r < 3; r++) direction[r * 3 + c] = sign[r] * d[r] / norm;
            } else {
                double s = spacings != null && c < spacings.length && Double.isFinite(spacings[c]) ? Math.abs(spacings[c]) : 1;
                spacing[c] = s > 0 ? s : 1;
            }
        }
        if (haveDirs && dirs.size() < 3) { // 2D image in 3D space: complete the frame with the cross product
            double[] a = {direction[0], direction[3], direction[6]}, b = {direction[1], direction[4], direction[7]};
            double[] n = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
            for (int r = 0; r < 3; r++) direction[r * 3 + 2] = n[r];
        }
        if (h.get("space origin") != null) {
            List<double[]> o = parseDirections(h.get("space origin"), 1, file);
            if (o.get(0) == null || o.get(0).length != 3) throw new SpineRadException(file + ": space origin must be a 3D vector");
            for (int r = 0; r < 3; r++) origin[r] = sign[r] * o.get(0)[r];
        }
        try {
            return new Geometry(dims, spacing, origin, direction);
        } catch (IllegalArgumentException e) {
            throw new SpineRadException(file + ": invalid NRRD geometry (" + e.getMessage() + ")", e);
        }
    }

    /** Factors turning coordinates of the NRRD space (any anatomical axis order such as LPS, RAS, RAI, LPI) into LPS. */
    private static double[] spaceSigns(String space, Path file) {
        if (space == null) return new double[]{1, 1, 1};
        String s = space.trim().toLowerCase(Locale.ROOT);
        String[] words = s.split("-", -1);
        for (String w : words)
            if (w.isEmpty()) throw new SpineRadException(file + ": NRRD space '" + space + "' is not supported (empty axis name)");
        String letters = words.length == 3 ? "" + words[0].charAt(0) + words[1].charAt(0) + words[2].charAt(0) : s;
        String full = words.length == 3 ? String.join("-", words) : null;
        if (letters.length() == 3 && letters.matches("[lr][pa][si]")
                && (full == null || full.matches("(left|right)-(posterior|anterior)-(superior|inferior)")))
            return new double[]{letters.charAt(0) == 'l' ? 1 : -1, letters.charAt(1) == 'p' ? 1 : -1, letters.charAt(2) == 's' ? 1 : -1};
        throw new SpineRadException(file + ": NRRD space '" + space + "' is not supported (anatomical spaces such as "
                + "left-posterior-superior or RAS)");
    }

    static Header readHeader(Path file) {
        if (!Files.isRegularFile(file)) throw new SpineRadException(file + ": file not found");
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        Map<String, String> fields = new LinkedHashMap<>();
        long pos = 0;
        boolean first = true;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            while (true) {
                int c = in.read();
                if (c >= 0) pos++;
                if (pos > MAX_HEADER) throw new SpineRadException(file + ": NRRD header longer than 1 MiB (not a NRRD file?)");
                if (c >= 0 && c != '\n') {
                    line.write(c);
                    continue;
                }
                String s = line.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
                line.reset();
                if (first) {
                    if (!s.startsWith("NRRD000"))
                        throw new SpineRadException(file + ": not a NRRD file (first line must start with 'NRRD000')");
                    first = false;
                } else if (s.isEmpty()) {
                    break; // blank line: attached data follows
                } else if (!s.startsWith("#")) {
                    int colon = s.indexOf(": ");
                    int kv = s.indexOf(":=");
                    if (colon > 0 && (kv < 0 || colon < kv))
                        fields.put(s.substring(0, colon).trim().toLowerCase(Locale.ROOT), s.substring(colon + 2).trim());
                    else if (kv < 0)
                        throw new SpineRadException(file + ": malformed NRRD header line '" + s + "'");
                }
                if (c < 0) break;
            }
        } catch (IOException e) {
            throw VoxelCodec.ioError(file, e);
        }
        if (first) throw new SpineRadException(file + ": empty file, not a NRRD file");
        return new Header(fields, pos);
    }

    static ElementType elementType(String name, Path file) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "signed char", "int8", "int8_t" -> ElementType.INT8;
            case "uchar", "unsigned char", "uint8", "uint8_t" -> ElementType.UINT8;
            case "short", "short int", "signed short", "signed short int", "int16", "int16_t" -> ElementType.INT16;
            case "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t" -> ElementType.UINT16;
            case "int", "signed int", "int32", "int32_t" -> ElementType.INT32;
            case "uint", "unsigned int", "uint32", "uint32_t" -> ElementType.UINT32;
            case "longlong", "long long", "long long int", "signed long long", "signed long long int", "int64", "int64_t" -> ElementType.INT64;
            case "ulonglong", "unsigned long long", "unsigned long long int", "uint64", "uint64_t" -> ElementType.UINT64;
            case "float" -> ElementType.FLOAT32;
            case "double" -> ElementType.FLOAT64;
            default -> throw new SpineRadException(file + ": NRRD type '" + name + "' is not supported");
        };
    }

    /** NRRD type name SpineRad writes for an element type. */
    static String typeName(ElementType t) {
        return switch (t) {
            case INT8 -> "int8";
            case UINT8 -> "uint8";
            case INT16 -> "int16";
            case UINT16 -> "uint16";
            case INT32 -> "int32";
            case UINT32 -> "uint32";
            case INT64 -> "int64";
            case UINT64 -> "uint64";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
        };
    }

    private static String require(Header h, String key, Path file) {
        String v = h.get(key);
        if (v == null) throw new SpineRadException(file + ": NRRD header lacks the required field '" + key + "'");
        return v;
    }

    private static int parseInt(String s, String what, Path file) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new SpineRadException(file + ": NRRD field '" + what + "' is not an integer: '" + s + "'");
        }
    }

    private static long[] parseLongs(String s, int count, String what, Path file) {
        String[] t = s.trim().split("\\s+");
        if (t.length != count)
            throw new SpineRadException(file + ": NRRD field '" + what + "' has " + t.length + " values, dimension is " + count);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Long.parseLong(t[i]);
            } catch (NumberFormatException e) {
                throw new SpineRadException(file + ": NRRD field '" + what + "' has a non-integer value '" + t[i] + "'");
            }
        }
        return out;
    }

    private static double[] parseSpacings(String s, Path file) {
        String[] t = s.trim().split("\\s+");
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i++) out[i] = t[i].equalsIgnoreCase("nan") ? Double.NaN : parseDouble(t[i], file);
        return out;
    }

    private static double parseDouble(String s, Path file) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new SpineRadException(file + ": NRRD header has a non-numeric value '" + s + "'");
        }
    }

    /** Vectors "(x,y,z)" or "none" (returned as null). */
    private static List<double[]> parseDirections(String s, int count, Path file) {
        List<double[]> out = new ArrayList<>();
        Matcher m = VECTOR.matcher(s);
        while (m.find()) {
            if (m.group(1) == null) {
                out.add(null);
                continue;
            }
            String[] t = m.group(1).split(",");
            double[] v = new double[t.length];
            for (int i = 0; i < t.length; i++) v[i] = parseDouble(t[i], file);
            out.add(v);
        }
        if (out.size() != count)
            throw new SpineRadException(file + ": NRRD vector field '" + s + "' has " + out.size() + " entries, expected " + count);
        return out;
    }
}
