package org.spinerad.annotate;

import org.spinerad.annotate.SliceRaster.FillRule;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.util.SpineRadException;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Edits a {@link LabelMap} in place, slice by slice, the way an annotator does: filled polygons, brush strokes and
 * arbitrary masks (e.g. an ImageJ ROI) painted with a label on slice z, erasing (label 0), shape-based interpolation
 * between annotated slices, and per-operation undo/redo.
 *
 * <p>Painting writes every covered voxel, or with {@link #setPaintOverBackgroundOnly(boolean)} only voxels that are
 * still background (0), so an existing structure is never overwritten; erasing (label 0) always clears.
 *
 * <p>Undo stores, per operation, only the changed voxels (index and previous value; 8 bytes each). The history keeps
 * at most {@code maxUndoSteps} operations and {@code maxUndoVoxels} changed voxels in total, dropping the oldest; an
 * operation larger than the whole voxel budget is applied but cannot be undone (the history is then cleared).
 */
public final class LabelEditor {
    public static final int DEFAULT_UNDO_STEPS = 50;
    public static final long DEFAULT_UNDO_VOXELS = 16_000_000L;

    private record Edit(String description, int[] index, int[] before, int label) {}

    private final LabelMap labels;
    private final Volume volume;
    private final Geometry geometry;
    private final int maxUndoSteps;
    private final long maxUndoVoxels;
    private final Deque<Edit> undo = new ArrayDeque<>(), redo = new ArrayDeque<>();
    private long undoVoxels;
    private boolean backgroundOnly;

    public LabelEditor(LabelMap labels) { this(labels, DEFAULT_UNDO_STEPS, DEFAULT_UNDO_VOXELS); }

    public LabelEditor(LabelMap labels, int maxUndoSteps, long maxUndoVoxels) {
        this.labels = labels;
        this.volume = labels.volume();
        this.geometry = labels.geometry();
        if (maxUndoSteps < 0 || maxUndoVoxels < 0) throw new IllegalArgumentException("undo limits must be >= 0");
        this.maxUndoSteps = maxUndoSteps;
        this.maxUndoVoxels = maxUndoVoxels;
    }

    public LabelMap labels() { return labels; }

    public boolean paintOverBackgroundOnly() { return backgroundOnly; }

    /** When true, painting leaves voxels that already carry a label unchanged. */
    public void setPaintOverBackgroundOnly(boolean only) { backgroundOnly = only; }

    /** Paints a filled polygon (slice pixel coordinates, see the package documentation); returns the voxels changed. */
    public int fillPolygon(int z, double[] xs, double[] ys, FillRule rule, int label) {
        requireSlice(z);
        return paint(z, SliceRaster.polygon(xs, ys, rule, geometry.nx(), geometry.ny()), label, "polygon");
    }

    /** Paints a brush stroke of a disc of the given radius in pixels along a polyline; returns the voxels changed. */
    public int brushStrokePixels(int z, double[] xs, double[] ys, double radiusPixels, int label) {
        requireSlice(z);
        return paint(z, SliceRaster.brush(xs, ys, radiusPixels, 1, 1, geometry.nx(), geometry.ny()), label, "brush");
    }

    /** Paints a brush stroke of a disc of the given radius in mm (voxel spacing) along a polyline. */
    public int brushStrokeMm(int z, double[] xs, double[] ys, double radiusMm, int label) {
        requireSlice(z);
        return paint(z, SliceRaster.brush(xs, ys, radiusMm, geometry.spacing(0), geometry.spacing(1), geometry.nx(), geometry.ny()),
                label, "brush");
    }

    /**
     * Paints a disc of the given radius in mm in the plane through voxel {@code position} across index axis
     * {@code normal} (2: axial slice z, 1: coronal plane y, 0: sagittal plane x), centred at in-plane voxel coordinates
     * (u, v) along the other two axes in increasing order (x,y / x,z / y,z). Label 0 erases. Returns the voxels changed.
     */
    public int brushPlane(int normal, int position, double u, double v, double radiusMm, int label) {
        if (normal < 0 || normal > 2) throw new IllegalArgumentException("normal must be 0, 1 or 2");
        int[] n = geometry.dims();
        if (position < 0 || position >= n[normal])
            throw new SpineRadException("Plane " + position + " is outside the label map (0.." + (n[normal] - 1) + ") along axis " + normal);
        requireLabel(label);
        int a = normal == 0 ? 1 : 0, b = normal == 2 ? 1 : 2;
        double sa = geometry.spacing(a), sb = geometry.spacing(b), r2 = radiusMm * radiusMm;
        Change c = new Change(label);
        int[] at = new int[3];
        at[normal] = position;
        int ua0 = (int) Math.floor(u - radiusMm / sa), ua1 = (int) Math.ceil(u + radiusMm / sa);
        int vb0 = (int) Math.floor(v - radiusMm / sb), vb1 = (int) Math.ceil(v + radiusMm / sb);
        for (int j = Math.max(0, vb0); j <= Math.min(n[b] - 1, vb1); j++)
            for (int i = Math.max(0, ua0); i <= Math.min(n[a] - 1, ua1); i++) {
                double du = (i - u) * sa, dv = (j - v) * sb;
                if (du * du + dv * dv > r2) continue;
                at[a] = i;
                at[b] = j;
                c.set(geometry.index(at[0], at[1], at[2]));
            }
        return commit(c, (label == 0 ? "erase" : "paint") + " brush in plane " + "xyz".charAt(normal) + "=" + position);
    }

    /** Joins the last {@code count} operations (e.g. the dabs of one brush stroke, all with the same label) into one undo step. */
    public void mergeLast(int count, String description) {
        if (count < 2 || count > undo.size()) return;
        java.util.List<Edit> parts = new java.util.ArrayList<>();
        for (int k = 0; k < count; k++) parts.add(0, undo.pollLast());
        int total = parts.stream().mapToInt(e -> e.index().length).sum(), at = 0;
        int[] index = new int[total], before = new int[total];
        for (Edit e : parts) {
            System.arraycopy(e.index(), 0, index, at, e.index().length);
            System.arraycopy(e.before(), 0, before, at, e.before().length);
            at += e.index().length;
        }
        undo.addLast(new Edit(description, index, before, parts.get(parts.size() - 1).label()));
    }

    /** Paints the pixels of a mask on slice z with a label (0 erases); returns the number of voxels changed. */
    public int paint(int z, SliceMask mask, int label) { return paint(z, mask, label, "mask"); }

    private int paint(int z, SliceMask mask, int label, String what) {
        requireSlice(z);
        requireLabel(label);
        Change c = new Change(label);
        int w = mask.width();
        boolean[] inside = mask.inside();
        for (int y = 0; y < mask.height(); y++)
            for (int x = 0; x < w; x++)
                if (inside[x + w * y]) c.set(geometry.index(mask.x0() + x, mask.y0() + y, z));
        return commit(c, (label == 0 ? "erase " : "paint ") + what + " on slice " + z);
    }

    /** Pixels of slice z that carry the label. */
    public boolean[] sliceMask(int label, int z) {
        requireSlice(z);
        int plane = geometry.nx() * geometry.ny(), offset = z * plane;
        boolean[] m = new boolean[plane];
        for (int i = 0; i < plane; i++) m[i] = volume.getInt(offset + i) == label;
        return m;
    }

    /** Slices (increasing z) on which the label has at least one voxel. */
    public int[] annotatedSlices(int label) {
        int plane = geometry.nx() * geometry.ny();
        int[] out = new int[geometry.nz()];
        int n = 0;
        for (int z = 0; z < geometry.nz(); z++)
            for (int i = z * plane, end = i + plane; i < end; i++)
                if (volume.getInt(i) == label) { out[n++] = z; break; }
        return Arrays.copyOf(out, n);
    }

    /** Interpolates the label over every gap between its annotated slices (whole stack); returns the voxels changed. */
    public int interpolate(int label) { return interpolate(label, 0, geometry.nz() - 1); }

    /**
     * Fills the slices between consecutive annotated slices of the label within [zFrom, zTo] by shape-based
     * interpolation ({@link ShapeInterpolation}); slices that already carry the label are left as they are. One undo
     * step. Needs at least two annotated slices in the range.
     */
    public int interpolate(int label, int zFrom, int zTo) {
        requireLabel(label);
        if (label == 0) throw new SpineRadException("Cannot interpolate the background (label 0)");
        int[] slices = Arrays.stream(annotatedSlices(label)).filter(z -> z >= zFrom && z <= zTo).toArray();
        if (slices.length < 2)
            throw new SpineRadException("Label " + labels.name(label) + " (" + label + ") is drawn on " + slices.length
                    + " slice(s) between z=" + zFrom + " and z=" + zTo + "; interpolation needs at least two");
        int nx = geometry.nx(), ny = geometry.ny();
        Change c = new Change(label);
        for (int k = 0; k + 1 < slices.length; k++) {
            int a = slices[k], b = slices[k + 1];
            if (b - a < 2) continue;
            ShapeInterpolation shape = new ShapeInterpolation(sliceMask(label, a), sliceMask(label, b), nx, ny,
                    geometry.spacing(0), geometry.spacing(1));
            for (int z = a + 1; z < b; z++) {
                boolean[] m = shape.at((double) (z - a) / (b - a));
                int offset = z * nx * ny;
                for (int i = 0; i < m.length; i++) if (m[i]) c.set(offset + i);
            }
        }
        return commit(c, "interpolate " + labels.name(label));
    }

    public boolean canUndo() { return !undo.isEmpty(); }
    public boolean canRedo() { return !redo.isEmpty(); }
    public int undoSteps() { return undo.size(); }

    /** Description of the operation {@link #undo()} would revert, or null. */
    public String nextUndo() { return undo.isEmpty() ? null : undo.peekLast().description(); }

    /** Reverts the last operation; false when there is none. */
    public boolean undo() {
        Edit e = undo.pollLast();
        if (e == null) return false;
        undoVoxels -= e.index().length;
        for (int k = e.index().length - 1; k >= 0; k--) volume.set(e.index()[k], e.before()[k]);
        redo.addLast(e);
        return true;
    }

    /** Re-applies the last undone operation; false when there is none. */
    public boolean redo() {
        Edit e = redo.pollLast();
        if (e == null) return false;
        for (int i : e.index()) volume.set(i, e.label());
        remember(e);
        return true;
    }

    /** Forgets the undo and redo history (e.g. after the label map was changed outside the editor). */
    public void clearHistory() {
        undo.clear();
        redo.clear();
        undoVoxels = 0;
    }

    private int commit(Change c, String description) {
        int n = c.size;
        if (n == 0) return 0;
        redo.clear();
        remember(new Edit(description, Arrays.copyOf(c.index, n), Arrays.copyOf(c.before, n), c.label));
        return n;
    }

    private void remember(Edit e) {
        if (e.index().length > maxUndoVoxels || maxUndoSteps == 0) {
            clearHistory();
            return;
        }
        undo.addLast(e);
        undoVoxels += e.index().length;
        while (undo.size() > maxUndoSteps || undoVoxels > maxUndoVoxels) undoVoxels -= undo.pollFirst().index().length;
    }

    private void requireSlice(int z) {
        if (z < 0 || z >= geometry.nz())
            throw new SpineRadException("Slice z=" + z + " is outside the label map (0.." + (geometry.nz() - 1) + ")");
    }

    private void requireLabel(int label) {
        if (label < 0 || label > volume.type().maxValue())
            throw new SpineRadException("Label " + label + " does not fit the label map's " + volume.type() + " voxels (0.."
                    + (long) volume.type().maxValue() + ")");
    }

    /** Voxels changed by one operation: index and previous value, applied immediately. */
    private final class Change {
        final int label;
        int[] index = new int[1024], before = new int[1024];
        int size;

        Change(int label) { this.label = label; }

        void set(int i) {
            int old = volume.getInt(i);
            if (old == label || backgroundOnly && label != 0 && old != 0) return;
            if (size == index.length) {
                index = Arrays.copyOf(index, size * 2);
                before = Arrays.copyOf(before, size * 2);
            }
            index[size] = i;
            before[size++] = old;
            volume.set(i, label);
        }
    }
}
