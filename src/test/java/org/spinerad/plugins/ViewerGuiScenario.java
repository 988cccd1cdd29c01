package org.spinerad.plugins;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.ImageCanvas;
import ij.plugin.frame.Recorder;
import org.spinerad.testutil.HeadlessMacro;

import javax.imageio.ImageIO;
import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Runs SpineRad's viewer in a real ImageJ window (needs a display, e.g. Xvfb; started by {@link ViewerGuiTest} in its
 * own JVM) and drives it like an annotator: mouse strokes with the label brush through {@link Robot}, keyboard
 * shortcuts, the orthogonal views, and each new dialog filled in, recorded by ImageJ's Recorder and replayed as a macro.
 * Writes what it saw to {@code result.properties} in the output folder; with "screenshots" also PNGs of the screen.
 * Args: output folder, CT, [MR, MR labels, CT labels, "screenshots", CT ITK-SNAP labels, MR ITK-SNAP labels].
 */
public final class ViewerGuiScenario {
    private final Properties out = new Properties();
    private final Path dir;
    private final Robot robot;

    private ViewerGuiScenario(Path dir) throws Exception {
        this.dir = dir;
        robot = new Robot();
        robot.setAutoDelay(15);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ViewerGuiScenario s = new ViewerGuiScenario(dir);
        int rc = 0;
        try {
            new ImageJ();
            ij.Prefs.useJFileChooser = true; // a Swing chooser the scenario can drive
            HeadlessMacro.registerCommands(HeadlessMacro.pluginsConfig());
            if (args.length > 5 && args[5].equals("screenshots")) s.screenshots(args);
            else s.run(Path.of(args[1]));
        } catch (Throwable t) {
            t.printStackTrace();
            s.out.setProperty("error", String.valueOf(t));
            rc = 1;
        } finally {
            try (OutputStream o = Files.newOutputStream(dir.resolve("result.properties"))) {
                s.out.store(o, "viewer GUI scenario");
            }
            System.exit(rc);
        }
    }

    private void put(String key, Object value) { out.setProperty(key, String.valueOf(value)); }

    private void settle() throws Exception {
        robot.waitForIdle();
        Thread.sleep(300);
        java.awt.EventQueue.invokeAndWait(() -> {});
    }

    private void run(Path ct) throws Exception {
        IJ.run("Open NIfTI...", "open=[" + ct + "]");
        settle();
        ImagePlus imp = WindowManager.getCurrentImage();
        put("title", imp.getTitle());
        put("magnification", imp.getCanvas().getMagnification());
        put("displayMin", imp.getCalibration().getCValue(imp.getDisplayRangeMin()));
        put("displayMax", imp.getCalibration().getCValue(imp.getDisplayRangeMax()));
        imp.setSlice(56);
        IJ.run("New Label Map");
        IJ.run("Label Brush", "radius=6 mode=paint");
        IJ.run("Select Label...", "label=L3");
        put("tool", ij.gui.Toolbar.getToolName());
        settle();
        LabelSession session = LabelSession.of(imp, "test");

        // a brush stroke on the axial slice from image pixel (40, 50) to (70, 50)
        double[] from = {40, 50}, to = {70, 50};
        double[] got = drag(imp, from, to);
        put("stroke", got[0] + "," + got[1] + "," + got[2] + "," + got[3]);
        settle();
        session = LabelSession.of(imp, "test");
        var labels = session.editor.labels();
        put("axial.count", labels.count(3));
        put("axial.undoSteps", session.editor.undoSteps());
        put("axial.voxels", voxels(labels, 3));
        var g = labels.geometry();
        double[] mid = g.indexToWorld((got[0] + got[2]) / 2 - 0.5, (got[1] + got[3]) / 2 - 0.5, 55);
        put("axial.midWorldLps", mid[0] + "," + mid[1] + "," + mid[2]);
        IJ.run("Save Label Map...", "save=[" + dir.resolve("brush-labels.nii.gz") + "]");
        put("overlay", imp.getOverlay() != null && imp.getOverlay().size() > 0);

        // keyboard shortcuts on the image window: ] next label, Shift+X undo, Shift+R redo
        imp.getWindow().toFront();
        imp.getCanvas().requestFocus();
        settle();
        key(KeyEvent.VK_CLOSE_BRACKET, false);
        put("key.next", LabelOverlay.state(session.labels).activeLabel);
        key(KeyEvent.VK_X, true);
        put("key.undoCount", LabelSession.of(imp, "test").editor.labels().count(3));
        key(KeyEvent.VK_R, true);
        put("key.redoCount", LabelSession.of(imp, "test").editor.labels().count(3));
        key(KeyEvent.VK_O, true);
        put("key.toggle", LabelOverlay.state(session.labels).visible + "," + (imp.getOverlay() == null));
        key(KeyEvent.VK_O, true);
        put("key.toggleBack", LabelOverlay.state(session.labels).visible);
        // the legend: a click on a row makes its label the active one
        IJ.run("Label Palette");
        settle();
        PaletteWindow legend = null;
        for (Window w : Window.getWindows()) if (w instanceof PaletteWindow p && p.isShowing()) legend = p;
        java.awt.Component rows = legend.getComponent(0);
        Point onScreen = rows.getLocationOnScreen();
        robot.mouseMove(onScreen.x + 60, onScreen.y + legend.rowY(5) + 9); // the L5 row
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        settle();
        put("legend.click", LabelOverlay.state(session.labels).activeLabel);
        legend.dispose();
        IJ.run("Select Label...", "label=psoas_L");

        // orthogonal views: a vertical stroke in the coronal view paints across slices in plane y = crosshair
        IJ.run("Orthogonal Label Views");
        settle();
        OrthoViews o = LabelOverlay.state(session.labels).ortho;
        OrthoViews.View coronal = o.views()[1];
        put("ortho.titles", o.views()[0].imp().getTitle() + "|" + coronal.imp().getTitle());
        put("ortho.crosshair", o.at[0] + "," + o.at[1] + "," + o.at[2]);
        put("ortho.coronalSize", coronal.width() + "x" + coronal.height());
        double[] c = drag(coronal.imp(), new double[]{coronal.width() * 0.3, coronal.height() * 0.3},
                new double[]{coronal.width() * 0.3, coronal.height() * 0.7});
        settle();
        var after = LabelSession.of(imp, "test").editor.labels();
        put("ortho.count", after.count(21));
        put("ortho.voxels", voxels(after, 21));
        put("ortho.sagittalOverlay", o.views()[0].imp().getOverlay().size());
        put("ortho.strokeStart", coronal.alongH(c[0]) + "," + coronal.alongV(c[1]));
        put("ortho.strokeEnd", coronal.alongH(c[2]) + "," + coronal.alongV(c[3]));
        put("ortho.coronalAxes", coronal.h() + "," + coronal.v());

        recordAndReplay(imp);
    }

    /** Label voxels as "x y z;..." on the display grid. */
    private static String voxels(org.spinerad.image.LabelMap m, int label) {
        StringBuilder sb = new StringBuilder();
        var g = m.geometry();
        for (int z = 0; z < g.nz(); z++)
            for (int y = 0; y < g.ny(); y++)
                for (int x = 0; x < g.nx(); x++) if (m.get(x, y, z) == label) sb.append(x).append(' ').append(y).append(' ').append(z).append(';');
        return sb.toString();
    }

    /** Drags the mouse between two image pixel positions of a window; returns the image positions the canvas saw. */
    private double[] drag(ImagePlus imp, double[] from, double[] to) throws Exception {
        ImageCanvas c = imp.getCanvas();
        Point at = c.getLocationOnScreen();
        int x0 = at.x + c.screenXD(from[0]), y0 = at.y + c.screenYD(from[1]);
        int x1 = at.x + c.screenXD(to[0]), y1 = at.y + c.screenYD(to[1]);
        robot.mouseMove(x0, y0);
        settle();
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        for (int k = 1; k <= 12; k++) robot.mouseMove(x0 + (x1 - x0) * k / 12, y0 + (y1 - y0) * k / 12);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        settle();
        return new double[]{c.offScreenXD(x0 - at.x), c.offScreenYD(y0 - at.y), c.offScreenXD(x1 - at.x), c.offScreenYD(y1 - at.y)};
    }

    private void key(int code, boolean shift) throws Exception {
        if (shift) robot.keyPress(KeyEvent.VK_SHIFT);
        robot.keyPress(code);
        robot.keyRelease(code);
        if (shift) robot.keyRelease(KeyEvent.VK_SHIFT);
        settle();
        Thread.sleep(500); // the command runs in ImageJ's own thread
    }

    /** Each new widget: filled in a real dialog, recorded, state reset, replayed from the recorded macro line. */
    private void recordAndReplay(ImagePlus imp) throws Exception {
        new Recorder(false);
        Recorder.record = true;
        LabelOverlay.State st = LabelOverlay.state(LabelSession.companionOf(imp));
        Path exported = dir.resolve("exported-labels.txt");
        roundTrip("Window Preset...", gd -> ((Choice) gd.getChoices().get(0)).select("bone"),
                () -> imp.getDisplayRangeMin() + "," + imp.getDisplayRangeMax(), () -> Viewer.applyPreset(imp, Viewer.Preset.FULL_RANGE));
        roundTrip("Label Overlay...", gd -> {
            ((TextField) gd.getNumericFields().get(0)).setText("30");
            ((Checkbox) gd.getCheckboxes().get(0)).setState(false);
        }, () -> st.opacity + "," + st.visible, () -> { st.opacity = 0.9; st.visible = true; });
        roundTrip("Label Brush Options...", gd -> {
            ((TextField) gd.getNumericFields().get(0)).setText("4.5");
            ((Choice) gd.getChoices().get(0)).select("erase");
        }, () -> st.brushMm + "," + st.erase, () -> { st.brushMm = 1; st.erase = false; });
        roundTrip("Select Label...", gd -> ((Choice) gd.getChoices().get(0)).select("L3-L4"),
                () -> String.valueOf(st.activeLabel), () -> st.activeLabel = 1);
        roundTrip("Export ITK-SNAP Labels...", gd -> ((TextField) gd.getStringFields().get(0)).setText(exported.toString()),
                () -> read(exported), () -> { try { Files.deleteIfExists(exported); } catch (IOException e) { throw new RuntimeException(e); } });
        IJ.selectWindow(imp.getID());
        roundTrip("Radiomics Features", gd -> {
            ((Choice) gd.getChoices().get(0)).select(imp.getTitle());
            ((Choice) gd.getChoices().get(1)).select(imp.getTitle() + LabelSession.SUFFIX);
            ((TextField) gd.getStringFields().get(5)).setText("firstorder"); // families
        }, () -> {
            var t = RadiomicsFeatures.lastTable();
            return t == null ? "none" : t.size() + " rows: " + t.getRowAsString(0);
        }, () -> RadiomicsFeatures.clearLastTable());
        IJ.selectWindow(imp.getID());
        ImagePlus labels = LabelSession.companionOf(imp);
        labels.changes = false;
        IJ.run("Save Label Map...", "save=[" + dir.resolve("reopen-labels.nii.gz") + "]");
        roundTrip("Open Label Map...", gd -> {
            ((TextField) gd.getStringFields().get(0)).setText(dir.resolve("reopen-labels.nii.gz").toString());
            ((Choice) gd.getChoices().get(0)).select(imp.getTitle());
        }, () -> {
            ImagePlus l = LabelSession.companionOf(imp);
            return l == null ? "none" : String.valueOf(LabelSession.of(imp, "test").editor.labels().count(3));
        }, () -> {
            ImagePlus l = LabelSession.companionOf(imp);
            if (l != null) { l.changes = false; l.close(); }
        });
        riskDialogs();
        Recorder.record = false;
    }

    /**
     * Train Risk Model with two learners ticked (mouse clicks on the learner boxes), then Predict Risk with the
     * features added by its Browse button (a real file chooser); the report opener records what it was asked to open.
     */
    private void riskDialogs() throws Exception {
        Path cohort = Files.createDirectories(dir.resolve("cohort")), run = dir.resolve("risk");
        org.spinerad.predict.RiskCohortFiles.write(cohort, 51);
        java.util.List<String> opened = new java.util.ArrayList<>();
        TrainRiskModel.browser = opened::add;
        roundTripOffEdt("Train Risk Model", gd -> {
            java.awt.EventQueue.invokeAndWait(() -> {
                var text = gd.getStringFields();
                ((TextField) text.get(0)).setText(cohort.resolve("clinical.csv").toString());
                ((TextField) text.get(1)).setText("Rad=" + cohort.resolve("radiomics.csv"));
                ((TextField) text.get(4)).setText("age");
                ((TextField) text.get(6)).setText(run.toString());
                ((TextField) gd.getNumericFields().get(0)).setText("3");
            });
            for (Checkbox box : components(gd, Checkbox.class))
                if (!box.getLabel().equals("LR") && !box.getLabel().equals("GNB")) click(box);
            put("train.learnersField", ((TextField) gd.getStringFields().get(5)).getText());
        }, () -> {
            Path table = run.resolve("comparison_Rad-sign.csv");
            if (!Files.exists(table)) return "none";
            var csv = org.spinerad.util.Csv.read(table);
            return String.join(",", csv.rows().stream().map(row -> row.get(0)).sorted().toList());
        }, () -> deleteTree(run));
        put("train.opened", String.join("|", opened));
        roundTripOffEdt("Predict Risk", gd -> {
            java.awt.EventQueue.invokeAndWait(() -> {
                ((TextField) gd.getStringFields().get(0)).setText(run.resolve("model.json").toString());
                ((TextField) gd.getStringFields().get(2)).setText(cohort.resolve("clinical.csv").toString());
            });
            Button browse = components(gd, Button.class).stream().filter(b -> b.getLabel().equals(MacroParams.ADD_FILE)).findFirst().orElseThrow();
            java.awt.EventQueue.invokeLater(() -> browse.dispatchEvent(new ActionEvent(browse, ActionEvent.ACTION_PERFORMED, browse.getLabel())));
            javax.swing.JFileChooser chooser = waitForChooser();
            java.awt.EventQueue.invokeAndWait(() -> {
                chooser.setSelectedFile(cohort.resolve("radiomics.csv").toFile());
                chooser.approveSelection();
            });
            settle();
            put("predict.featuresField", ((TextField) gd.getStringFields().get(1)).getText());
        }, () -> {
            var t = ij.measure.ResultsTable.getResultsTable();
            return t.size() == 0 ? "none" : t.size() + " rows, first " + t.getStringValue("Patient", 0) + " " + t.getValue("Probability", 0);
        }, () -> ij.measure.ResultsTable.getResultsTable().reset());
    }

    private void click(java.awt.Component c) throws Exception {
        Point p = c.getLocationOnScreen();
        robot.mouseMove(p.x + 6, p.y + c.getHeight() / 2);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        settle();
    }

    private static <T> java.util.List<T> components(java.awt.Container root, Class<T> type) {
        java.util.List<T> found = new java.util.ArrayList<>();
        for (java.awt.Component c : root.getComponents()) {
            if (type.isInstance(c)) found.add(type.cast(c));
            if (c instanceof java.awt.Container k) found.addAll(components(k, type));
        }
        return found;
    }

    private static javax.swing.JFileChooser waitForChooser() throws Exception {
        for (int i = 0; i < 100; i++) {
            for (Window w : Window.getWindows())
                if (w.isShowing() && w instanceof javax.swing.JDialog d) {
                    var c = components(d.getContentPane(), javax.swing.JFileChooser.class);
                    if (!c.isEmpty()) return c.get(0);
                }
            Thread.sleep(100);
        }
        throw new AssertionError("the file chooser did not open");
    }

    private static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing to delete
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "missing";
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** Fills a dialog from the scenario's thread (mouse and file choosers need it off the event thread). */
    private interface Fill { void accept(GenericDialog gd) throws Exception; }

    private void roundTrip(String command, Consumer<GenericDialog> fill, java.util.function.Supplier<String> state, Runnable reset) throws Exception {
        roundTripOffEdt(command, gd -> java.awt.EventQueue.invokeAndWait(() -> fill.accept(gd)), state, reset);
    }

    private void roundTripOffEdt(String command, Fill fill, java.util.function.Supplier<String> state, Runnable reset) throws Exception {
        String before = Recorder.getInstance().getText();
        IJ.doCommand(command);
        GenericDialog gd = waitForDialog(command);
        fill.accept(gd);
        Button ok = gd.getButtons()[0];
        java.awt.EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, "OK")));
        waitGone(gd);
        for (int i = 0; i < 600 && Recorder.getInstance().getText().length() == before.length(); i++) Thread.sleep(100); // recorded when done
        settle();
        String recorded = Recorder.getInstance().getText().substring(before.length()).strip();
        String key = command.replaceAll("[^A-Za-z]", "");
        put("rec." + key + ".macro", recorded);
        String dialogState = state.get();
        put("rec." + key + ".dialog", dialogState);
        reset.run();
        put("rec." + key + ".reset", state.get());
        Recorder.record = false;
        IJ.runMacro(recorded);
        settle();
        Recorder.record = true;
        put("rec." + key + ".replay", state.get());
    }

    private static GenericDialog waitForDialog(String title) throws Exception {
        for (int i = 0; i < 100; i++) {
            for (Window w : Window.getWindows())
                if (w instanceof GenericDialog gd && gd.isShowing() && title.equals(gd.getTitle())) return gd;
            Thread.sleep(100);
        }
        throw new AssertionError("dialog '" + title + "' did not open");
    }

    private static void waitGone(Window w) throws Exception {
        for (int i = 0; i < 100 && w.isShowing(); i++) Thread.sleep(50);
    }

    /** Screenshots for docs/annotation.md: CT and MR with label overlays, orthogonal views, palette. */
    private void screenshots(String[] args) throws Exception {
        ImagePlus imp = openAnnotated(Path.of(args[1]), 60, Path.of(args[4]), args[6]);
        for (Window w : Window.getWindows()) if (w instanceof PaletteWindow) w.setLocation(imp.getWindow().getWidth() + 20, 10);
        IJ.getInstance().setLocation(10, imp.getWindow().getHeight() + 20);
        shot("viewer-ct-overlay.png");
        orthoShot(imp, "ortho-ct.png");
        IJ.run("Close All");
        closePalettes();
        orthoShot(openAnnotated(Path.of(args[2]), 12, Path.of(args[3]), args[7]), "ortho-mr.png");
        put("screenshots", "done");
    }

    /** Opens an image at a slice with its label map, ITK-SNAP names and colours, and the legend. */
    private ImagePlus openAnnotated(Path image, int slice, Path labels, String itkSnap) throws Exception {
        IJ.run("Open NIfTI...", "open=[" + image + "]");
        ImagePlus imp = WindowManager.getCurrentImage();
        imp.getWindow().setLocation(10, 10);
        imp.setSlice(slice);
        IJ.run("Open Label Map...", "open=[" + labels + "] image=[" + imp.getTitle() + "]");
        IJ.run("Import ITK-SNAP Labels...", "open=[" + itkSnap + "]");
        hideCompanion(imp);
        IJ.run("Label Palette");
        return imp;
    }

    private void orthoShot(ImagePlus imp, String name) throws Exception {
        IJ.run("Orthogonal Label Views");
        arrangeOrtho(imp);
        shot(name);
    }

    private static void hideCompanion(ImagePlus imp) {
        ImagePlus l = LabelSession.companionOf(imp);
        if (l != null && l.getWindow() != null) l.getWindow().setLocation(3000, 3000); // off screen
    }

    private static void closePalettes() {
        for (Window w : Window.getWindows()) if (w instanceof PaletteWindow) w.dispose();
    }

    /** Image top left, reslices to its right, the legend beside them, ImageJ's bar below the image. */
    private static void arrangeOrtho(ImagePlus imp) {
        OrthoViews o = LabelOverlay.state(LabelSession.companionOf(imp)).ortho;
        Rectangle b = imp.getWindow().getBounds();
        int x = b.x + b.width + 10;
        var first = o.views()[0].imp().getWindow();
        first.setLocation(x, 10);
        o.views()[1].imp().getWindow().setLocation(x, 10 + first.getHeight() + 10);
        int right = x + Math.max(first.getWidth(), o.views()[1].imp().getWindow().getWidth()) + 10;
        for (Window w : Window.getWindows()) if (w instanceof PaletteWindow) w.setLocation(right, 10);
        IJ.getInstance().setLocation(10, b.y + b.height + 10);
    }

    private void shot(String name) throws Exception {
        settle();
        Thread.sleep(800);
        Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
        ImageIO.write(robot.createScreenCapture(screen), "png", dir.resolve(name).toFile());
    }
}
