package org.spinerad.plugins;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import org.spinerad.annotate.AnnotationFiles;
import org.spinerad.annotate.LabelStatistics;
import org.spinerad.image.LabelMap;
import org.spinerad.io.VolumeIO;
import org.spinerad.util.SpineRadException;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;

/**
 * Plugins › SpineRad › Annotate: manual label maps drawn with ImageJ's selection tools. The plugin argument picks the
 * command (see plugins.config); the label map is a companion stack {@code <title>-labels} ({@link LabelSession}).
 * <pre>{@code
 * run("New Label Map");
 * setSlice(12); makePolygon(40,30, 80,30, 80,60, 40,60); run("Add ROI to Label", "label=L3 paint=all brush=0");
 * setSlice(20); makeOval(45,32,30,25);                     run("Add ROI to Label", "label=L3 paint=all brush=0");
 * run("Interpolate Label", "label=L3 paint=all");
 * run("Label Statistics");
 * run("Save Label Map...", "save=/data/t1-labels.nii.gz");
 * }</pre>
 */
public class Annotate implements PlugIn {
    static final String NEW = "New Label Map", ADD = "Add ROI to Label", INTERPOLATE = "Interpolate Label",
            UNDO = "Undo Label Edit", REDO = "Redo Label Edit", SAVE = "Save Label Map...", OPEN = "Open Label Map...",
            STATISTICS = "Label Statistics";

    @Override
    public void run(String arg) {
        switch (arg) {
            case "new" -> CommandSupport.run(NEW, Annotate::newLabelMap);
            case "add" -> withParams(ADD, p -> p.addString("label (number or name)", "").addString("paint (all or background)", "all")
                    .addString("brush (radius in mm for line selections; 0: line width)", "0"), Annotate::addRoi);
            case "interpolate" -> withParams(INTERPOLATE, p -> p.addString("label (number, name or all)", "all")
                    .addString("paint (all or background)", "all"), Annotate::interpolate);
            case "undo" -> CommandSupport.run(UNDO, () -> undoRedo(UNDO, true));
            case "redo" -> CommandSupport.run(REDO, () -> undoRedo(REDO, false));
            case "save" -> withParams(SAVE, p -> p.addFile("save", defaultSaveName()), Annotate::save);
            case "open" -> CommandSupport.run(OPEN, () -> withParams(OPEN, p -> p.addFile("open", "").addImageChoice("image (to annotate)"), Annotate::open));
            case "statistics" -> CommandSupport.run(STATISTICS, Annotate::statistics);
            default -> IJ.error("SpineRad", "Unknown annotation command '" + arg + "'");
        }
    }

    private static void withParams(String command, java.util.function.UnaryOperator<MacroParams> fields,
                                   java.util.function.Consumer<MacroParams> body) {
        MacroParams p = fields.apply(new MacroParams(command));
        if (!p.show()) return;
        CommandSupport.run(command, () -> body.accept(p));
    }

    private static void newLabelMap() {
        ImagePlus image = CommandSupport.currentImage(NEW);
        if (image.getProp(LabelSession.IMAGE_TITLE) != null)
            throw new SpineRadException("'" + image.getTitle() + "' is already a label map; select the image to annotate");
        if (LabelSession.companionOf(image) != null)
            throw new SpineRadException("Image '" + image.getTitle() + "' already has the label map '" + image.getTitle()
                    + LabelSession.SUFFIX + "'; close it first to start a new one");
        LabelSession.attach(image, LabelMap.empty(ImagePlusAdapter.geometry(image)));
    }

    private static void addRoi(MacroParams p) {
        String labelText = p.nextString(), paint = p.nextString(), brush = p.nextString();
        ImagePlus current = CommandSupport.currentImage(ADD);
        Roi roi = current.getRoi();
        if (roi == null) throw new SpineRadException(ADD + " needs a selection on '" + current.getTitle() + "' (polygon, freehand, oval, brush or line)");
        LabelSession s = LabelSession.current(ADD);
        int label = s.label(labelText);
        double brushMm = parse(brush, "brush");
        int z = current.getCurrentSlice() - 1;
        s.editor.setPaintOverBackgroundOnly(LabelSession.backgroundOnly(paint));
        int changed = s.paintRoi(roi, z, label, brushMm);
        s.push();
        IJ.showStatus(ADD + ": " + changed + " voxels of " + s.editor.labels().name(label) + " on slice " + (z + 1));
    }

    private static double parse(String text, String what) {
        try {
            double v = text.isBlank() ? 0 : Double.parseDouble(text.trim());
            if (v < 0 || !Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new SpineRadException(what + " must be a number >= 0, got '" + text + "'");
        }
    }

    private static void interpolate(MacroParams p) {
        String labelText = p.nextString(), paint = p.nextString();
        LabelSession s = LabelSession.current(INTERPOLATE);
        s.editor.setPaintOverBackgroundOnly(LabelSession.backgroundOnly(paint));
        int changed = 0;
        if (labelText.isEmpty() || labelText.equalsIgnoreCase("all")) {
            for (int label : s.editor.labels().presentLabels())
                if (s.editor.annotatedSlices(label).length >= 2) changed += s.editor.interpolate(label);
        } else {
            changed = s.editor.interpolate(s.label(labelText));
        }
        s.push();
        IJ.log(INTERPOLATE + ": " + changed + " voxels filled");
    }

    private static void undoRedo(String command, boolean undo) {
        LabelSession s = LabelSession.current(command);
        String what = undo ? s.editor.nextUndo() : null;
        if (!(undo ? s.editor.undo() : s.editor.redo()))
            throw new SpineRadException("Nothing to " + (undo ? "undo" : "redo") + " on '" + s.labels.getTitle() + "'");
        s.push();
        IJ.showStatus(command + (what != null ? ": " + what : ""));
    }

    private static String defaultSaveName() {
        ImagePlus imp = ij.WindowManager.getCurrentImage();
        if (imp == null) return "labels.nii.gz";
        String imageTitle = imp.getProp(LabelSession.IMAGE_TITLE) != null ? imp.getProp(LabelSession.IMAGE_TITLE) : imp.getTitle();
        return VolumeIO.baseName(Path.of(imageTitle.isEmpty() ? "image" : imageTitle)) + LabelSession.SUFFIX + ".nii.gz";
    }

    private static void save(MacroParams p) {
        String file = p.nextString();
        if (file.isEmpty()) throw new SpineRadException(SAVE + " needs a file name (save=...)");
        LabelSession s = LabelSession.current(SAVE);
        Path path = Path.of(file);
        AnnotationFiles.save(s.sourceLabels(), path, s.order().source(), s.imageName());
        s.labels.changes = false;
        IJ.showStatus("Saved " + path);
    }

    private static void open(MacroParams p) {
        String file = p.nextString();
        if (file.isEmpty()) throw new SpineRadException(OPEN + " needs a file name (open=...)");
        ImagePlus image = ij.WindowManager.getImage(p.nextChoice());
        String annotated = image.getProp(LabelSession.IMAGE_TITLE);
        if (annotated != null) image = ij.WindowManager.getImage(annotated);
        if (image == null) throw new SpineRadException(OPEN + ": the image '" + annotated + "' is not open");
        String source = image.getProp(ImagePlusAdapter.META_PREFIX + "source");
        LabelMap map = AnnotationFiles.load(Path.of(file), ImagePlusAdapter.reorientation(image).source(),
                source != null ? source : "'" + image.getTitle() + "'");
        ImagePlus old = LabelSession.companionOf(image);
        if (old != null) {
            old.changes = false;
            old.close();
        }
        LabelSession.attachSourceOrder(image, map);
    }

    private static void statistics() {
        LabelSession s = LabelSession.current(STATISTICS);
        ResultsTable rt = ResultsTable.getResultsTable();
        rt.reset();
        for (LabelStatistics.Row row : LabelStatistics.of(s.editor.labels())) {
            rt.incrementCounter();
            rt.addValue("label", row.label());
            rt.addValue("name", row.name());
            rt.addValue("voxels", row.voxels());
            rt.addValue("volume_mm3", row.volumeMm3());
        }
        if (!GraphicsEnvironment.isHeadless()) rt.show("Results");
    }
}
