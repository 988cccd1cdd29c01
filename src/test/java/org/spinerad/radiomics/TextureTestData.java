package org.spinerad.radiomics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builders for discretised test ROIs and a runner over all five texture classes. */
final class TextureTestData {
    private TextureTestData() {}

    static final List<TextureFeatureClass> CLASSES = List.of(new GlcmFeatures(), new GlrlmFeatures(),
            new GlszmFeatures(), new GldmFeatures(), new NgtdmFeatures());

    static DiscretizedRoi roi(int nx, int ny, int nz, int[] levels) {
        return new DiscretizedRoi(nx, ny, nz, new double[]{1, 1, 1}, levels);
    }

    /** The IBSI digital phantom from the committed resource (0 = outside the ROI). */
    static DiscretizedRoi ibsiPhantom() {
        try (InputStream in = TextureTestData.class.getResourceAsStream("/ibsi/digital_phantom.txt")) {
            List<Integer> values = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                for (String t : line.trim().split("\\s+")) values.add(Integer.parseInt(t));
            }
            int[] lv = values.stream().mapToInt(Integer::intValue).toArray();
            return new DiscretizedRoi(5, 4, 4, new double[]{2, 2, 2}, lv);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant level inside an n^3 cube. */
    static DiscretizedRoi cube(int n, int level) {
        int[] lv = new int[n * n * n];
        java.util.Arrays.fill(lv, level);
        return roi(n, n, n, lv);
    }

    /** Random levels 1..levels, spatially correlated by repeating each value over a few voxels, in an ellipsoid. */
    static DiscretizedRoi randomEllipsoid(int nx, int ny, int nz, int levels, long seed) {
        Random r = new Random(seed);
        int[] lv = new int[nx * ny * nz];
        for (int z = 0, i = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++, i++) {
                    double ex = (x - (nx - 1) / 2.0) / (nx / 2.0), ey = (y - (ny - 1) / 2.0) / (ny / 2.0),
                            ez = (z - (nz - 1) / 2.0) / (nz / 2.0);
                    if (ex * ex + ey * ey + ez * ez > 1) continue;
                    lv[i] = (x % 3 == 0 || i == 0 || lv[i - 1] == 0) ? 1 + r.nextInt(levels) : lv[i - 1];
                }
        return roi(nx, ny, nz, lv);
    }

    /** The ROI seen with axes permuted and flipped: new (x, y, z) reads old (perm, flipped). */
    static DiscretizedRoi transform(DiscretizedRoi in, int[] perm, boolean[] flip) {
        int[] oldSize = {in.nx, in.ny, in.nz};
        int[] size = {oldSize[perm[0]], oldSize[perm[1]], oldSize[perm[2]]};
        int[] lv = new int[in.levels.length];
        int[] c = new int[3], o = new int[3];
        for (c[2] = 0; c[2] < size[2]; c[2]++)
            for (c[1] = 0; c[1] < size[1]; c[1]++)
                for (c[0] = 0; c[0] < size[0]; c[0]++) {
                    for (int k = 0; k < 3; k++) o[perm[k]] = flip[k] ? size[k] - 1 - c[k] : c[k];
                    lv[c[0] + size[0] * (c[1] + size[1] * c[2])] = in.level(o[0], o[1], o[2]);
                }
        return roi(size[0], size[1], size[2], lv);
    }

    /** Relabels every ROI level g to map[g]. */
    static DiscretizedRoi relabel(DiscretizedRoi in, java.util.function.IntUnaryOperator map) {
        int[] lv = in.levels.clone();
        for (int i = 0; i < lv.length; i++) if (lv[i] != 0) lv[i] = map.applyAsInt(lv[i]);
        return new DiscretizedRoi(in.nx, in.ny, in.nz, in.spacing, lv);
    }

    /** "class_Feature" -> value over all five classes (default features) for the given settings. */
    static Map<String, Double> all(DiscretizedRoi roi, RadiomicsSettings s) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (TextureFeatureClass c : CLASSES)
            c.compute(null, roi, s, null).forEach((k, v) -> out.put(c.name() + "_" + k, v));
        return out;
    }
}
