package org.spinerad.plugins;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;
import ij.gui.ImageWindow;
import ij.gui.Roi;
import ij.gui.Toolbar;
import ij.measure.Calibration;
import ij.plugin.PlugIn;
import ij.process.ImageStatistics;
import org.spinerad.annotate.LabelPalette;
import org.spinerad.util.SpineRadException;

import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Locale;

/**
 * Plugins › SpineRad › View and the label-overlay commands of Annotate: CT window presets, zoom to fill the window,
 * overlay opacity/visibility, the label palette (active label, ITK-SNAP label files), the label brush tool, erasing
 * inside a selection and the orthogonal views. The plugin argument picks the command (see plugins.config).
 */
public class Viewer implements PlugIn {
    static final String WINDOW = "Window Preset...", ZOOM = "Zoom to Window", OVERLAY = "Label Overlay...",
            TOGGLE = "Toggle Label Overlay", SELECT = "Select Label...", NEXT = "Next Label", PREVIOUS = "Previous Label",
            BRUSH = "Label Brush", BRUSH_OPTIONS = "Label Brush Options...", ERASE = "Erase ROI from Labels",
            IMPORT = "Import ITK-SNAP Labels...", EXPORT = "Export ITK-SNAP Labels...", ORTHO = "Orthogonal Label Views",
            PALETTE = "Label Palette";

    /** Window presets: name, level and width in HU; "mr_auto" and "full_range" come from the image's histogram. */
    enum Preset {
        SOFT_TISSUE(40, 400), BONE(400, 1800), SPINE(250, 1000), MR_AUTO(0, 0), FULL_RANGE(0, 0);
        final double level, width;

        Preset(double level, double width) {
            this.level = level;
            this.width = width;
        }

        String key() { return name().toLowerCase(Locale.ROOT); }

        static String[] keys() {
            return java.util.Arrays.stream(values()).map(Preset::key).toArray(String[]::new);
        }
    }

    @Override
    public void run(String arg) {
        switch (arg) {
            case "window" -> withParams(WINDOW, p -> p.addChoice("preset", Preset.keys(), "spine")
                    .addMessage("soft_tissue W400 L40, bone W1800 L400, spine W1000 L250 (HU);\n"
                            + "mr_auto: 0.5-99.5 % of the stack's values; full_range: min-max"),
                    p -> applyPreset(shownImage(CommandSupport.currentImage(WINDOW)), Preset.valueOf(p.nextChoice().toUpperCase(Locale.ROOT))));
            case "zoom" -> CommandSupport.run(ZOOM, () -> zoomToWindow(CommandSupport.currentImage(ZOOM)));
            case "overlay" -> CommandSupport.run(OVERLAY, () -> {
                LabelSession s = LabelSession.current(OVERLAY);
                LabelOverlay.State st = LabelOverlay.state(s.labels);
                MacroParams p = new MacroParams(OVERLAY).addNumber("opacity", Math.round(st.opacity * 100), 0, 100, "% (default 50)")
                        .addCheckbox("show", st.visible);
                if (!p.show()) return;
                st.opacity = p.nextNumber() / 100;
                st.visible = p.nextBoolean();
                redraw(s);
            });
            case "toggle" -> CommandSupport.run(TOGGLE, () -> {
                LabelSession s = LabelSession.current(TOGGLE);
                LabelOverlay.State st = LabelOverlay.state(s.labels);
                st.visible = !st.visible;
                redraw(s);
            });
            case "select" -> CommandSupport.run(SELECT, () -> {
                LabelSession s = LabelSession.current(SELECT);
                LabelOverlay.State st = LabelOverlay.state(s.labels);
                String[] names = st.palette.names().values().toArray(String[]::new);
                MacroParams p = new MacroParams(SELECT).addChoice("label", names, st.palette.names().getOrDefault(st.activeLabel, names[0]));
                if (!p.show()) return;
                st.activeLabel = s.label(p.nextChoice());
                status(s);
            });
            case "next", "previous" -> {
                String command = arg.equals("next") ? NEXT : PREVIOUS;
                CommandSupport.run(command, () -> {
                    LabelSession s = LabelSession.current(command);
                    LabelOverlay.State st = LabelOverlay.state(s.labels);
                    java.util.TreeSet<Integer> labels = new java.util.TreeSet<>(st.palette.entries().keySet());
                    Integer to = arg.equals("next") ? labels.higher(st.activeLabel) : labels.lower(st.activeLabel);
                    if (to != null) st.activeLabel = to;
                    status(s);
                });
            }
            case "brush" -> CommandSupport.run(BRUSH, () -> {
                if (brushOptions()) installTool();
            });
            case "brush_options" -> CommandSupport.run(BRUSH_OPTIONS, Viewer::brushOptions);
            case "erase" -> CommandSupport.run(ERASE, Viewer::eraseRoi);
            case "import" -> withParams(IMPORT, p -> p.addFile("open (ITK-SNAP label description .txt)", ""), p -> {
                String file = p.nextString();
                LabelSession s = LabelSession.current(IMPORT);
                LabelPalette read = LabelPalette.readItkSnap(Path.of(file));
                LabelOverlay.State st = LabelOverlay.state(s.labels);
                read.entries().forEach((k, v) -> {
                    st.palette.put(k, v);
                    s.editor.labels().setName(k, v.name());
                });
                s.labels.setProp(ImagePlusAdapter.LABEL_NAMES, ImagePlusAdapter.encodeNames(s.editor.labels().names()));
                if (s.labels.getBitDepth() == 8) s.labels.setLut(LabelSession.labelColours(st.palette));
                redraw(s);
            });
            case "export" -> withParams(EXPORT, p -> p.addFile("save (ITK-SNAP label description .txt)", "labels.txt"), p -> {
                String file = p.nextString();
                LabelSession s = LabelSession.current(EXPORT);
                LabelPalette out = new LabelPalette();
                LabelPalette palette = LabelOverlay.state(s.labels).palette;
                // the map's own labels and names, in the palette's colours
                s.editor.labels().names().forEach((k, name) -> {
                    LabelPalette.Entry e = palette.get(k);
                    int rgb = palette.rgb(k);
                    out.put(k, new LabelPalette.Entry(rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255, e != null ? e.alpha() : 1,
                            e == null || e.visible(), e == null || e.meshVisible(), name));
                });
                for (int k : s.editor.labels().presentLabels()) if (out.get(k) == null) out.put(k, s.editor.labels().name(k));
                out.writeItkSnap(Path.of(file));
            });
            case "ortho" -> CommandSupport.run(ORTHO, () -> {
                LabelSession s = LabelSession.current(ORTHO);
                if (s.image == null) throw new SpineRadException(ORTHO + ": the annotated image is not open");
                OrthoViews o = OrthoViews.open(s.image, s.labels);
                if (!GraphicsEnvironment.isHeadless()) {
                    for (OrthoViews.View v : o.views()) zoom(v.imp(), 0.4, 0.42);
                }
            });
            case "palette" -> CommandSupport.run(PALETTE, () -> {
                LabelSession s = LabelSession.current(PALETTE);
                if (!GraphicsEnvironment.isHeadless()) PaletteWindow.show(s.labels);
            });
            default -> IJ.error("SpineRad", "Unknown viewer command '" + arg + "'");
        }
    }

    /** The image an orthogonal view belongs to, else the image itself. */
    private static ImagePlus shownImage(ImagePlus imp) {
        return imp.getProperty(OrthoViews.VIEW) instanceof OrthoViews.View v ? v.owner().image : imp;
    }

    private static void withParams(String command, java.util.function.UnaryOperator<MacroParams> fields,
                                   java.util.function.Consumer<MacroParams> body) {
        CommandSupport.run(command, () -> {
            MacroParams p = fields.apply(new MacroParams(command));
            if (p.show()) body.accept(p);
        });
    }

    private static void redraw(LabelSession s) {
        if (s.image != null) LabelOverlay.draw(s.image, s.labels);
        LabelOverlay.State st = LabelOverlay.state(s.labels);
        if (st.ortho != null) st.ortho.render();
    }

    private static void status(LabelSession s) {
        LabelOverlay.State st = LabelOverlay.state(s.labels);
        IJ.showStatus("Active label: " + st.activeLabel + " " + s.editor.labels().name(st.activeLabel));
    }

    /** Brush radius (mm) and mode; false when cancelled. */
    private static boolean brushOptions() {
        LabelSession s = LabelSession.current(BRUSH);
        LabelOverlay.State st = LabelOverlay.state(s.labels);
        MacroParams p = new MacroParams(BRUSH_OPTIONS)
                .addNumber("radius (mm)", st.brushMm, 0.1, 200, "mm (default 3: a 6 mm disc)")
                .addChoice("mode", new String[]{"paint", "erase"}, st.erase ? "erase" : "paint");
        if (!p.show()) return false;
        st.brushMm = p.nextNumber();
        st.erase = p.nextChoice().equals("erase");
        return true;
    }

    /** Puts the label brush on the toolbar (selected) and installs the annotation shortcuts. */
    static void installTool() {
        if (GraphicsEnvironment.isHeadless() || Toolbar.getInstance() == null) return;
        if (!(Toolbar.getPlugInTool() instanceof LabelBrushTool)) Toolbar.addPlugInTool(new LabelBrushTool());
        installShortcuts();
    }

    /** Keys: [ and ] previous/next label; Shift+X undo, Shift+R redo, Shift+I interpolate, Shift+O overlay on/off. */
    @SuppressWarnings("unchecked")
    static void installShortcuts() {
        Hashtable<Integer, String> keys = Menus.getShortcuts();
        keys.put(KeyEvent.VK_OPEN_BRACKET, PREVIOUS);
        keys.put(KeyEvent.VK_CLOSE_BRACKET, NEXT);
        keys.put(KeyEvent.VK_X + 200, Annotate.UNDO);
        keys.put(KeyEvent.VK_R + 200, Annotate.REDO);
        keys.put(KeyEvent.VK_I + 200, Annotate.INTERPOLATE);
        keys.put(KeyEvent.VK_O + 200, TOGGLE);
    }

    private static void eraseRoi() {
        ImagePlus current = CommandSupport.currentImage(ERASE);
        Roi roi = current.getRoi();
        if (roi == null || !roi.isArea()) throw new SpineRadException(ERASE + " needs an area selection on '" + current.getTitle() + "'");
        LabelSession s = LabelSession.current(ERASE);
        int changed = s.paintRoi(roi, current.getCurrentSlice() - 1, 0, 0);
        s.push();
        IJ.showStatus(ERASE + ": " + changed + " voxels cleared");
    }

    /** Display range of a preset (stored pixel values, so 16-bit signed CT uses its calibration). */
    static void applyPreset(ImagePlus imp, Preset preset) {
        Calibration cal = imp.getCalibration();
        double lo, hi;
        switch (preset) {
            case MR_AUTO, FULL_RANGE -> {
                double[] range = stackRange(imp, preset == Preset.MR_AUTO ? 0.005 : 0);
                lo = range[0];
                hi = range[1];
            }
            default -> {
                lo = cal.getRawValue(preset.level - preset.width / 2);
                hi = cal.getRawValue(preset.level + preset.width / 2);
            }
        }
        imp.setDisplayRange(lo, hi);
        imp.updateAndDraw();
        LabelOverlay.State st = overlayState(imp);
        if (st != null && st.ortho != null) st.ortho.render();
    }

    private static LabelOverlay.State overlayState(ImagePlus imp) {
        ImagePlus labels = LabelSession.companionOf(imp);
        return labels != null ? LabelOverlay.state(labels) : null;
    }

    /** Stored-value range of the whole stack between the given tail fractions (a 4096-bin histogram). */
    static double[] stackRange(ImagePlus imp, double tail) {
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        var stack = imp.getStack();
        for (int z = 1; z <= stack.getSize(); z++) {
            ImageStatistics st = stack.getProcessor(z).getStats();
            min = Math.min(min, st.min);
            max = Math.max(max, st.max);
        }
        if (tail <= 0 || max <= min) return new double[]{min, max};
        long[] hist = new long[4096];
        long n = 0;
        for (int z = 1; z <= stack.getSize(); z++) {
            var ip = stack.getProcessor(z);
            for (int i = 0, len = ip.getPixelCount(); i < len; i++) {
                hist[(int) Math.min(4095, (ip.getf(i) - min) / (max - min) * 4095)]++;
                n++;
            }
        }
        double[] out = new double[2];
        long acc = 0;
        int b = 0;
        for (; b < 4096 && (acc += hist[b]) < tail * n; b++) { /* lower tail */ }
        out[0] = min + b * (max - min) / 4095;
        acc = 0;
        for (b = 4095; b > 0 && (acc += hist[b]) < tail * n; b--) { /* upper tail */ }
        out[1] = min + (b + 1) * (max - min) / 4095;
        return out;
    }

    /** Opens an image for viewing: CT in the spine window, MR in the automatic window, zoomed to fill a window. */
    static void display(ImagePlus imp) {
        boolean ct = imp.getBitDepth() != 24 && imp.getCalibration().getCValue(stackRange(imp, 0)[0]) < -500;
        applyPreset(imp, ct ? Preset.SPINE : Preset.MR_AUTO);
        CommandSupport.show(imp);
        if (imp.getWindow() != null) zoomToWindow(imp);
    }

    /** Magnifies the image to fill about 60 % of the screen's height (or 45 % of its width). */
    static void zoomToWindow(ImagePlus imp) { zoom(imp, 0.45, 0.6); }

    /** Magnifies the image to the given fractions of the screen's width or height, whichever is reached first. */
    static void zoom(ImagePlus imp, double widthFraction, double heightFraction) {
        ImageWindow win = imp.getWindow();
        if (win == null) return;
        Rectangle screen = GUI.screenBounds(win);
        double mag = Math.min(widthFraction * screen.width / imp.getWidth(), heightFraction * screen.height / imp.getHeight());
        win.setLocationAndSize(win.getX(), win.getY(), (int) (imp.getWidth() * mag), (int) (imp.getHeight() * mag));
    }

    private static final class GUI {
        static Rectangle screenBounds(java.awt.Window w) {
            return ij.gui.GUI.getScreenBounds(w);
        }
    }
}
