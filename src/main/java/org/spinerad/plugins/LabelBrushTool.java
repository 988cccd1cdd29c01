package org.spinerad.plugins;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.ImageCanvas;
import ij.plugin.tool.PlugInTool;

import java.awt.event.MouseEvent;

/**
 * The label brush of the ImageJ toolbar: drag on an annotated image (or its orthogonal views) to paint the active
 * label as discs of the brush radius in mm, or to erase in eraser mode (Alt held also erases). One stroke is one
 * undo step. Double-click the tool icon for its options (radius, paint/erase).
 */
public final class LabelBrushTool extends PlugInTool {
    private double lastU = Double.NaN, lastV;
    private LabelSession session;
    private int dabs;

    /** Paints at a view pixel; returns the voxels changed. */
    int paintAt(ImagePlus imp, double px, double py, boolean erase) {
        OrthoViews.View view = imp.getProperty(OrthoViews.VIEW) instanceof OrthoViews.View v ? v : null;
        ImagePlus image = view != null ? view.owner().image : imp;
        // the stack is read into the editor once per stroke (it may have been edited with ImageJ's tools in between)
        if (session == null || session.image != image) session = LabelSession.of(image, LabelBrushTool.class.getSimpleName());
        LabelSession s = session;
        LabelOverlay.State st = LabelOverlay.state(s.labels);
        int normal, position;
        double u, v;
        if (view == null) {
            normal = 2;
            position = imp.getCurrentSlice() - 1;
            u = px - 0.5;
            v = py - 0.5;
        } else { // in-plane coordinates in increasing axis order
            normal = view.normal();
            position = view.owner().at[normal];
            double ch = view.alongH(px), cv = view.alongV(py);
            u = view.h() < view.v() ? ch : cv;
            v = view.h() < view.v() ? cv : ch;
        }
        int label = erase || st.erase ? 0 : st.activeLabel;
        int changed = 0;
        // dabs every half radius along the drag so a fast stroke has no gaps
        double step = Math.max(0.25, 0.5 * st.brushMm / s.editor.labels().geometry().spacing(normal == 0 ? 1 : 0));
        int n = Double.isNaN(lastU) ? 1 : Math.max(1, (int) Math.ceil(Math.hypot(u - lastU, v - lastV) / step));
        for (int k = 1; k <= n; k++) {
            double t = (double) k / n;
            double uu = Double.isNaN(lastU) ? u : lastU + t * (u - lastU), vv = Double.isNaN(lastU) ? v : lastV + t * (v - lastV);
            int c = s.editor.brushPlane(normal, position, uu, vv, st.brushMm, label);
            if (c > 0) dabs++;
            changed += c;
        }
        lastU = u;
        lastV = v;
        if (normal == 2) s.push(position, position); // an axial dab changes one slice
        else s.push();
        if (st.ortho != null) st.ortho.render();
        return changed;
    }

    /** Ends a stroke: its dabs become one undo step. */
    void endStroke() {
        if (dabs > 1 && session != null)
            session.editor.mergeLast(dabs, (LabelOverlay.state(session.labels).erase ? "erase" : "paint") + " brush stroke");
        dabs = 0;
        lastU = Double.NaN;
        session = null;
    }

    private void stroke(ImagePlus imp, MouseEvent e) {
        ImageCanvas c = imp.getCanvas();
        if (c == null) return;
        CommandSupport.run("Label Brush", () -> paintAt(imp, c.offScreenXD(e.getX()), c.offScreenYD(e.getY()), e.isAltDown()));
        e.consume();
    }

    @Override
    public void mousePressed(ImagePlus imp, MouseEvent e) {
        lastU = Double.NaN;
        dabs = 0;
        session = null;
        stroke(imp, e);
    }

    @Override
    public void mouseDragged(ImagePlus imp, MouseEvent e) { stroke(imp, e); }

    @Override
    public void mouseReleased(ImagePlus imp, MouseEvent e) { endStroke(); }

    @Override
    public void showOptionsDialog() { IJ.run("Label Brush Options..."); }

    @Override
    public String getToolName() { return "SpineRad label brush (double-click for size, paint/erase)"; }

    @Override
    public String getToolIcon() { return "C00fO11ccC000L0f5a"; }
}
