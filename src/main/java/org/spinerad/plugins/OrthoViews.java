package org.spinerad.plugins;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageCanvas;
import ij.gui.Overlay;
import ij.process.ImageProcessor;

import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;

/**
 * Sagittal and coronal views of an annotated image, linked to its axial slice by a crosshair, each with the label
 * overlay. Reslices are shown head-up at the true aspect ratio (rows resampled by nearest neighbour): sagittal with
 * anterior on the left, coronal with the patient's right on the left. A click with any tool but the label brush
 * moves the crosshair; the brush paints in every view ({@link LabelBrushTool}).
 */
final class OrthoViews {
    static final String VIEW = "SpineRad.OrthoView";

    /** One reslice window: the voxel axis it cuts across (0 sagittal, 1 coronal) and its row scale. */
    record View(OrthoViews owner, int normal, ImagePlus imp, int rows) {
        /** Voxel z of a display row (top row = most superior slice). */
        int zOfRow(double row) {
            int nz = owner.image.getStackSize();
            return Math.max(0, Math.min(nz - 1, nz - 1 - (int) Math.floor(row * nz / rows)));
        }

        double rowOfZ(double z) { return (owner.image.getStackSize() - z - 0.5) * rows / owner.image.getStackSize(); }
    }

    final ImagePlus image, labels;
    int x, y, z;
    final View sagittal, coronal;

    private OrthoViews(ImagePlus image, ImagePlus labels) {
        this.image = image;
        this.labels = labels;
        x = image.getWidth() / 2;
        y = image.getHeight() / 2;
        z = image.getCurrentSlice() - 1;
        var cal = image.getCalibration();
        int nz = image.getStackSize();
        sagittal = view(0, image.getHeight(), Math.max(1, (int) Math.round(nz * cal.pixelDepth / cal.pixelHeight)), "sagittal");
        coronal = view(1, image.getWidth(), Math.max(1, (int) Math.round(nz * cal.pixelDepth / cal.pixelWidth)), "coronal");
    }

    private View view(int normal, int width, int rows, String name) {
        ImagePlus imp = new ImagePlus(image.getTitle() + " " + name, image.getProcessor().createProcessor(width, rows));
        View v = new View(this, normal, imp, rows);
        imp.setProperty(VIEW, v);
        return v;
    }

    /** Opens (or returns) the orthogonal views of an annotated image. */
    static OrthoViews open(ImagePlus image, ImagePlus labels) {
        LabelOverlay.State s = LabelOverlay.state(labels);
        if (s.ortho != null && s.ortho.sagittal.imp.getWindow() != null) return s.ortho;
        OrthoViews o = new OrthoViews(image, labels);
        s.ortho = o;
        o.render();
        for (View v : new View[]{o.sagittal, o.coronal}) {
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
                if (ij.gui.Toolbar.getInstance() != null && ij.gui.Toolbar.getPlugInTool() instanceof LabelBrushTool
                        && ij.gui.Toolbar.getToolId() >= ij.gui.Toolbar.CUSTOM1) return;
                ImagePlus imp = v == null ? image : v.imp;
                ImageCanvas c = imp.getCanvas();
                double px = c.offScreenXD(e.getX()), py = c.offScreenYD(e.getY());
                int[] at = voxelAt(v, px, py);
                moveTo(at[0], at[1], at[2]);
            }
        };
    }

    /** The voxel (x, y, z) under a pixel of a view (null view: the axial image). */
    int[] voxelAt(View v, double px, double py) {
        int u = (int) Math.floor(px);
        if (v == null) return new int[]{clamp(u, image.getWidth()), clamp((int) Math.floor(py), image.getHeight()), z};
        int zz = v.zOfRow(py);
        return v.normal == 0 ? new int[]{x, clamp(u, image.getHeight()), zz} : new int[]{clamp(u, image.getWidth()), y, zz};
    }

    private static int clamp(int v, int n) { return Math.max(0, Math.min(n - 1, v)); }

    /** Moves the crosshair to voxel (x, y, z): the axial image shows slice z, the reslices planes x and y. */
    void moveTo(int nx, int ny, int nz) {
        x = nx;
        y = ny;
        z = nz;
        if (image.getCurrentSlice() != z + 1) image.setSlice(z + 1); // redraws the axial overlay through the listener
        else LabelOverlay.draw(image, labels);
        render();
    }

    /** Recomputes both reslices and their overlays from the image and label stacks. */
    void render() {
        for (View v : new View[]{sagittal, coronal}) {
            ImageProcessor ip = v.imp.getProcessor(), lab = new ij.process.ShortProcessor(ip.getWidth(), ip.getHeight());
            ImageStack img = image.getStack(), ls = labels.getStack();
            for (int row = 0; row < v.rows; row++) {
                int zz = v.zOfRow(row + 0.5);
                ImageProcessor slice = img.getProcessor(zz + 1), lslice = ls.getProcessor(zz + 1);
                for (int u = 0; u < ip.getWidth(); u++) {
                    int vx = v.normal == 0 ? x : u, vy = v.normal == 0 ? u : y;
                    ip.setf(u, row, slice.getf(vx, vy));
                    lab.set(u, row, lslice.get(vx, vy));
                }
            }
            v.imp.setCalibration(image.getCalibration().copy());
            v.imp.setDisplayRange(image.getDisplayRangeMin(), image.getDisplayRangeMax());
            LabelOverlay.State s = LabelOverlay.state(labels);
            Overlay overlay = new Overlay();
            if (s.visible) overlay.add(LabelOverlay.layer(lab, s));
            LabelOverlay.crosshair(overlay, (v.normal == 0 ? y : x) + 0.5, v.rowOfZ(z), ip.getWidth(), v.rows);
            v.imp.setOverlay(overlay);
            v.imp.updateAndDraw();
        }
    }
}
