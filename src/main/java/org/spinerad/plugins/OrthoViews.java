package org.spinerad.plugins;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageCanvas;
import ij.gui.Overlay;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.spinerad.image.Geometry;
import org.spinerad.image.Reorientation;

import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;

/**
 * The two other planes of an annotated stack, linked to it by a crosshair, each with the label overlay and editable
 * with the label brush. Reslices are shown radiologically at their true aspect ratio (nearest-neighbour resampling
 * to the finer spacing): axial planes anterior up with the patient's right on the left, sagittal planes anterior on
 * the left and head up, coronal planes the patient's right on the left and head up. A click with any tool but the
 * label brush moves the crosshair.
 */
final class OrthoViews {
    static final String VIEW = "SpineRad.OrthoView";
    private static final String[] PLANE = {"sagittal", "coronal", "axial"}; // by the LPS world axis held fixed

    /**
     * One reslice window across display axis {@code normal}: display axis {@code h} runs left to right and {@code v}
     * top to bottom (each reversed when flipped), {@code width} x {@code height} pixels.
     */
    record View(OrthoViews owner, int normal, int h, boolean flipH, int v, boolean flipV, int width, int height, ImagePlus imp) {
        /** Continuous display-grid coordinate (voxel centre = index) along h of a pixel column position. */
        double alongH(double px) { return along(px, width, owner.dims[h], flipH); }

        double alongV(double py) { return along(py, height, owner.dims[v], flipV); }

        private static double along(double p, int pixels, int n, boolean flip) {
            double c = p * n / pixels;
            return (flip ? n - c : c) - 0.5;
        }

        /** Pixel position of a display coordinate along h (inverse of {@link #alongH}). */
        double pixelH(double c) { return pixel(c, width, owner.dims[h], flipH); }

        double pixelV(double c) { return pixel(c, height, owner.dims[v], flipV); }

        private static double pixel(double c, int pixels, int n, boolean flip) {
            double x = c + 0.5;
            return (flip ? n - x : x) * pixels / n;
        }
    }

    final ImagePlus image, labels;
    final int[] dims;
    /** Crosshair voxel on the display grid (z = stack slice - 1). */
    final int[] at = new int[3];
    final View first, second;

    private OrthoViews(ImagePlus image, ImagePlus labels) {
        this.image = image;
        this.labels = labels;
        Geometry g = ImagePlusAdapter.geometry(image);
        dims = g.dims();
        at[0] = dims[0] / 2;
        at[1] = dims[1] / 2;
        at[2] = image.getCurrentSlice() - 1;
        first = view(g, 0);
        second = view(g, 1);
    }

    /** The reslice across display axis n, laid out by the table in the class comment. */
    private View view(Geometry g, int normal) {
        double[] dir = g.direction();
        int[] world = new int[3];
        for (int d = 0; d < 3; d++) world[d] = Reorientation.dominantWorldAxis(dir, d);
        int fixed = world[normal];
        int hWorld = fixed == 0 ? 1 : 0, vWorld = fixed == 2 ? 1 : 2; // sagittal: P across; axial: P down; else I down
        boolean vDown = fixed == 2; // increasing P goes down; increasing S goes up
        int h = -1, v = -1;
        for (int d = 0; d < 3; d++) {
            if (d == normal) continue;
            if (world[d] == hWorld) h = d;
            else if (world[d] == vWorld) v = d;
        }
        boolean flipH = dir[hWorld * 3 + h] < 0, flipV = (dir[vWorld * 3 + v] < 0) == vDown;
        double pix = Math.min(g.spacing(h), g.spacing(v));
        int width = Math.max(1, (int) Math.round(dims[h] * g.spacing(h) / pix));
        int height = Math.max(1, (int) Math.round(dims[v] * g.spacing(v) / pix));
        ImagePlus imp = new ImagePlus(image.getTitle() + " " + PLANE[fixed], image.getProcessor().createProcessor(width, height));
        View view = new View(this, normal, h, flipH, v, flipV, width, height, imp);
        imp.setProperty(VIEW, view);
        return view;
    }

    View[] views() { return new View[]{first, second}; }

    /** Opens (or returns) the orthogonal views of an annotated image. */
    static OrthoViews open(ImagePlus image, ImagePlus labels) {
        LabelOverlay.State s = LabelOverlay.state(labels);
        if (s.ortho != null && (s.ortho.first.imp.getWindow() != null || java.awt.GraphicsEnvironment.isHeadless())) return s.ortho;
        OrthoViews o = new OrthoViews(image, labels);
        s.ortho = o;
        o.render();
        for (View v : o.views()) {
            CommandSupport.show(v.imp);
            ImageCanvas canvas = v.imp.getCanvas();
            if (canvas != null) canvas.addMouseListener(o.crosshairClick(v));
        }
        if (image.getCanvas() != null) image.getCanvas().addMouseListener(o.crosshairClick(null));
        LabelOverlay.draw(image, labels);
        return o;
    }

    private MouseAdapter crosshairClick(View v) {
        return new MouseAdapter() {
            @Override
            public void mouseReleased(MouseEvent e) {
                if (ij.gui.Toolbar.getPlugInTool() instanceof LabelBrushTool && ij.gui.Toolbar.getToolId() >= ij.gui.Toolbar.CUSTOM1) return;
                ImagePlus imp = v == null ? image : v.imp;
                ImageCanvas c = imp.getCanvas();
                int[] to = voxelAt(v, c.offScreenXD(e.getX()), c.offScreenYD(e.getY()));
                moveTo(to[0], to[1], to[2]);
            }
        };
    }

    /** The display voxel under a pixel of a view (null view: the stack itself). */
    int[] voxelAt(View v, double px, double py) {
        int[] to = at.clone();
        if (v == null) {
            to[0] = clamp((int) Math.floor(px), dims[0]);
            to[1] = clamp((int) Math.floor(py), dims[1]);
        } else {
            to[v.h] = clamp((int) Math.round(v.alongH(px)), dims[v.h]);
            to[v.v] = clamp((int) Math.round(v.alongV(py)), dims[v.v]);
        }
        return to;
    }

    private static int clamp(int v, int n) { return Math.max(0, Math.min(n - 1, v)); }

    /** Moves the crosshair to display voxel (x, y, z): the stack shows slice z, the reslices the planes through it. */
    void moveTo(int x, int y, int z) {
        at[0] = x;
        at[1] = y;
        at[2] = z;
        if (image.getCurrentSlice() != z + 1) image.setSlice(z + 1); // redraws the stack's overlay through the listener
        else LabelOverlay.draw(image, labels);
        render();
    }

    /** Recomputes both reslices and their overlays from the image and label stacks. */
    void render() {
        ImageStack img = image.getStack(), ls = labels.getStack();
        LabelOverlay.State s = LabelOverlay.state(labels);
        for (View v : views()) {
            ImageProcessor ip = v.imp.getProcessor(), lab = new ShortProcessor(v.width, v.height);
            int[] p = at.clone();
            for (int row = 0; row < v.height; row++) {
                p[v.v] = clamp((int) Math.round(v.alongV(row + 0.5)), dims[v.v]);
                for (int col = 0; col < v.width; col++) {
                    p[v.h] = clamp((int) Math.round(v.alongH(col + 0.5)), dims[v.h]);
                    int i = p[0] + p[1] * dims[0];
                    ip.setf(col, row, img.getProcessor(p[2] + 1).getf(i));
                    lab.set(col, row, ls.getProcessor(p[2] + 1).get(i));
                }
            }
            v.imp.setCalibration(image.getCalibration().copy());
            v.imp.setDisplayRange(image.getDisplayRangeMin(), image.getDisplayRangeMax());
            Overlay overlay = new Overlay();
            if (s.visible) overlay.add(LabelOverlay.layer(lab, s));
            LabelOverlay.crosshair(overlay, v.pixelH(at[v.h]), v.pixelV(at[v.v]), v.width, v.height);
            v.imp.setOverlay(overlay);
            v.imp.updateAndDraw();
        }
    }
}
