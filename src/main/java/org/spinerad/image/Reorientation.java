package org.spinerad.image;

import java.util.Arrays;

/**
 * An exact reordering of a grid's voxels (axis permutation and flips, no resampling) into radiological display order,
 * keeping the acquisition's slice axis (the source's third axis) as the stack axis: axial stacks show patient anterior
 * up and the patient's right on the screen's left (x to L, y to P, slices to S); sagittal stacks anterior on the left,
 * head up (x to P, y to I, slices to L); coronal stacks the patient's right on the left, head up (x to L, y to I,
 * slices to P). Each voxel keeps its world position, so the display grid's geometry is exact and {@link #toSource}
 * restores the source order bit for bit.
 */
public final class Reorientation {
    private final Geometry source, display;
    private final AxisPermutation order;

    private Reorientation(Geometry source, boolean keep) {
        this.source = source;
        int[] axis = {0, 1, 2};
        boolean[] flip = new boolean[3];
        if (!keep) radiologicalOrder(source.direction(), axis, flip);
        order = new AxisPermutation(source, axis, flip);
        display = keep ? source : order.target();
    }

    /** Fills {@code axis}/{@code flip} with the radiological display order of a grid with these direction cosines. */
    private static void radiologicalOrder(double[] dir, int[] axis, boolean[] flip) {
        int[][] target = TARGETS[dominantWorldAxis(dir, 2)];
        axis[2] = 2;
        boolean swap = Math.abs(dir[target[0][0] * 3 + 1]) + Math.abs(dir[target[1][0] * 3]) // in-plane axes exchanged?
                > Math.abs(dir[target[0][0] * 3]) + Math.abs(dir[target[1][0] * 3 + 1]) + 1e-12;
        axis[0] = swap ? 1 : 0;
        axis[1] = swap ? 0 : 1;
        for (int d = 0; d < 3; d++) flip[d] = dir[target[d][0] * 3 + axis[d]] * target[d][1] < 0;
    }

    /**
     * Display axes (LPS world axis, direction) by the world axis the slices are stacked along: axial (S), sagittal (L),
     * coronal (P).
     */
    private static final int[][][] TARGETS = {
            {{1, 1}, {2, -1}, {0, 1}}, // slices along L-R: x to P, y to I, z to L
            {{0, 1}, {2, -1}, {1, 1}}, // slices along A-P: x to L, y to I, z to P
            {{0, 1}, {1, 1}, {2, 1}}}; // slices along S-I: x to L, y to P, z to S

    /** The LPS world axis (0, 1, 2) an index axis points along most. */
    public static int dominantWorldAxis(double[] direction, int indexAxis) {
        int best = 0;
        for (int r = 1; r < 3; r++)
            if (Math.abs(direction[r * 3 + indexAxis]) > Math.abs(direction[best * 3 + indexAxis])) best = r;
        return best;
    }

    /** The radiological display order of a grid. */
    public static Reorientation radiological(Geometry source) { return new Reorientation(source, false); }

    /** The grid's own order (no reordering). */
    public static Reorientation none(Geometry grid) { return new Reorientation(grid, true); }

    public Geometry source() { return source; }

    public Geometry display() { return display; }

    /** True when the source grid already is in display order. */
    public boolean isIdentity() { return order.isIdentity(); }

    /** The volume (on the source grid) in display order. */
    public Volume toDisplay(Volume v) { return reorder(v, source, display, true); }

    /** A volume on the display grid back in source order. */
    public Volume toSource(Volume v) { return reorder(v, display, source, false); }

    /** The label map (on the source grid) in display order, names kept. */
    public LabelMap toDisplay(LabelMap m) { return new LabelMap(toDisplay(m.volume()), m.names()); }

    /** A label map on the display grid back in source order, names kept. */
    public LabelMap toSource(LabelMap m) { return new LabelMap(toSource(m.volume()), m.names()); }

    private Volume reorder(Volume v, Geometry from, Geometry to, boolean gather) {
        String why = from.mismatch(v.geometry(), 1e-9);
        if (why != null) throw new IllegalArgumentException("Volume is not on the expected grid: " + why);
        if (isIdentity()) return v;
        int[] map = order.sourceIndex();
        Object src = v.array(), dst = java.lang.reflect.Array.newInstance(src.getClass().getComponentType(), map.length);
        for (int i = 0; i < map.length; i++) {
            int a = gather ? map[i] : i, b = gather ? i : map[i];
            System.arraycopy(src, a, dst, b, 1);
        }
        Volume out = Volume.wrap(to, v.type(), dst);
        out.metadata().putAll(v.metadata());
        return out;
    }

    @Override
    public String toString() {
        return "Reorientation[" + source.orientationCode() + " -> " + display.orientationCode() + ", axes=" + Arrays.toString(new int[]{order.axis(0), order.axis(1), order.axis(2)})
                + ", flips=" + Arrays.toString(new boolean[]{order.flipped(0), order.flipped(1), order.flipped(2)}) + "]";
    }
}
