package org.spinerad.plugins;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Reorientation;
import org.spinerad.image.Volume;
import org.spinerad.io.IntegerVolumes;
import org.spinerad.util.SpineRadException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts between SpineRad {@link Volume}/{@link LabelMap} and ImageJ {@link ImagePlus}.
 *
 * <p>Volumes are shown in radiological order ({@link Reorientation}): stack slice k is axial, patient anterior up and
 * patient right on the screen's left, the same for NIfTI, NRRD and DICOM; the source grid is kept as a property
 * ({@code SpineRad.SourceGeometry}) and {@link #toVolume} returns the source voxel order, so Save as NIfTI writes the
 * file's own layout and affine back. Types: UINT8 -> 8-bit; UINT16 -> 16-bit; INT16 -> 16-bit stored as
 * value + 32768 with ImageJ's signed-16-bit calibration function (as ImageJ's DICOM/NIfTI readers do), and so are INT32
 * volumes whose values fit 16 bits (CT stored as int32); other INT32, FLOAT32
 * and FLOAT64 -> 32-bit float (INT32 is exact within +-2^24, FLOAT64 to float precision) and back to their type.
 * Calibration carries spacing (unit mm) and the origin projected on each index axis, in pixels, so ImageJ's
 * calibrated coordinates are millimetres along the image axes. The exact LPS geometry (spacing, origin, direction),
 * the voxel type, label names and volume metadata are kept as image properties ({@code SpineRad.*}, saved in TIFF
 * info), so Volume -> ImagePlus -> Volume restores them exactly; if the image was cropped or rescaled in ImageJ
 * the geometry is rebuilt from the calibration and the stored direction.
 */
public final class ImagePlusAdapter {
    public static final String GEOMETRY = "SpineRad.Geometry";
    /** The grid of the file the image came from, when the display order differs from it. */
    public static final String SOURCE_GEOMETRY = "SpineRad.SourceGeometry";
    public static final String DATA_TYPE = "SpineRad.DataType";
    public static final String LABEL_NAMES = "SpineRad.LabelNames";
    public static final String META_PREFIX = "SpineRad.meta.";
    private static final int SIGNED_OFFSET = 32768;

    private ImagePlusAdapter() {}

    /** An ImagePlus showing the volume in radiological order (pixel data copied into ImageJ's types). */
    public static ImagePlus toImagePlus(Volume source, String title) {
        Reorientation r = Reorientation.radiological(source.geometry());
        Volume v = r.toDisplay(source);
        int nx = v.nx(), ny = v.ny(), nz = v.nz(), plane = nx * ny;
        double[] range = v.range();
        boolean signed16 = v.type() == DataType.INT16 || v.type() == DataType.INT32 && range[0] >= Short.MIN_VALUE && range[1] <= Short.MAX_VALUE;
        ImageStack stack = new ImageStack(nx, ny);
        for (int z = 0; z < nz; z++) {
            int off = z * plane;
            ImageProcessor ip = switch (v.type()) {
                case UINT8 -> new ByteProcessor(nx, ny, Arrays.copyOfRange((byte[]) v.array(), off, off + plane));
                case UINT16 -> new ShortProcessor(nx, ny, Arrays.copyOfRange((short[]) v.array(), off, off + plane), null);
                case INT16, INT32 -> {
                    if (!signed16) yield floats(v, off, plane, nx, ny);
                    short[] dst = new short[plane];
                    for (int i = 0; i < plane; i++) dst[i] = (short) (v.getInt(off + i) + SIGNED_OFFSET);
                    yield new ShortProcessor(nx, ny, dst, null);
                }
                case FLOAT32 -> new FloatProcessor(nx, ny, Arrays.copyOfRange((float[]) v.array(), off, off + plane));
                case FLOAT64 -> floats(v, off, plane, nx, ny);
            };
            stack.addSlice("z=" + z, ip);
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(1, nz, 1);
        Geometry g = v.geometry();
        Calibration cal = imp.getCalibration();
        cal.setUnit("mm");
        cal.pixelWidth = g.spacing(0);
        cal.pixelHeight = g.spacing(1);
        cal.pixelDepth = g.spacing(2);
        double[] axisOrigin = axisOriginPixels(g);
        cal.xOrigin = axisOrigin[0];
        cal.yOrigin = axisOrigin[1];
        cal.zOrigin = axisOrigin[2];
        if (signed16) cal.setSigned16BitCalibration();
        imp.setProp(GEOMETRY, encode(g));
        if (!r.isIdentity()) imp.setProp(SOURCE_GEOMETRY, encode(source.geometry()));
        imp.setProp(DATA_TYPE, v.type().name());
        for (var e : v.metadata().entrySet()) imp.setProp(META_PREFIX + e.getKey(), e.getValue());
        if (range[0] <= range[1]) imp.setDisplayRange(range[0] + (signed16 ? SIGNED_OFFSET : 0), range[1] + (signed16 ? SIGNED_OFFSET : 0));
        return imp;
    }

    private static FloatProcessor floats(Volume v, int off, int plane, int nx, int ny) {
        float[] dst = new float[plane];
        for (int i = 0; i < plane; i++) dst[i] = (float) v.get(off + i);
        return new FloatProcessor(nx, ny, dst);
    }

    /** A label map as an ImagePlus whose properties keep the label names. */
    public static ImagePlus toImagePlus(LabelMap labels, String title) {
        ImagePlus imp = toImagePlus(labels.volume(), title);
        imp.setProp(LABEL_NAMES, encodeNames(labels.names()));
        return imp;
    }

    /** The volume shown by an ImagePlus (single channel and time point), with physical voxel values, in source order. */
    public static Volume toVolume(ImagePlus imp) {
        return reorientation(imp).toSource(displayedVolume(imp));
    }

    /** The volume in the ImagePlus's own (display) voxel order. */
    static Volume displayedVolume(ImagePlus imp) {
        if (imp.getNChannels() > 1 || imp.getNFrames() > 1)
            throw new SpineRadException("Image '" + imp.getTitle() + "' has " + imp.getNChannels() + " channels and "
                    + imp.getNFrames() + " frames; SpineRad needs a single-channel 3D stack");
        if (imp.getBitDepth() == 24) throw new SpineRadException("Image '" + imp.getTitle() + "' is RGB; SpineRad needs a grayscale stack");
        int nx = imp.getWidth(), ny = imp.getHeight(), nz = imp.getStackSize(), plane = nx * ny;
        Geometry g = geometry(imp);
        ImageStack stack = imp.getStack();
        DataType stored = storedType(imp);
        Volume v;
        switch (imp.getBitDepth()) {
            case 8 -> {
                byte[] dst = new byte[g.voxelCount()];
                for (int z = 0; z < nz; z++) System.arraycopy((byte[]) stack.getPixels(z + 1), 0, dst, z * plane, plane);
                v = Volume.wrap(g, DataType.UINT8, dst);
            }
            case 16 -> {
                v = sixteenBit(imp, g);
                if (stored != null && stored.integer && v.type().integer && v.type() != stored) v = v.convert(stored);
            }
            default -> {
                float[] dst = new float[g.voxelCount()];
                for (int z = 0; z < nz; z++) System.arraycopy((float[]) stack.getPixels(z + 1), 0, dst, z * plane, plane);
                v = Volume.wrap(g, DataType.FLOAT32, dst);
                if (stored == DataType.INT32 || stored == DataType.FLOAT64) v = v.convert(stored);
            }
        }
        var props = imp.getImageProperties();
        if (props != null)
            for (String key : new java.util.TreeSet<>(props.stringPropertyNames()))
                if (key.startsWith(META_PREFIX)) v.metadata().put(key.substring(META_PREFIX.length()), props.getProperty(key));
        return v;
    }

    /**
     * The display order of an image: from its source grid when the image still shows it (else the identity on the
     * displayed grid, e.g. after cropping). {@code toSource} of a display-grid volume gives the file's voxel order.
     */
    public static Reorientation reorientation(ImagePlus imp) {
        Geometry shown = geometry(imp), src = decode(imp.getProp(SOURCE_GEOMETRY));
        if (src != null) {
            Reorientation r = Reorientation.radiological(src);
            if (r.display().mismatch(shown, 1e-9) == null) return r;
        }
        return Reorientation.none(shown);
    }

    /** A label map from an ImagePlus (source order): float images become INT32 labels; names come from the properties. */
    public static LabelMap toLabelMap(ImagePlus imp) {
        Volume v = toVolume(imp);
        if (!v.type().integer) v = v.convert(DataType.INT32);
        return new LabelMap(v, decodeNames(imp.getProp(LABEL_NAMES)));
    }

    /** 16-bit: applies a linear calibration function (ImageJ's signed offset, DICOM rescale) to physical values. */
    private static Volume sixteenBit(ImagePlus imp, Geometry g) {
        int plane = g.nx() * g.ny();
        ImageStack stack = imp.getStack();
        Calibration cal = imp.getCalibration();
        double a = 0, b = 1;
        if (cal.getFunction() == Calibration.STRAIGHT_LINE && cal.getCoefficients() != null && cal.getCoefficients().length >= 2) {
            a = cal.getCoefficients()[0];
            b = cal.getCoefficients()[1];
        }
        if (b != 1 || a != Math.rint(a)) {
            float[] dst = new float[g.voxelCount()];
            for (int z = 0; z < g.nz(); z++) {
                short[] src = (short[]) stack.getPixels(z + 1);
                for (int i = 0; i < plane; i++) dst[z * plane + i] = (float) (a + b * (src[i] & 0xffff));
            }
            return Volume.wrap(g, DataType.FLOAT32, dst);
        }
        if (a == 0) {
            short[] dst = new short[g.voxelCount()];
            for (int z = 0; z < g.nz(); z++) System.arraycopy((short[]) stack.getPixels(z + 1), 0, dst, z * plane, plane);
            return Volume.wrap(g, DataType.UINT16, dst);
        }
        int offset = (int) a;
        int[] values = new int[g.voxelCount()];
        for (int z = 0; z < g.nz(); z++) {
            short[] src = (short[]) stack.getPixels(z + 1);
            for (int i = 0; i < plane; i++) values[z * plane + i] = (src[i] & 0xffff) + offset;
        }
        return IntegerVolumes.narrowest(g, values);
    }

    private static DataType storedType(ImagePlus imp) {
        String s = imp.getProp(DATA_TYPE);
        if (s == null) return null;
        try {
            return DataType.valueOf(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The grid of an ImagePlus: the stored LPS geometry when it still fits the calibration, else rebuilt from it. */
    public static Geometry geometry(ImagePlus imp) {
        int[] dims = {imp.getWidth(), imp.getHeight(), imp.getStackSize()};
        Calibration cal = imp.getCalibration();
        double scale = unitToMm(cal.getUnit());
        double[] spacing = {cal.pixelWidth * scale, cal.pixelHeight * scale, cal.pixelDepth * scale};
        for (int d = 0; d < 3; d++) if (!(spacing[d] > 0) || !Double.isFinite(spacing[d])) spacing[d] = 1;
        double[] axisOrigin = {cal.xOrigin, cal.yOrigin, cal.zOrigin};
        Geometry stored = decode(imp.getProp(GEOMETRY));
        if (stored != null && Arrays.equals(stored.dims(), dims) && Arrays.equals(stored.spacing(), spacing)
                && Arrays.equals(axisOriginPixels(stored), axisOrigin))
            return stored;
        double[] direction = stored != null ? stored.direction() : Geometry.identity();
        double[] origin = new double[3];
        for (int c = 0; c < 3; c++)
            for (int r = 0; r < 3; r++) origin[r] -= direction[r * 3 + c] * axisOrigin[c] * spacing[c];
        return new Geometry(dims, spacing, origin, direction);
    }

    private static double unitToMm(String unit) {
        if (unit == null) return 1;
        return switch (unit.toLowerCase()) {
            case "cm" -> 10;
            case "m", "meter", "metre" -> 1000;
            case "um", "micron", "\u00b5m" -> 1e-3;
            default -> 1;
        };
    }

    /** Origin of each index axis in ImageJ pixels: minus the origin's position along that axis, in voxels. */
    private static double[] axisOriginPixels(Geometry g) {
        double[] o = g.origin(), d = g.direction(), out = new double[3];
        for (int c = 0; c < 3; c++) {
            double along = 0;
            for (int r = 0; r < 3; r++) along += d[r * 3 + c] * o[r];
            out[c] = -along / g.spacing(c);
        }
        return out;
    }

    static String encode(Geometry g) {
        return "dims=" + join(Arrays.stream(g.dims()).asDoubleStream().toArray()) + ";spacing=" + join(g.spacing())
                + ";origin=" + join(g.origin()) + ";direction=" + join(g.direction());
    }

    private static String join(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double x : values) sb.append(sb.isEmpty() ? "" : ",").append(x);
        return sb.toString();
    }

    /** Parses {@link #encode} output; null when absent or malformed. */
    static Geometry decode(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            Map<String, double[]> parts = new LinkedHashMap<>();
            for (String part : s.split(";")) {
                String[] kv = part.split("=", 2);
                parts.put(kv[0].trim(), Arrays.stream(kv[1].split(",")).mapToDouble(x -> Double.parseDouble(x.trim())).toArray());
            }
            int[] dims = Arrays.stream(parts.get("dims")).mapToInt(x -> (int) x).toArray();
            return new Geometry(dims, parts.get("spacing"), parts.get("origin"), parts.get("direction"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String encodeNames(Map<Integer, String> names) {
        StringBuilder sb = new StringBuilder();
        for (var e : names.entrySet()) sb.append(sb.isEmpty() ? "" : ";").append(e.getKey()).append('=').append(e.getValue().replace(";", ","));
        return sb.toString();
    }

    static Map<Integer, String> decodeNames(String s) {
        Map<Integer, String> out = new LinkedHashMap<>();
        if (s == null || s.isBlank()) return out;
        for (String part : s.split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2) {
                try {
                    out.put(Integer.parseInt(kv[0].trim()), kv[1]);
                } catch (NumberFormatException ignored) {
                    // not a label entry
                }
            }
        }
        return out;
    }
}
