package org.spinerad.image;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.SortedSet;

/** An integer volume whose non-zero values are structure labels, with optional names (e.g. 20 -> "L1"). */
public final class LabelMap {
    private final Volume volume;
    private final SortedMap<Integer, String> names;

    public LabelMap(Volume volume, Map<Integer, String> names) {
        this.volume = Objects.requireNonNull(volume, "volume");
        if (!volume.type().integer)
            throw new IllegalArgumentException("A label map needs integer voxels, got " + volume.type());
        this.names = new TreeMap<>(names == null ? Map.of() : names);
    }

    /** An empty UINT8 label map on a grid, named with SpineRad's standard spine labels. */
    public static LabelMap empty(Geometry g) {
        return new LabelMap(Volume.create(g, DataType.UINT8), SpineLabels.NAMES);
    }

    public Volume volume() { return volume; }
    public Geometry geometry() { return volume.geometry(); }

    public SortedMap<Integer, String> names() { return Collections.unmodifiableSortedMap(names); }

    public void setName(int label, String name) { names.put(label, name); }

    /** Name of a label, or "label_N" when it has none. */
    public String name(int label) {
        String n = names.get(label);
        return n != null ? n : "label_" + label;
    }

    /** Label value for a name (case-insensitive), or -1. */
    public int labelOf(String name) {
        for (var e : names.entrySet()) if (e.getValue().equalsIgnoreCase(name)) return e.getKey();
        return -1;
    }

    public int get(int x, int y, int z) { return volume.getInt(volume.geometry().index(x, y, z)); }

    /** Distinct non-zero labels present in the voxels. */
    public SortedSet<Integer> presentLabels() {
        SortedSet<Integer> out = new TreeSet<>();
        boolean[] seenSmall = new boolean[65536];
        for (int i = 0, n = volume.size(); i < n; i++) {
            int v = volume.getInt(i);
            if (v == 0) continue;
            if (v > 0 && v < seenSmall.length) {
                if (!seenSmall[v]) { seenSmall[v] = true; out.add(v); }
            } else out.add(v);
        }
        return out;
    }

    /** Binary mask (1 where the label is, else 0) as a UINT8 volume on the same grid. */
    public Volume mask(int label) {
        Volume m = Volume.create(volume.geometry(), DataType.UINT8);
        byte[] dst = (byte[]) m.array();
        for (int i = 0; i < dst.length; i++) if (volume.getInt(i) == label) dst[i] = 1;
        return m;
    }

    /** Number of voxels carrying a label. */
    public int count(int label) {
        int c = 0;
        for (int i = 0, n = volume.size(); i < n; i++) if (volume.getInt(i) == label) c++;
        return c;
    }
}
