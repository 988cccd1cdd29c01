package org.spinerad.image;

/**
 * An exact reordering of a grid's voxels by an axis permutation with flips (no resampling): target axis {@code d}
 * reads source axis {@code axis[d]}, reversed when {@code flip[d]}. Every voxel keeps its world position, so the
 * target grid's geometry is exact. Shared by the radiological display ({@link Reorientation}) and the segmenter's
 * canonical orientation.
 */
public final class AxisPermutation {
    private final Geometry source, target;
    private final int[] axis;
    private final boolean[] flip;

    public AxisPermutation(Geometry source, int[] axis, boolean[] flip) {
        this.source = source;
        this.axis = axis.clone();
        this.flip = flip.clone();
        int[] srcDims = source.dims(), dims = new int[3];
        double[] spacing = new double[3], direction = new double[9], dir = source.direction();
        int[] originIndex = new int[3];
        for (int d = 0; d < 3; d++) {
            int c = axis[d];
            dims[d] = srcDims[c];
            spacing[d] = source.spacing(c);
            for (int r = 0; r < 3; r++) direction[r * 3 + d] = (flip[d] ? -1 : 1) * dir[r * 3 + c];
            originIndex[c] = flip[d] ? srcDims[c] - 1 : 0;
        }
        target = new Geometry(dims, spacing, source.indexToWorld(originIndex[0], originIndex[1], originIndex[2]), direction);
    }

    public Geometry source() { return source; }

    public Geometry target() { return target; }

    public int axis(int d) { return axis[d]; }

    public boolean flipped(int d) { return flip[d]; }

    public boolean isIdentity() {
        return axis[0] == 0 && axis[1] == 1 && axis[2] == 2 && !flip[0] && !flip[1] && !flip[2];
    }

    /** Source linear index (x fastest) of each target voxel. */
    public int[] sourceIndex() {
        int[] n = target.dims(), stride = {1, source.nx(), source.nx() * source.ny()};
        int[] map = new int[target.voxelCount()];
        int i = 0;
        for (int z = 0; z < n[2]; z++)
            for (int y = 0; y < n[1]; y++)
                for (int x = 0; x < n[0]; x++) {
                    int[] at = {x, y, z};
                    int s = 0;
                    for (int d = 0; d < 3; d++) s += stride[axis[d]] * (flip[d] ? n[d] - 1 - at[d] : at[d]);
                    map[i++] = s;
                }
        return map;
    }
}
