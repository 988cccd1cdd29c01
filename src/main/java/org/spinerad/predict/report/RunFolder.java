package org.spinerad.predict.report;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a {@code predict train} run folder, as the report reads them: tables are optional (a section whose file
 * is absent is skipped), predictions.csv is required.
 */
final class RunFolder {
    static final List<String> COHORTS = List.of("train", "validation", "test");

    final Path dir;
    final JsonObject summary;
    /** Model names in predictions.csv column order (signatures, then Combined). */
    final List<String> models = new ArrayList<>();
    private final Map<String, int[]> outcome = new LinkedHashMap<>();
    private final Map<String, Map<String, double[]>> scores = new LinkedHashMap<>();

    RunFolder(Path dir) {
        this.dir = dir;
        Path s = dir.resolve(RiskReport.SUMMARY_FILE);
        try {
            summary = Files.isRegularFile(s) ? JsonParser.parseString(Files.readString(s)).getAsJsonObject() : new JsonObject();
        } catch (IOException | RuntimeException e) {
            throw new SpineRadException(s + ": unreadable run summary: " + e.getMessage(), e);
        }
        Path pf = dir.resolve("predictions.csv");
        if (!Files.isRegularFile(pf)) throw new SpineRadException(dir + ": no predictions.csv; is this a 'predict train' output folder?");
        Csv p = Csv.read(pf);
        String src = pf.toString();
        int cohort = p.requireColumn("cohort", src), y = p.requireColumn("outcome", src);
        // model columns: those performance.csv names (other columns a run may add are ignored), else all after the outcome
        java.util.Set<String> known = new java.util.HashSet<>();
        Csv perf = csv("performance.csv");
        if (perf != null && perf.column("model") >= 0)
            for (int r = 0; r < perf.rowCount(); r++) known.add(perf.cell(r, perf.column("model")));
        List<Integer> modelColumns = new ArrayList<>();
        for (int c = y + 1; c < p.header().size(); c++)
            if (known.isEmpty() || known.contains(p.header().get(c))) {
                models.add(p.header().get(c));
                modelColumns.add(c);
            }
        for (String co : COHORTS) {
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < p.rowCount(); r++) if (p.cell(r, cohort).equals(co)) rows.add(r);
            int[] yy = new int[rows.size()];
            Map<String, double[]> byModel = new LinkedHashMap<>();
            for (String m : models) byModel.put(m, new double[rows.size()]);
            for (int i = 0; i < rows.size(); i++) {
                int r = rows.get(i);
                yy[i] = (int) Csv.parseNum(p.cell(r, y), src + " row " + (r + 2) + " outcome");
                for (int k = 0; k < models.size(); k++)
                    byModel.get(models.get(k))[i] = Csv.parseNum(p.cell(r, modelColumns.get(k)), src + " row " + (r + 2) + " " + models.get(k));
            }
            outcome.put(co, yy);
            scores.put(co, byModel);
        }
    }

    int[] outcome(String cohort) { return outcome.get(cohort); }

    double[] scores(String cohort, String model) { return scores.get(cohort).get(model); }

    /** Cohorts with patients of both classes (where AUC, calibration and decision curves are defined). */
    List<String> evaluableCohorts() {
        List<String> out = new ArrayList<>();
        for (String c : COHORTS) {
            int[] y = outcome(c);
            int s = 0;
            for (int v : y) s += v;
            if (s > 0 && s < y.length) out.add(c);
        }
        return out;
    }

    static int events(int[] y) {
        int s = 0;
        for (int v : y) s += v;
        return s;
    }

    boolean has(String file) { return Files.isRegularFile(dir.resolve(file)); }

    /** A table of the folder, or null when absent. */
    Csv csv(String file) { return has(file) ? Csv.read(dir.resolve(file)) : null; }

    /** CSV files of the folder whose name starts with {@code prefix}, sorted by name. */
    List<String> files(String prefix) {
        try (var s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix) && n.endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            throw new SpineRadException(dir + ": cannot list the run folder: " + e.getMessage(), e);
        }
    }

    JsonObject section(String name) {
        return summary.has(name) && summary.get(name).isJsonObject() ? summary.getAsJsonObject(name) : new JsonObject();
    }

    String setting(String name, String fallback) {
        JsonObject s = section("settings");
        return s.has(name) && !s.get(name).isJsonNull() ? s.get(name).getAsString() : fallback;
    }
}
