package org.spinerad.stenosis.learn;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.spinerad.predict.learners.Model;
import org.spinerad.predict.learners.Models;
import org.spinerad.predict.learners.TreeEnsemble;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measurement-based stenosis grader: the project's random forest on the measurements of a level (central canal) or a
 * side (lateral recess), ordinal by Frank &amp; Hall's decomposition into the binary forests P(grade &ge; k), k = 1..3
 * (class probabilities P(k) = P(&ge; k) - P(&ge; k+1) of the monotone-clamped cumulative ones). Missing measurements are
 * replaced by the training median. Saved as plain JSON (never Java serialisation).
 */
public final class MeasurementGrader {
    public static final String FORMAT = "spinerad-stenosis-grader", KIND = "measurement-rf";
    public static final List<String> CENTRAL_FEATURES = List.of("ct_canal_area_mm2", "ap_diameter_mm", "interfacet_mm", "listhesis_mm", "disc_height_mm");
    public static final List<String> RECESS_FEATURES = List.of("recess_depth_mm", "recess_angle_deg");
    static final Map<String, Double> FOREST = Map.of("n_estimators", 200.0, "max_depth", 0.0);

    /** One task's model: per-feature medians and the cumulative forests (null where that split had one class: constant). */
    record Task(List<String> features, double[] medians, Model[] forests, double[] constant) {
        double[] cumulative(double[] row) {
            double[] x = row.clone();
            for (int j = 0; j < x.length; j++) if (Double.isNaN(x[j])) x[j] = medians[j];
            double[] p = new double[4];
            p[0] = 1;
            for (int k = 1; k <= 3; k++) p[k] = forests[k - 1] == null ? constant[k - 1] : forests[k - 1].predictProba(new double[][]{x})[0];
            for (int k = 1; k <= 3; k++) p[k] = Math.min(p[k], p[k - 1]); // monotone
            return p;
        }

        int grade(double[] row) {
            double[] c = cumulative(row);
            int best = 0;
            double bestP = -1;
            for (int k = 0; k <= 3; k++) {
                double pk = c[k] - (k < 3 ? c[k + 1] : 0);
                if (pk > bestP) { bestP = pk; best = k; }
            }
            return best;
        }
    }

    private final Task central, recess;

    private MeasurementGrader(Task central, Task recess) { this.central = central; this.recess = recess; }

    /** A measured row (level, side, measurement columns) as the task's feature vector. */
    public static double[] features(Map<String, String> row, List<String> names) {
        double[] x = new double[names.size()];
        for (int j = 0; j < x.length; j++) x[j] = Csv.parseNum(row.getOrDefault(names.get(j), ""), names.get(j));
        return x;
    }

    /** Trains both tasks from labelled rows: features per row and the reference grade. */
    public static MeasurementGrader train(List<double[]> centralX, int[] centralY, List<double[]> recessX, int[] recessY, long seed, String source) {
        return new MeasurementGrader(task(CENTRAL_FEATURES, centralX, centralY, seed, source + " (central canal)"),
                task(RECESS_FEATURES, recessX, recessY, seed + 1, source + " (lateral recess)"));
    }

    private static Task task(List<String> names, List<double[]> rows, int[] y, long seed, String source) {
        if (rows.isEmpty()) throw new SpineRadException(source + ": no graded levels to train on");
        if (java.util.Arrays.stream(y).distinct().count() < 2)
            throw new SpineRadException(source + ": every level has grade " + y[0] + "; training needs at least two different grades");
        int p = names.size();
        double[] med = new double[p];
        for (int j = 0; j < p; j++) {
            final int jj = j;
            double[] v = rows.stream().mapToDouble(r -> r[jj]).filter(d -> !Double.isNaN(d)).sorted().toArray();
            med[j] = v.length == 0 ? 0 : v[v.length / 2];
        }
        double[][] x = new double[rows.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = rows.get(i).clone();
            for (int j = 0; j < p; j++) if (Double.isNaN(x[i][j])) x[i][j] = med[j];
        }
        Model[] forests = new Model[3];
        double[] constant = new double[3];
        for (int k = 1; k <= 3; k++) {
            int[] b = new int[y.length];
            int pos = 0;
            for (int i = 0; i < y.length; i++) { b[i] = y[i] >= k ? 1 : 0; pos += b[i]; }
            if (pos == 0 || pos == y.length) constant[k - 1] = pos == 0 ? 0 : 1;
            else forests[k - 1] = TreeEnsemble.RANDOM_FOREST.fit(x, b, FOREST, seed + 31L * k);
        }
        return new Task(names, med, forests, constant);
    }

    public int gradeCentral(double[] row) { return central.grade(row); }

    /** The grade of a measurement-table row of a disc level ("" for pedicle rows); an error when nothing was measured. */
    public String gradeRow(Map<String, String> row) {
        if (!"disc".equals(row.get("plane"))) return "";
        boolean isCentral = "central".equals(row.get("side"));
        double[] x = features(row, isCentral ? CENTRAL_FEATURES : RECESS_FEATURES);
        if (java.util.Arrays.stream(x).allMatch(Double::isNaN))
            throw new SpineRadException(row.get("level") + " " + row.get("side") + ": nothing measured to grade");
        return String.valueOf(isCentral ? gradeCentral(x) : gradeRecess(x));
    }
    public int gradeRecess(double[] row) { return recess.grade(row); }

    /** P(grade &ge; k) of a central (true) or recess row, k = 0..3. */
    public double[] cumulative(boolean isCentral, double[] row) { return (isCentral ? central : recess).cumulative(row); }

    // ------------------------------------------------------------------ JSON

    public void write(Path file) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("kind", KIND);
        o.addProperty("spinerad_version", Version.get());
        o.add("central", json(central));
        o.add("recess", json(recess));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write the grader (" + e.getMessage() + ")", e);
        }
    }

    private static JsonObject json(Task t) {
        JsonObject o = new JsonObject();
        JsonArray f = new JsonArray(), m = new JsonArray(), forests = new JsonArray();
        t.features().forEach(f::add);
        for (double v : t.medians()) m.add(v);
        for (int k = 0; k < 3; k++) {
            if (t.forests()[k] == null) { JsonObject c = new JsonObject(); c.addProperty("constant", t.constant()[k]); forests.add(c); }
            else forests.add(t.forests()[k].toJson());
        }
        o.add("features", f);
        o.add("medians", m);
        o.add("cumulative", forests);
        return o;
    }

    public static MeasurementGrader read(Path file) {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString()) || !KIND.equals(o.get("kind").getAsString()))
                throw new SpineRadException(file + ": not a SpineRad measurement stenosis grader (format " + FORMAT + ", kind " + KIND + ")");
            return new MeasurementGrader(task(o.getAsJsonObject("central"), CENTRAL_FEATURES, file),
                    task(o.getAsJsonObject("recess"), RECESS_FEATURES, file));
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot read the grader (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            if (e instanceof SpineRadException s) throw s;
            throw new SpineRadException(file + ": invalid grader file (" + e.getMessage() + ")", e);
        }
    }

    private static Task task(JsonObject o, List<String> expected, Path file) {
        List<String> f = new ArrayList<>();
        o.getAsJsonArray("features").forEach(e -> f.add(e.getAsString()));
        if (!f.equals(expected)) throw new SpineRadException(file + ": grader features " + f + " differ from " + expected);
        double[] med = new double[f.size()];
        for (int j = 0; j < med.length; j++) med[j] = o.getAsJsonArray("medians").get(j).getAsDouble();
        Model[] forests = new Model[3];
        double[] constant = new double[3];
        JsonArray c = o.getAsJsonArray("cumulative");
        if (c.size() != 3) throw new SpineRadException(file + ": a grader task needs 3 cumulative models, has " + c.size());
        for (int k = 0; k < 3; k++) {
            JsonObject m = c.get(k).getAsJsonObject();
            if (m.has("constant")) constant[k] = m.get("constant").getAsDouble();
            else forests[k] = Models.modelFromJson(m);
        }
        return new Task(f, med, forests, constant);
    }
}
