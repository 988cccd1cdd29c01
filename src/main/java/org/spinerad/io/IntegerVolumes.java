package org.spinerad.io;

import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;

/** Stores integer voxel values in the most compact exact type. */
public final class IntegerVolumes {
    private IntegerVolumes() {}

    /** INT16 when all values fit (CT HU), else UINT16, else INT32 (wrapping the given array). */
    public static Volume narrowest(Geometry g, int[] values) {
        int min = 0, max = 0;
        for (int v : values) {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        DataType type = min >= Short.MIN_VALUE && max <= Short.MAX_VALUE ? DataType.INT16
                : min >= 0 && max <= 65535 ? DataType.UINT16 : DataType.INT32;
        if (type == DataType.INT32) return Volume.wrap(g, type, values);
        short[] shorts = new short[values.length];
        for (int i = 0; i < values.length; i++) shorts[i] = (short) values[i];
        return Volume.wrap(g, type, shorts);
    }
}
