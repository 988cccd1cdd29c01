package org.spinerad.io;

import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A parsed NIfTI-1 or NIfTI-2 header (either byte order), readable without loading voxels. The affine follows nibabel:
 * sform when {@code sform_code != 0}, else qform when {@code qform_code != 0}, else the pixdim-based fallback
 * ({@code get_base_affine}). Like nibabel's loader, qfac other than +-1 is taken as 1, and zero or negative spatial
 * pixdims as 1 and their absolute value.
 */
public final class NiftiHeader {
    public static final int NIFTI1_SIZE = 348, NIFTI2_SIZE = 540;

    public int version = 1;
    public ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    /** True for a single .nii file (magic n+1/n+2), false for a .hdr/.img pair (ni1/ni2). */
    public boolean singleFile = true;
    public final long[] dim = new long[8];
    public int datatype;
    public int bitpix;
    public final double[] pixdim = new double[8];
    public long voxOffset;
    public double sclSlope, sclInter;
    public double calMin, calMax;
    public int qformCode, sformCode;
    public double quaternB, quaternC, quaternD, qoffsetX, qoffsetY, qoffsetZ;
    /** srow_x, srow_y, srow_z: 12 values, row-major. */
    public final double[] srow = new double[12];
    public int intentCode;
    public double intentP1, intentP2, intentP3;
    public String intentName = "";
    public String descrip = "";
    public String auxFile = "";
    public int xyztUnits;
    public int dimInfo, sliceCode;
    public double sliceDuration, toffset;
    public long sliceStart, sliceEnd;

    /** NIfTI datatype codes. */
    public static final int DT_UINT8 = 2, DT_INT16 = 4, DT_INT32 = 8, DT_FLOAT32 = 16, DT_COMPLEX64 = 32,
            DT_FLOAT64 = 64, DT_RGB24 = 128, DT_INT8 = 256, DT_UINT16 = 512, DT_UINT32 = 768, DT_INT64 = 1024,
            DT_UINT64 = 1280, DT_FLOAT128 = 1536, DT_COMPLEX128 = 1792, DT_COMPLEX256 = 2048, DT_RGBA32 = 2304;

    /** nibabel's name of a NIfTI datatype code (e.g. 4 -> "int16", 128 -> "RGB"). */
    public static String datatypeName(int code) {
        return switch (code) {
            case DT_UINT8 -> "uint8";
            case DT_INT16 -> "int16";
            case DT_INT32 -> "int32";
            case DT_FLOAT32 -> "float32";
            case DT_COMPLEX64 -> "complex64";
            case DT_FLOAT64 -> "float64";
            case DT_RGB24 -> "RGB";
            case DT_INT8 -> "int8";
            case DT_UINT16 -> "uint16";
            case DT_UINT32 -> "uint32";
            case DT_INT64 -> "int64";
            case DT_UINT64 -> "uint64";
            case DT_FLOAT128 -> "float128";
            case DT_COMPLEX128 -> "complex128";
            case DT_COMPLEX256 -> "complex256";
            case DT_RGBA32 -> "RGBA";
            default -> "unknown(" + code + ")";
        };
    }

    public String datatypeName() { return datatypeName(datatype); }

    /** The element type of the voxels, or null for types SpineRad does not read (colour, complex, float128). */
    public ElementType elementType() { return elementType(datatype); }

    static ElementType elementType(int code) {
        return switch (code) {
            case DT_UINT8 -> ElementType.UINT8;
            case DT_INT16 -> ElementType.INT16;
            case DT_INT32 -> ElementType.INT32;
            case DT_FLOAT32 -> ElementType.FLOAT32;
            case DT_FLOAT64 -> ElementType.FLOAT64;
            case DT_INT8 -> ElementType.INT8;
            case DT_UINT16 -> ElementType.UINT16;
            case DT_UINT32 -> ElementType.UINT32;
            case DT_INT64 -> ElementType.INT64;
            case DT_UINT64 -> ElementType.UINT64;
            default -> null;
        };
    }

    static int datatypeCode(ElementType t) {
        return switch (t) {
            case UINT8 -> DT_UINT8;
            case INT8 -> DT_INT8;
            case INT16 -> DT_INT16;
            case UINT16 -> DT_UINT16;
            case INT32 -> DT_INT32;
            case UINT32 -> DT_UINT32;
            case INT64 -> DT_INT64;
            case UINT64 -> DT_UINT64;
            case FLOAT32 -> DT_FLOAT32;
            case FLOAT64 -> DT_FLOAT64;
        };
    }

    /** Number of dimensions (dim[0]). */
    public int ndim() { return (int) dim[0]; }

    /** The three spatial dimensions (1 for missing ones). */
    public int[] spatialDims() {
        int[] d = new int[3];
        for (int i = 0; i < 3; i++) d[i] = i < ndim() ? (int) dim[i + 1] : 1;
        return d;
    }

    /** Number of 3D volumes (product of dims 4..7). */
    public long volumeCount() {
        long n = 1;
        for (int i = 4; i <= ndim(); i++) n *= dim[i];
        return n;
    }

    /** nibabel's slope and intercept: {1, 0} (no scaling) when the slope is 0 or not finite. */
    public double[] effectiveScaling() {
        if (sclSlope == 0 || !Double.isFinite(sclSlope)) return new double[]{1, 0};
        return new double[]{sclSlope, sclInter};
    }

    /** The affine nibabel reports as {@code img.affine} (4x4 row-major, RAS+ mm). */
    public double[] affine() {
        if (sformCode != 0) return sformAffine();
        if (qformCode != 0) return qformAffine();
        return baseAffine();
    }

    /** Which of the transforms {@link #affine()} uses: "sform", "qform" or "base". */
    public String affineSource() {
        return sformCode != 0 ? "sform" : qformCode != 0 ? "qform" : "base";
    }

    public double[] sformAffine() {
        double[] a = new double[16];
        System.arraycopy(srow, 0, a, 0, 12);
        a[15] = 1;
        return a;
    }

    /** The quaternion transform (nibabel {@code get_qform}). */
    public double[] qformAffine() {
        double b = quaternB, c = quaternC, d = quaternD;
        double w2 = 1.0 - (b * b + c * c + d * d);
        double w = w2 < 0 ? 0 : Math.sqrt(w2); // nibabel tolerates tiny negative values from float32 rounding
        double nq = w * w + b * b + c * c + d * d;
        double[] r = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        if (nq >= 2.220446049250313e-16) {
            double s = 2.0 / nq;
            double x = b * s, y = c * s, z = d * s;
            double wx = w * x, wy = w * y, wz = w * z, xx = b * x, xy = b * y, xz = b * z, yy = c * y, yz = c * z, zz = d * z;
            r = new double[]{1 - (yy + zz), xy - wz, xz + wy, xy + wz, 1 - (xx + zz), yz - wx, xz - wy, yz + wx, 1 - (xx + yy)};
        }
        double[] vox = spatialPixdims();
        vox[2] *= qfac();
        double[] a = new double[16];
        for (int row = 0; row < 3; row++)
            for (int col = 0; col < 3; col++) a[row * 4 + col] = r[row * 3 + col] * vox[col];
        a[3] = qoffsetX;
        a[7] = qoffsetY;
        a[11] = qoffsetZ;
        a[15] = 1;
        return a;
    }

    /** nibabel's fallback affine: x flipped, centred on the middle voxel. */
    public double[] baseAffine() {
        int[] d = spatialDims();
        double[] z = spatialPixdims();
        double[] a = new double[16];
        for (int i = 0; i < 3; i++) {
            double zoom = i == 0 ? -z[i] : z[i];
            a[i * 5] = zoom;
            a[i * 4 + 3] = -(d[i] - 1) / 2.0 * zoom;
        }
        a[15] = 1;
        return a;
    }

    public double qfac() { return pixdim[0] == -1 ? -1 : 1; }

    private double[] spatialPixdims() {
        double[] z = new double[3];
        for (int i = 0; i < 3; i++) {
            double p = i < ndim() ? Math.abs(pixdim[i + 1]) : 1;
            z[i] = p == 0 || !Double.isFinite(p) ? 1 : p;
        }
        return z;
    }

    // ---- reading ----

    /** Reads the header of a .nii, .nii.gz, .hdr or .img (the header of a pair is found beside the image file). */
    public static NiftiHeader read(Path file) {
        Path hdrFile = headerFile(file);
        byte[] bytes;
        try (InputStream in = VoxelCodec.open(hdrFile)) {
            bytes = in.readNBytes(NIFTI2_SIZE);
        } catch (IOException e) {
            throw VoxelCodec.ioError(hdrFile, e);
        }
        NiftiHeader h = parse(bytes, hdrFile);
        h.validate(hdrFile);
        return h;
    }

    /** The file holding the header: itself, or the .hdr(.gz) beside an .img(.gz). */
    static Path headerFile(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase();
        for (String ext : new String[]{".img", ".img.gz"}) {
            if (lower.endsWith(ext)) {
                String base = name.substring(0, name.length() - ext.length());
                for (String h : new String[]{".hdr", ".hdr.gz"}) {
                    Path p = file.resolveSibling(base + h);
                    if (Files.exists(p)) return p;
                }
                throw new SpineRadException(file + ": no header " + base + ".hdr beside the image file");
            }
        }
        return file;
    }

    /** The file holding the voxels: the header file itself for single files, else the .img(.gz) beside the .hdr. */
    Path dataFile(Path hdrFile) {
        if (singleFile) return hdrFile;
        String name = hdrFile.getFileName().toString();
        String lower = name.toLowerCase();
        String base = lower.endsWith(".hdr.gz") ? name.substring(0, name.length() - 7)
                : lower.endsWith(".hdr") ? name.substring(0, name.length() - 4) : name;
        for (String ext : new String[]{".img", ".img.gz"}) {
            Path p = hdrFile.resolveSibling(base + ext);
            if (Files.exists(p)) return p;
        }
        throw new SpineRadException(hdrFile + ": header of a NIfTI pair but no " + base + ".img beside it");
    }

    static NiftiHeader parse(byte[] bytes, Path file) {
        if (bytes.length < 4) throw new SpineRadException(file + ": file too short for a NIfTI header (" + bytes.length + " bytes)");
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        NiftiHeader h = new NiftiHeader();
        int le = bb.order(ByteOrder.LITTLE_ENDIAN).getInt(0), be = bb.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (le == NIFTI1_SIZE || be == NIFTI1_SIZE) h.version = 1;
        else if (le == NIFTI2_SIZE || be == NIFTI2_SIZE) h.version = 2;
        else throw new SpineRadException(file + ": not a NIfTI file (sizeof_hdr is " + le + ", expected 348 or 540)");
        h.order = (le == NIFTI1_SIZE || le == NIFTI2_SIZE) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        int size = h.version == 1 ? NIFTI1_SIZE : NIFTI2_SIZE;
        if (bytes.length < size)
            throw new SpineRadException(file + ": truncated NIfTI-" + h.version + " header (" + bytes.length + " of " + size + " bytes)");
        bb.order(h.order);
        if (h.version == 1) h.parse1(bb, file);
        else h.parse2(bb, file);
        return h;
    }

    private void parse1(ByteBuffer bb, Path file) {
        String magic = string(bb, 344, 4);
        if (magic.equals("n+1")) singleFile = true;
        else if (magic.equals("ni1")) singleFile = false;
        else throw new SpineRadException(file + ": wrong NIfTI-1 magic '" + printable(bb, 344, 4)
                + "' (expected 'n+1' or 'ni1'; plain Analyze 7.5 files are not supported)");
        dimInfo = bb.get(39) & 0xff;
        for (int i = 0; i < 8; i++) dim[i] = bb.getShort(40 + 2 * i);
        intentP1 = bb.getFloat(56);
        intentP2 = bb.getFloat(60);
        intentP3 = bb.getFloat(64);
        intentCode = bb.getShort(68);
        datatype = bb.getShort(70);
        bitpix = bb.getShort(72);
        sliceStart = bb.getShort(74);
        for (int i = 0; i < 8; i++) pixdim[i] = bb.getFloat(76 + 4 * i);
        voxOffset = (long) bb.getFloat(108);
        sclSlope = bb.getFloat(112);
        sclInter = bb.getFloat(116);
        sliceEnd = bb.getShort(120);
        sliceCode = bb.get(122) & 0xff;
        xyztUnits = bb.get(123) & 0xff;
        calMax = bb.getFloat(124);
        calMin = bb.getFloat(128);
        sliceDuration = bb.getFloat(132);
        toffset = bb.getFloat(136);
        descrip = string(bb, 148, 80);
        auxFile = string(bb, 228, 24);
        qformCode = bb.getShort(252);
        sformCode = bb.getShort(254);
        quaternB = bb.getFloat(256);
        quaternC = bb.getFloat(260);
        quaternD = bb.getFloat(264);
        qoffsetX = bb.getFloat(268);
        qoffsetY = bb.getFloat(272);
        qoffsetZ = bb.getFloat(276);
        for (int i = 0; i < 12; i++) srow[i] = bb.getFloat(280 + 4 * i);
        intentName = string(bb, 328, 16);
        if (singleFile && voxOffset < 352) voxOffset = 352; // nibabel's fix for too-low single-file offsets
    }

    private void parse2(ByteBuffer bb, Path file) {
        String magic = string(bb, 4, 8);
        boolean sig = bb.get(8) == '\r' && bb.get(9) == '\n' && bb.get(10) == 0x1a && bb.get(11) == '\n';
        if (magic.startsWith("n+2") && sig) singleFile = true;
        else if (magic.startsWith("ni2") && sig) singleFile = false;
        else throw new SpineRadException(file + ": wrong NIfTI-2 magic '" + printable(bb, 4, 8) + "' (expected 'n+2' or 'ni2')");
        datatype = bb.getShort(12);
        bitpix = bb.getShort(14);
        for (int i = 0; i < 8; i++) dim[i] = bb.getLong(16 + 8 * i);
        intentP1 = bb.getDouble(80);
        intentP2 = bb.getDouble(88);
        intentP3 = bb.getDouble(96);
        for (int i = 0; i < 8; i++) pixdim[i] = bb.getDouble(104 + 8 * i);
        voxOffset = bb.getLong(168);
        sclSlope = bb.getDouble(176);
        sclInter = bb.getDouble(184);
        calMax = bb.getDouble(192);
        calMin = bb.getDouble(200);
        sliceDuration = bb.getDouble(208);
        toffset = bb.getDouble(216);
        sliceStart = bb.getLong(224);
        sliceEnd = bb.getLong(232);
        descrip = string(bb, 240, 80);
        auxFile = string(bb, 320, 24);
        qformCode = bb.getInt(344);
        sformCode = bb.getInt(348);
        quaternB = bb.getDouble(352);
        quaternC = bb.getDouble(360);
        quaternD = bb.getDouble(368);
        qoffsetX = bb.getDouble(376);
        qoffsetY = bb.getDouble(384);
        qoffsetZ = bb.getDouble(392);
        for (int i = 0; i < 12; i++) srow[i] = bb.getDouble(400 + 8 * i);
        sliceCode = bb.getInt(496);
        xyztUnits = bb.getInt(500);
        intentCode = bb.getInt(504);
        intentName = string(bb, 508, 16);
        dimInfo = bb.get(524) & 0xff;
        if (singleFile && voxOffset < 544) voxOffset = 544;
    }

    /** Dimension and offset sanity checks, so absurd headers fail before anything is allocated. */
    private void validate(Path file) {
        if (dim[0] < 1 || dim[0] > 7)
            throw new SpineRadException(file + ": invalid number of dimensions dim[0]=" + dim[0] + " (must be 1..7)");
        long voxels = 1;
        for (int i = 1; i <= dim[0]; i++) {
            if (dim[i] < 1) throw new SpineRadException(file + ": invalid dimension dim[" + i + "]=" + dim[i] + " (must be >= 1)");
            if (i <= 3) {
                if (dim[i] > Integer.MAX_VALUE) throw new SpineRadException(file + ": dimension dim[" + i + "]=" + dim[i] + " is too large");
                voxels *= dim[i];
                if (voxels > Integer.MAX_VALUE - 8)
                    throw new SpineRadException(file + ": a 3D volume of " + dimString() + " voxels exceeds SpineRad's limit of 2^31 voxels");
            } else if (dim[i] > Integer.MAX_VALUE) {
                throw new SpineRadException(file + ": dimension dim[" + i + "]=" + dim[i] + " is too large");
            }
        }
        if (voxOffset < 0) throw new SpineRadException(file + ": negative vox_offset " + voxOffset);
    }

    /** Dimensions as "AxBxC". */
    public String dimString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= Math.max(1, Math.min(7, dim[0])); i++) sb.append(i > 1 ? "x" : "").append(dim[i]);
        return sb.toString();
    }

    private static String string(ByteBuffer bb, int off, int len) {
        int end = off;
        while (end < off + len && bb.get(end) != 0) end++;
        byte[] b = new byte[end - off];
        bb.get(off, b);
        return new String(b, StandardCharsets.ISO_8859_1).trim();
    }

    private static String printable(ByteBuffer bb, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + len; i++) {
            int c = bb.get(i) & 0xff;
            sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    // ---- writing ----

    /** Serializes the header (348 or 540 bytes) followed by a zero extension flag when the data follows in the same file. */
    byte[] toBytes() {
        int size = version == 1 ? NIFTI1_SIZE : NIFTI2_SIZE;
        ByteBuffer bb = ByteBuffer.allocate(size + (singleFile ? 4 : 0)).order(order);
        bb.putInt(0, size);
        if (version == 1) {
            bb.put(38, (byte) 'r');
            bb.put(39, (byte) dimInfo);
            for (int i = 0; i < 8; i++) bb.putShort(40 + 2 * i, (short) dim[i]);
            bb.putFloat(56, (float) intentP1).putFloat(60, (float) intentP2).putFloat(64, (float) intentP3);
            bb.putShort(68, (short) intentCode).putShort(70, (short) datatype).putShort(72, (short) bitpix);
            for (int i = 0; i < 8; i++) bb.putFloat(76 + 4 * i, (float) pixdim[i]);
            bb.putFloat(108, voxOffset).putFloat(112, (float) sclSlope).putFloat(116, (float) sclInter);
            bb.put(123, (byte) xyztUnits);
            bb.putFloat(124, (float) calMax).putFloat(128, (float) calMin);
            putString(bb, 148, 80, descrip);
            putString(bb, 228, 24, auxFile);
            bb.putShort(252, (short) qformCode).putShort(254, (short) sformCode);
            bb.putFloat(256, (float) quaternB).putFloat(260, (float) quaternC).putFloat(264, (float) quaternD);
            bb.putFloat(268, (float) qoffsetX).putFloat(272, (float) qoffsetY).putFloat(276, (float) qoffsetZ);
            for (int i = 0; i < 12; i++) bb.putFloat(280 + 4 * i, (float) srow[i]);
            putString(bb, 328, 16, intentName);
            putString(bb, 344, 4, singleFile ? "n+1" : "ni1");
        } else {
            putString(bb, 4, 4, singleFile ? "n+2" : "ni2");
            bb.put(8, (byte) '\r').put(9, (byte) '\n').put(10, (byte) 0x1a).put(11, (byte) '\n');
            bb.putShort(12, (short) datatype).putShort(14, (short) bitpix);
            for (int i = 0; i < 8; i++) bb.putLong(16 + 8 * i, dim[i]);
            bb.putDouble(80, intentP1).putDouble(88, intentP2).putDouble(96, intentP3);
            for (int i = 0; i < 8; i++) bb.putDouble(104 + 8 * i, pixdim[i]);
            bb.putLong(168, voxOffset).putDouble(176, sclSlope).putDouble(184, sclInter);
            bb.putDouble(192, calMax).putDouble(200, calMin);
            putString(bb, 240, 80, descrip);
            putString(bb, 320, 24, auxFile);
            bb.putInt(344, qformCode).putInt(348, sformCode);
            bb.putDouble(352, quaternB).putDouble(360, quaternC).putDouble(368, quaternD);
            bb.putDouble(376, qoffsetX).putDouble(384, qoffsetY).putDouble(392, qoffsetZ);
            for (int i = 0; i < 12; i++) bb.putDouble(400 + 8 * i, srow[i]);
            bb.putInt(500, xyztUnits).putInt(504, intentCode);
            putString(bb, 508, 16, intentName);
            bb.put(524, (byte) dimInfo);
        }
        return bb.array();
    }

    private static void putString(ByteBuffer bb, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < Math.min(len - 1, b.length); i++) bb.put(off + i, b[i]);
    }
}
