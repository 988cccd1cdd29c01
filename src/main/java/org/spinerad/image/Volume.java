package org.spinerad.image;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A 3D scalar volume: a {@link Geometry} plus one primitive voxel array whose type is given by {@link DataType}.
 * Voxel (x, y, z) is at linear index {@code x + nx * (y + ny * z)}. Unsigned types are stored in the signed array of
 * the same width and read back unsigned by the accessors. Values are always physical (any file scaling already applied).
 */
public final class Volume {
    private final Geometry geometry;
    private final DataType type;
    private final Object data;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Volume(Geometry geometry, DataType type, Object data) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.type = Objects.requireNonNull(type, "type");
        int n = java.lang.reflect.Array.getLength(data);
        if (n != geometry.voxelCount())
            throw new IllegalArgumentException("Voxel array has " + n + " values but the grid needs " + geometry.voxelCount());
        this.data = data;
    }

    /** A zero-filled volume of the given type. */
    public static Volume create(Geometry g, DataType type) {
        int n = g.voxelCount();
        Object arr = switch (type) {
            case UINT8 -> new byte[n];
            case INT16, UINT16 -> new short[n];
            case INT32 -> new int[n];
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
        };
        return new Volume(g, type, arr);
    }

    /** Wraps (does not copy) an array whose Java type must match the data type. */
    public static Volume wrap(Geometry g, DataType type, Object array) {
        boolean ok = switch (type) {
            case UINT8 -> array instanceof byte[];
            case INT16, UINT16 -> array instanceof short[];
            case INT32 -> array instanceof int[];
            case FLOAT32 -> array instanceof float[];
            case FLOAT64 -> array instanceof double[];
        };
        if (!ok) throw new IllegalArgumentException(type + " cannot wrap " + array.getClass().getSimpleName());
        return new Volume(g, type, array);
    }

    public static Volume ofFloats(Geometry g, float[] values) { return new Volume(g, DataType.FLOAT32, values); }

    public Geometry geometry() { return geometry; }
    public DataType type() { return type; }
    public int nx() { return geometry.nx(); }
    public int ny() { return geometry.ny(); }
    public int nz() { return geometry.nz(); }
    public int size() { return geometry.voxelCount(); }

    /** The backing primitive array (byte[], short[], int[], float[] or double[]). */
    public Object array() { return data; }

    /** Free-form provenance (source file, modality, series description...). */
    public Map<String, String> metadata() { return metadata; }

    public double get(int i) {
        return switch (type) {
            case UINT8 -> ((byte[]) data)[i] & 0xff;
            case INT16 -> ((short[]) data)[i];
            case UINT16 -> ((short[]) data)[i] & 0xffff;
            case INT32 -> ((int[]) data)[i];
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
        };
    }

    public double get(int x, int y, int z) { return get(geometry.index(x, y, z)); }

    public int getInt(int i) {
        return switch (type) {
            case UINT8 -> ((byte[]) data)[i] & 0xff;
            case INT16 -> ((short[]) data)[i];
            case UINT16 -> ((short[]) data)[i] & 0xffff;
            case INT32 -> ((int[]) data)[i];
            case FLOAT32 -> (int) Math.round(((float[]) data)[i]);
            case FLOAT64 -> (int) Math.round(((double[]) data)[i]);
        };
    }

    /** Stores a value; integer types round to nearest and clamp to their range. */
    public void set(int i, double v) {
        switch (type) {
            case UINT8 -> ((byte[]) data)[i] = (byte) clampRound(v);
            case INT16, UINT16 -> ((short[]) data)[i] = (short) clampRound(v);
            case INT32 -> ((int[]) data)[i] = (int) clampRound(v);
            case FLOAT32 -> ((float[]) data)[i] = (float) v;
            case FLOAT64 -> ((double[]) data)[i] = v;
        }
    }

    public void set(int x, int y, int z, double v) { set(geometry.index(x, y, z), v); }

    private long clampRound(double v) {
        if (Double.isNaN(v)) return 0;
        return (long) Math.max(type.minValue(), Math.min(type.maxValue(), Math.rint(v)));
    }

    /** The voxels as float: the backing array itself for FLOAT32, otherwise a converted copy. */
    public float[] floats() {
        if (type == DataType.FLOAT32) return (float[]) data;
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) get(i);
        return out;
    }

    /** The voxels as double, always a copy. */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) out[i] = get(i);
        return out;
    }

    /** A copy converted to another type (integer targets round and clamp). */
    public Volume convert(DataType target) {
        Volume out = create(geometry, target);
        for (int i = 0, n = size(); i < n; i++) out.set(i, get(i));
        out.metadata.putAll(metadata);
        return out;
    }

    /** A deep copy. */
    public Volume copy() { return convert(type); }

    /** A new volume on the same grid whose voxels are float. */
    public Volume toFloat() { return type == DataType.FLOAT32 ? copy() : convert(DataType.FLOAT32); }

    /** Minimum and maximum voxel value, ignoring NaN. */
    public double[] range() {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0, n = size(); i < n; i++) {
            double v = get(i);
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return new double[]{min, max};
    }

    /** A copy of the box [x0, x0+sx) x [y0, y0+sy) x [z0, z0+sz) keeping world position. */
    public Volume crop(int x0, int y0, int z0, int sx, int sy, int sz) {
        Volume out = create(geometry.crop(x0, y0, z0, sx, sy, sz), type);
        for (int z = 0; z < sz; z++)
            for (int y = 0; y < sy; y++) {
                int src = geometry.index(x0, y0 + y, z0 + z);
                int dst = out.geometry.index(0, y, z);
                System.arraycopy(data, src, out.data, dst, sx);
            }
        out.metadata.putAll(metadata);
        return out;
    }

    @Override
    public String toString() { return "Volume[" + type + ", " + geometry + "]"; }
}
