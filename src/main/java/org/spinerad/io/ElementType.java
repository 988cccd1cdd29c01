package org.spinerad.io;

import org.spinerad.image.DataType;

/** Voxel element types found in image files (NIfTI, NRRD), with the SpineRad type that stores each unchanged. */
public enum ElementType {
    INT8(1, "int8"), UINT8(1, "uint8"), INT16(2, "int16"), UINT16(2, "uint16"), INT32(4, "int32"),
    UINT32(4, "uint32"), INT64(8, "int64"), UINT64(8, "uint64"), FLOAT32(4, "float32"), FLOAT64(8, "float64");

    public final int bytes;
    /** numpy-style name, e.g. "int16". */
    public final String label;

    ElementType(int bytes, String label) {
        this.bytes = bytes;
        this.label = label;
    }

    /** The SpineRad type holding this element type without conversion, or null when none does. */
    public DataType direct() {
        return switch (this) {
            case UINT8 -> DataType.UINT8;
            case INT16 -> DataType.INT16;
            case UINT16 -> DataType.UINT16;
            case INT32 -> DataType.INT32;
            case FLOAT32 -> DataType.FLOAT32;
            case FLOAT64 -> DataType.FLOAT64;
            default -> null;
        };
    }

    /** The element type that stores a SpineRad type unchanged in a file. */
    public static ElementType of(DataType t) {
        return switch (t) {
            case UINT8 -> UINT8;
            case INT16 -> INT16;
            case UINT16 -> UINT16;
            case INT32 -> INT32;
            case FLOAT32 -> FLOAT32;
            case FLOAT64 -> FLOAT64;
        };
    }
}
