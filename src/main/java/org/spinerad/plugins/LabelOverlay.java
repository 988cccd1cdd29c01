package org.spinerad.plugins;

import ij.ImageListener;
import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Line;
import ij.gui.Overlay;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.spinerad.annotate.LabelPalette;

import java.awt.Color;

/**
 * Draws an image's label map as a coloured, semi-transparent overlay on the image's current slice (and the
 * crosshair of its orthogonal views), redrawn whenever the slice changes. The annotation state (palette, active
 * label, brush size, opacity, visibility) lives on the label stack as an object property.
 */
final class LabelOverlay implements ImageListener {
    static final String STATE = "SpineRad.LabelView";
    private static final String NAME = "SpineRad labels";
    private static boolean listening;

    /** What the annotator has chosen for one label map. */
    static final class State {
        final LabelPalette palette = LabelPalette.standard();
        int activeLabel = 1;
        double brushMm = 3;
        boolean erase;
        double opacity = 0.5;
        boolean visible = true;
        OrthoViews ortho;
    }

    private LabelOverlay() {}

    static State state(ImagePlus labels) {
        if (labels.getProperty(STATE) instanceof State s) return s;
        State s = new State();
        labels.setProperty(STATE, s);
        return s;
    }

    static synchronized void install(ImagePlus image, ImagePlus labels) {
        if (!listening) {
            ImagePlus.addImageListener(new LabelOverlay());
            listening = true;
        }
        draw(image, labels);
    }

    /** Colours of a label slice (0: transparent) through the palette; hidden labels are left out. */
    static ColorProcessor colours(ImageProcessor labelSlice, LabelPalette palette) {
        int n = labelSlice.getPixelCount();
        int[] rgb = new int[n];
        for (int i = 0; i < n; i++) {
            int v = labelSlice.get(i);
            if (v == 0) continue;
            LabelPalette.Entry e = palette.get(v);
            if (e != null && !e.visible()) continue;
            int c = palette.rgb(v);
            rgb[i] = c == 0 ? 0x010101 : c; // pure black would read as transparent
        }
        return new ColorProcessor(labelSlice.getWidth(), labelSlice.getHeight(), rgb);
    }

    static ImageRoi layer(ImageProcessor labelSlice, State s) {
        ImageRoi roi = new ImageRoi(0, 0, colours(labelSlice, s.palette));
        roi.setZeroTransparent(true);
        roi.setOpacity(s.opacity);
        roi.setName(NAME);
        return roi;
    }

    /** Redraws the overlay of the image's current slice (removing it when hidden). */
    static void draw(ImagePlus image, ImagePlus labels) {
        State s = state(labels);
        Overlay overlay = new Overlay();
        int slice = Math.min(image.getCurrentSlice(), labels.getStackSize());
        if (s.visible) overlay.add(layer(labels.getStack().getProcessor(slice), s));
        if (s.ortho != null) crosshair(overlay, s.ortho.at[0] + 0.5, s.ortho.at[1] + 0.5, image.getWidth(), image.getHeight());
        image.setOverlay(overlay.size() > 0 ? overlay : null);
    }

    /** Adds the two crosshair lines through (u, v) to an overlay. */
    static void crosshair(Overlay overlay, double u, double v, int width, int height) {
        Line h = new Line(0, v, width, v), w = new Line(u, 0, u, height);
        for (Line l : new Line[]{h, w}) {
            l.setStrokeColor(new Color(255, 220, 0, 160));
            overlay.add(l);
        }
    }

    @Override
    public void imageUpdated(ImagePlus imp) {
        if (imp.getProp(LabelSession.IMAGE_TITLE) != null || imp.getProperty(OrthoViews.VIEW) != null) return;
        ImagePlus labels = LabelSession.companionOf(imp);
        if (labels == null) return;
        draw(imp, labels);
        State s = state(labels);
        if (s.ortho != null && s.ortho.at[2] != imp.getCurrentSlice() - 1) s.ortho.moveTo(s.ortho.at[0], s.ortho.at[1], imp.getCurrentSlice() - 1);
    }

    @Override
    public void imageOpened(ImagePlus imp) {}

    @Override
    public void imageClosed(ImagePlus imp) {}
}
