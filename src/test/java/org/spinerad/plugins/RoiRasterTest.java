package org.spinerad.plugins;

import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.Test;
import org.spinerad.annotate.SliceMask;
import org.spinerad.annotate.SliceRaster;

import java.awt.Rectangle;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SpineRad's polygon fill paints exactly the pixels of ImageJ's own mask of the same selection (ImageJ as reference). */
class RoiRasterTest {
    @Test
    void polygonFillEqualsImageJMask() {
        Random rnd = new Random(11);
        int nx = 120, ny = 100;
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + rnd.nextInt(20);
            float[] xs = new float[n], ys = new float[n];
            double[] dx = new double[n], dy = new double[n];
            for (int k = 0; k < n; k++) { // a random, possibly self-intersecting outline
                xs[k] = (float) (5 + rnd.nextDouble() * 110);
                ys[k] = (float) (5 + rnd.nextDouble() * 90);
                dx[k] = xs[k];
                dy[k] = ys[k];
            }
            PolygonRoi roi = new PolygonRoi(xs, ys, n, Roi.POLYGON);
            ImageProcessor mask = roi.getMask();
            Rectangle b = roi.getBounds();
            boolean[] imagej = new boolean[nx * ny];
            for (int y = 0; y < b.height; y++)
                for (int x = 0; x < b.width; x++)
                    if (mask.get(x, y) != 0) imagej[b.x + x + nx * (b.y + y)] = true;
            SliceMask ours = SliceRaster.polygon(dx, dy, SliceRaster.FillRule.EVEN_ODD, nx, ny);
            boolean[] spinerad = new boolean[nx * ny];
            for (int y = 0; y < ours.height(); y++)
                for (int x = 0; x < ours.width(); x++)
                    if (ours.inside()[x + ours.width() * y]) spinerad[ours.x0() + x + nx * (ours.y0() + y)] = true;
            int differ = 0;
            for (int i = 0; i < imagej.length; i++) if (imagej[i] != spinerad[i]) differ++;
            assertEquals(0, differ, "trial " + trial + ": pixels where ImageJ's mask and the polygon fill differ");
        }
    }
}
