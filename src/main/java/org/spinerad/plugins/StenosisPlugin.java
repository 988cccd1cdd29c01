package org.spinerad.plugins;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ij.process.ColorProcessor;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.stenosis.learn.GradesTable;
import org.spinerad.stenosis.learn.MeasurementGrader;
import org.spinerad.stenosis.learn.StenosisTraining;
import org.spinerad.stenosis.learn.cnn.CnnTraining;
import org.spinerad.stenosis.measure.StenosisAnalysis;
import org.spinerad.stenosis.measure.StenosisOverlay;
import org.spinerad.stenosis.measure.StenosisThresholds;
import org.spinerad.util.Csv;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Plugins › SpineRad › Stenosis: "Measure Stenosis" (ResultsTable "Stenosis" with one row per level and side, and the
 * stack "Stenosis planes": the CT resliced in each oblique plane with the measured contours, plus a mid-sagittal view
 * with the plane traces), "Grade Stenosis" (adds the trained grader's grade) and "Train Stenosis Grader".
 * Macro: {@code run("Measure Stenosis", "ct=ct.nii.gz labels=seg.nii.gz thresholds=[] levels=[] output=/out/stenosis.csv");}
 * {@code run("Grade Stenosis", "ct=ct.nii.gz labels=seg.nii.gz model=/m/grader.json cnn=[/m/cnn] output=[]");}
 * {@code run("Train Stenosis Grader", "measurements=m.csv grades=g.csv output=/m folds=5 rater=[]");}
 */
public class StenosisPlugin implements PlugIn {
    private static volatile ResultsTable last;

    /** The table of the last Measure / Grade run. */
    public static ResultsTable lastTable() { return last; }

    @Override
    public void run(String arg) {
        switch (arg) {
            case "grade" -> CommandSupport.run("Grade Stenosis", () -> measure("Grade Stenosis", true));
            case "train" -> CommandSupport.run("Train Stenosis Grader", this::train);
            default -> CommandSupport.run("Measure Stenosis", () -> measure("Measure Stenosis", false));
        }
    }

    private void measure(String command, boolean grade) {
        ImagePlus current = WindowManager.getCurrentImage();
        MacroParams p = new MacroParams(command)
                .addString("CT (title or file)", current == null ? "" : current.getTitle())
                .addString("Labels (title or file)", "");
        if (grade) p.addFile("Model (grader.json)", "").addDirectory("CNN (folder of train-cnn, optional)", "");
        p.addFile("Thresholds (JSON; empty: built-in)", "")
                .addString("Levels (e.g. L4-L5,L5-S1; empty: all)", "")
                .addFile("Output CSV (optional)", "");
        if (!p.show()) return;
        String ct = p.nextString(), labels = p.nextString(), model = grade ? p.nextString() : "", cnn = grade ? p.nextString() : "";
        String thresholds = p.nextString(), levels = p.nextString(), output = p.nextString();
        Volume image = RadiomicsFeatures.volume(ct);
        LabelMap map = RadiomicsFeatures.labelMap(labels);
        MeasurementGrader grader = grade ? MeasurementGrader.read(Path.of(model)) : null;
        var r = StenosisAnalysis.run(image, ct, map, labels, thresholds.isEmpty() ? StenosisThresholds.defaults() : StenosisThresholds.read(Path.of(thresholds)),
                levels.isEmpty() ? List.of() : Arrays.stream(levels.split(",")).map(String::trim).toList(), CommandSupport.progress(command));
        List<String> columns = new ArrayList<>(StenosisAnalysis.COLUMNS);
        if (grade) columns.add("model_grade");
        Map<String, Integer> cnnGrades = cnn.isEmpty() ? Map.of() : CnnTraining.grade(image, map, Path.of(cnn), labels);
        if (!cnn.isEmpty()) columns.add("cnn_grade");
        ResultsTable rt = new ResultsTable();
        List<List<String>> cells = new ArrayList<>();
        for (Map<String, String> row : r.rows()) {
            rt.incrementCounter();
            List<String> line = new ArrayList<>();
            for (String c : columns) {
                Integer cg = cnnGrades.get(row.get("level") + "|" + row.get("side"));
                String v = c.equals("model_grade") ? grader.gradeRow(row) : c.equals("cnn_grade") ? (cg == null ? "" : cg.toString()) : row.get(c);
                line.add(v);
                try { rt.addValue(c, v.isEmpty() ? Double.NaN : Double.parseDouble(v)); } catch (NumberFormatException e) { rt.addValue(c, v); }
            }
            cells.add(line);
        }
        last = rt;
        if (!output.isEmpty()) new Csv(columns, cells).write(Path.of(output));
        CommandSupport.show(planes(image, map, r));
        if (!GraphicsEnvironment.isHeadless()) rt.show("Stenosis");
    }

    /** The figures of {@link StenosisOverlay} as an RGB stack, one slice per plane, labelled with its level. */
    static ImagePlus planes(Volume ct, LabelMap labels, StenosisAnalysis.Result r) {
        Map<String, BufferedImage> figures = StenosisOverlay.figures(ct, r.labels(), r);
        BufferedImage first = figures.values().iterator().next();
        ImageStack stack = new ImageStack(first.getWidth(), first.getHeight());
        for (var e : figures.entrySet()) {
            if (e.getKey().equals("sagittal")) continue;
            stack.addSlice(e.getKey(), new ColorProcessor(e.getValue()));
        }
        ImagePlus imp = new ImagePlus("Stenosis planes", stack);
        imp.setProperty("Info", "Oblique planes perpendicular to the canal centreline; cyan: canal, yellow: posterior elements, red: lateral recess depth");
        ImagePlus sagittal = new ImagePlus("Stenosis sagittal", new ColorProcessor(figures.get("sagittal")));
        CommandSupport.show(sagittal);
        return imp;
    }

    private void train() {
        MacroParams p = new MacroParams("Train Stenosis Grader")
                .addFile("Measurements (CSV of Stenosis Batch)", "")
                .addFile("Grades (CSV: patient_id, level, side, grade, rater)", "")
                .addDirectory("Output folder", "")
                .addString("Folds", "5")
                .addString("Rater (empty: median of raters)", "");
        if (!p.show()) return;
        Path measurements = Path.of(p.nextString()), grades = Path.of(p.nextString()), out = Path.of(p.nextString());
        String folds = p.nextString(), rater = p.nextString();
        Csv m = Csv.read(measurements);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < m.rowCount(); i++) rows.add(m.rowMap(i));
        int k;
        try { k = Integer.parseInt(folds); } catch (NumberFormatException e) { throw new org.spinerad.util.SpineRadException("folds '" + folds + "' is not a whole number"); }
        var r = StenosisTraining.run(rows, measurements.toString(), GradesTable.read(grades), rater.isEmpty() ? null : rater, k, 1, 2);
        r.model().write(out.resolve("grader.json"));
        r.cv().writeReport(out.resolve("report.html"));
        ij.IJ.log("Train Stenosis Grader: " + out.resolve("grader.json") + "; report " + out.resolve("report.html"));
    }
}
