package org.spinerad.image;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.DoubleArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.RandomAccessibleInterval;

/** ImgLib2 views of SpineRad volumes that share the voxel array (no copy); axes are x, y, z. */
public final class Imglib2Views {
    private Imglib2Views() {}

    /** An ArrayImg over the volume's own array: writes through the image change the volume. */
    public static RandomAccessibleInterval<?> wrap(Volume v) {
        long[] dims = {v.nx(), v.ny(), v.nz()};
        Object a = v.array();
        return switch (v.type()) {
            case UINT8 -> ArrayImgs.unsignedBytes(new ByteArray((byte[]) a), dims);
            case INT16 -> ArrayImgs.shorts(new ShortArray((short[]) a), dims);
            case UINT16 -> ArrayImgs.unsignedShorts(new ShortArray((short[]) a), dims);
            case INT32 -> ArrayImgs.ints(new IntArray((int[]) a), dims);
            case FLOAT32 -> ArrayImgs.floats(new FloatArray((float[]) a), dims);
            case FLOAT64 -> ArrayImgs.doubles(new DoubleArray((double[]) a), dims);
        };
    }

    /** Typed float view; the volume must be FLOAT32. */
    public static ArrayImg<net.imglib2.type.numeric.real.FloatType, FloatArray> wrapFloat(Volume v) {
        if (v.type() != DataType.FLOAT32) throw new IllegalArgumentException("Volume is " + v.type() + ", not FLOAT32");
        return ArrayImgs.floats(new FloatArray((float[]) v.array()), v.nx(), v.ny(), v.nz());
    }
}
