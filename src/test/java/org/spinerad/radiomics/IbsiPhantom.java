package org.spinerad.radiomics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Loads the IBSI 1 digital phantom test resource (5x4x4 voxels, 2 mm) as a RoiImage. */
final class IbsiPhantom {
    private IbsiPhantom() {}

    static final int NX = 5, NY = 4, NZ = 4;

    static RoiImage load() {
        String text;
        try (InputStream in = IbsiPhantom.class.getResourceAsStream("ibsi1-digital-phantom.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("IBSI phantom resource missing", e);
        }
        List<Double> image = new ArrayList<>(), mask = new ArrayList<>();
        List<Double> target = null;
        for (String line : text.split("\n")) {
            line = line.trim();
            if (line.equals("image")) target = image;
            else if (line.equals("mask")) target = mask;
            else if (!line.isEmpty() && !line.startsWith("#") && target != null)
                for (String v : line.split("\\s+")) target.add(Double.parseDouble(v));
        }
        int n = NX * NY * NZ;
        if (image.size() != n || mask.size() != n) throw new IllegalStateException("phantom has wrong size");
        float[] img = new float[n];
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i++) {
            img[i] = image.get(i).floatValue();
            m[i] = mask.get(i) > 0;
        }
        return new RoiImage(NX, NY, NZ, new double[]{2, 2, 2}, img, m);
    }
}
