package org.spinerad.stenosis.learn.cnn;

import org.spinerad.image.Volume;
import org.spinerad.stenosis.geometry.LevelPlane;

/**
 * "ROI detection" of the studies, placed from the localisation: per disc plane a central canal box (24 x 24 mm around
 * the canal centre) and a left and a right lateral recess box (16 x 16 mm centred 10 mm lateral, 2 mm anterior), each
 * resampled to 32 x 32 pixels on 3 planes 2 mm apart (2.5D: the planes are the channels). The right recess is mirrored
 * so that one network grades both sides. HU are clipped to [-200, 800] and scaled to [-0.4, 1.6].
 */
public final class RoiCrops {
    private RoiCrops() {}

    public static final int SIZE = 32, CHANNELS = 3;
    static final double CENTRAL_MM = 24, RECESS_MM = 16, RECESS_LATERAL = 10, RECESS_ANTERIOR = -2, SLAB = 2;

    /** The central crop, CHANNELS x SIZE x SIZE, row-major. */
    public static float[] central(Volume ct, LevelPlane p) { return crop(ct, p, 0, 0, CENTRAL_MM, 1); }

    /** The recess crop of a side (0 left, 1 right mirrored). */
    public static float[] recess(Volume ct, LevelPlane p, int side) {
        double sigma = side == 0 ? 1 : -1;
        return crop(ct, p, sigma * RECESS_LATERAL, RECESS_ANTERIOR, RECESS_MM, sigma);
    }

    /** A crop mirrored left-right (augmentation of central crops: the central grade does not depend on the side). */
    public static float[] mirrored(float[] crop) {
        float[] out = new float[crop.length];
        for (int c = 0; c < CHANNELS; c++)
            for (int j = 0; j < SIZE; j++)
                for (int i = 0; i < SIZE; i++) out[(c * SIZE + j) * SIZE + i] = crop[(c * SIZE + j) * SIZE + SIZE - 1 - i];
        return out;
    }

    private static float[] crop(Volume ct, LevelPlane p, double u0, double v0, double size, double mirror) {
        float[] out = new float[CHANNELS * SIZE * SIZE];
        double step = size / SIZE;
        for (int c = 0; c < CHANNELS; c++)
            for (int j = 0; j < SIZE; j++)
                for (int i = 0; i < SIZE; i++) {
                    double u = u0 + mirror * (-size / 2 + (i + 0.5) * step), v = v0 - size / 2 + (j + 0.5) * step;
                    double hu = org.spinerad.stenosis.measure.StenosisOverlay.ctAt(ct, p.point(u, v, (c - 1) * SLAB));
                    out[(c * SIZE + j) * SIZE + i] = (float) (Math.max(-200, Math.min(800, hu)) / 500.0);
                }
        return out;
    }
}
