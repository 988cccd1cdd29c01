package org.spinerad.annotate;

import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Voxel count and volume of each label present in a label map. */
public final class LabelStatistics {
    private LabelStatistics() {}

    /** One label: its value, name, number of voxels and volume in mm³ (voxels x voxel volume). */
    public record Row(int label, String name, long voxels, double volumeMm3) {}

    /** Rows for the non-zero labels present, by increasing label value; one pass over the voxels. */
    public static List<Row> of(LabelMap labels) {
        Volume v = labels.volume();
        long[] small = new long[65536];
        Map<Integer, Long> other = new TreeMap<>();
        for (int i = 0, n = v.size(); i < n; i++) {
            int x = v.getInt(i);
            if (x >= 0 && x < small.length) small[x]++;
            else other.merge(x, 1L, Long::sum);
        }
        Map<Integer, Long> counts = new TreeMap<>(other);
        for (int x = 1; x < small.length; x++) if (small[x] > 0) counts.put(x, small[x]);
        double voxelMm3 = labels.geometry().voxelVolume();
        List<Row> rows = new ArrayList<>();
        for (var e : counts.entrySet())
            rows.add(new Row(e.getKey(), labels.name(e.getKey()), e.getValue(), e.getValue() * voxelMm3));
        return rows;
    }
}
