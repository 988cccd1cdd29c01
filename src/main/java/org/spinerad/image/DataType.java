package org.spinerad.image;

/** Voxel storage types. Integer types keep CT and label maps compact; unsigned types are stored in the signed Java array of the same width. */
public enum DataType {
    UINT8(1, true, false),
    INT16(2, true, true),
    UINT16(2, true, false),
    INT32(4, true, true),
    FLOAT32(4, false, true),
    FLOAT64(8, false, true);

    public final int bytesPerVoxel;
    public final boolean integer;
    public final boolean signed;

    DataType(int bytesPerVoxel, boolean integer, boolean signed) {
        this.bytesPerVoxel = bytesPerVoxel;
        this.integer = integer;
        this.signed = signed;
    }

    /** Smallest and largest value this type can hold. */
    public double minValue() {
        return switch (this) {
            case UINT8, UINT16 -> 0;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case FLOAT32 -> -Float.MAX_VALUE;
            case FLOAT64 -> -Double.MAX_VALUE;
        };
    }

    public double maxValue() {
        return switch (this) {
            case UINT8 -> 255;
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 65535;
            case INT32 -> Integer.MAX_VALUE;
            case FLOAT32 -> Float.MAX_VALUE;
            case FLOAT64 -> Double.MAX_VALUE;
        };
    }
}
