package org.spinerad.predict.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.spinerad.stats.BaselineTable;
import org.spinerad.stats.Roc;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The risk analysis as a self-contained, printable HTML document rendered from the files of a run folder: run summary,
 * Methods (TRIPOD items), warnings, Table 1 (baseline characteristics per cohort, as {@code stats baseline}), Table 2
 * (performance with 95% CIs), the selection funnel, the classifier comparison, model comparisons, numbered figures.
 * Raw tables stay CSV files, linked. Tables the run did not write are skipped.
 */
public final class RiskReport {
    public static final String FILE = "report.html";
    /** The training run's settings and selection funnel (written by the workflow), read for the methods text. */
    public static final String SUMMARY_FILE = "run_summary.json";
    /** A cohort with fewer events than this gets its CIs and p-values flagged. */
    static final int MIN_EVENTS = 10;
    /** Small tables of other steps (nested CV, calibration candidates...) shown when present and at most this long. */
    private static final int MAX_EXTRA_ROWS = 40;

    private RiskReport() {}

    private static List<Table2.Row> performance(RunFolder run) {
        return run.has("performance.csv") ? Table2.compute(run, run.csv("performance.csv"), bootstrap(run), seed(run)) : List.of();
    }

    private static long seed(RunFolder run) { return Long.parseLong(run.setting("seed", "1")); }

    private static int bootstrap(RunFolder run) { return Math.max(2, Integer.parseInt(run.setting("bootstrap", "1000"))); }

    public static Path write(Path dir) {
        RunFolder run = new RunFolder(dir);
        long seed = seed(run);
        int bootstrap = bootstrap(run);
        Doc d = new Doc();
        d.h1("SpineRad risk analysis — supplementary report");
        summary(run, d);
        d.h2("methods", "1. Methods");
        for (Methods.Paragraph p : Methods.paragraphs(run))
            d.raw("<p><b>" + esc(p.title()) + ".</b> " + esc(p.text()) + (p.tripod() == null ? "" : " <span class=\"tripod\">TRIPOD " + esc(p.tripod()) + "</span>") + "</p>\n");

        List<Table2.Row> perf = performance(run);
        d.h2("warnings", "2. Warnings");
        List<String> warnings = Warnings.collect(run);
        if (warnings.isEmpty()) d.raw("<p>None.</p>\n");
        else {
            d.raw("<ul class=\"warn\">");
            for (String w : warnings) d.raw("<li>" + esc(w) + "</li>");
            d.raw("</ul>\n");
        }

        d.h2("table1", "3. Baseline characteristics");
        table1(run, d);
        d.h2("table2", "4. Performance");
        if (!perf.isEmpty()) {
            Table2.toCsv(perf).write(dir.resolve("table2_performance_ci.csv"));
            d.caption("Table 2", "Performance per model and cohort at each model's threshold. Training-cohort rows are out-of-fold "
                    + "predictions (cross-validation on the training cohort), not in-sample fits (so 'predict apply' on training patients, "
                    + "an in-sample fit, gives different values); headline performance is that of the "
                    + "validation and test cohorts. AUC: DeLong 95% CI. ACC–NPV: Wilson score 95% CI. F1: stratified bootstrap "
                    + "percentile 95% CI (" + bootstrap + " replicates). Brier (prevalence): Brier score of predicting the training "
                    + "prevalence. † fewer than " + MIN_EVENTS + " events: intervals are wide.", "table2_performance_ci.csv");
            table2(perf, d);
        } else d.raw("<p>performance.csv is absent.</p>\n");

        d.h2("selection", "5. Feature selection");
        funnel(run, d);
        d.h2("classifiers", "6. Classifier comparison");
        classifiers(run, d);
        d.h2("comparisons", "7. Model comparisons and screening");
        comparisons(run, d);
        extras(run, d);

        d.h2("figures", "8. Figures");
        Figures f = new Figures(run, seed);
        f.cohortFigures();
        f.signatureFigures();
        d.raw(f.html());

        d.h2("files", "9. Files of this run");
        d.raw("<p>");
        for (String csv : run.files("")) d.raw("<a href=\"" + esc(csv) + "\">" + esc(csv) + "</a> ");
        if (run.has("model.json")) d.raw("<a href=\"model.json\">model.json</a> ");
        if (run.has(SUMMARY_FILE)) d.raw("<a href=\"" + SUMMARY_FILE + "\">" + SUMMARY_FILE + "</a>");
        d.raw("</p>\n");
        Path report = dir.resolve(FILE);
        try {
            Files.writeString(report, d.finish(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpineRadException(report + ": cannot write report: " + e.getMessage(), e);
        }
        return report;
    }

    private static void summary(RunFolder run, Doc d) {
        JsonObject in = run.section("inputs");
        StringBuilder s = new StringBuilder("<div class=\"summary\"><p><b>Data:</b> ").append(esc(Methods.str(in, "clinical", "?")));
        JsonObject feats = in.has("features") ? in.getAsJsonObject("features") : new JsonObject();
        for (String k : feats.keySet()) s.append("; ").append(esc(k)).append(" = ").append(esc(feats.get(k).getAsString()));
        s.append(". <b>Cohorts:</b> ").append(esc(Methods.cohorts(run))).append(".</p><p><b>Models:</b> ");
        JsonObject ch = run.section("chosen_classifiers");
        List<String> parts = new ArrayList<>();
        for (String m : run.models) parts.add(esc(m) + (ch.has(m) ? " (" + esc(ch.get(m).getAsString()) + ")" : ""));
        s.append(String.join(", ", parts)).append(". <b>Headline</b> (never from training rows): ");
        List<String> head = new ArrayList<>();
        Csv perf = run.csv("performance.csv");
        String last = run.models.isEmpty() ? "" : run.models.get(run.models.size() - 1);
        if (perf != null)
            for (int r = 0; r < perf.rowCount(); r++) {
                String cohort = perf.cell(r, perf.column("cohort"));
                if (!perf.cell(r, perf.column("model")).equals(last) || cohort.equals("train")) continue;
                head.add(String.format(Locale.ROOT, "%s AUC %s (95%% CI %s–%s) in the %s cohort", esc(last),
                        f3(perf.cell(r, perf.column("AUC"))), f3(perf.cell(r, perf.column("AUC_CI_lower_DeLong"))),
                        f3(perf.cell(r, perf.column("AUC_CI_upper_DeLong"))), cohort));
            }
        for (String nested : run.files("nested_cv_")) {
            Csv n = run.csv(nested);
            int a = n.column("nested_cv_AUC");
            if (a < 0) continue;
            for (int r = 0; r < n.rowCount(); r++)
                head.add(String.format(Locale.ROOT, "nested-CV AUC %s (%s–%s) for %s", f3(n.cell(r, a)), f3(n.cell(r, n.column("AUC_CI_lower"))),
                        f3(n.cell(r, n.column("AUC_CI_upper"))), esc(n.cell(r, 0))));
        }
        s.append(head.isEmpty() ? "—" : String.join("; ", head)).append(".</p></div>\n");
        d.raw(s.toString());
        d.raw("<nav>Contents: <a href=\"#methods\">Methods</a> · <a href=\"#warnings\">Warnings</a> · <a href=\"#table1\">Table 1</a> · "
                + "<a href=\"#table2\">Table 2</a> · <a href=\"#selection\">Selection</a> · <a href=\"#classifiers\">Classifiers</a> · "
                + "<a href=\"#comparisons\">Comparisons</a> · <a href=\"#figures\">Figures</a> · <a href=\"#files\">Files</a></nav>\n");
    }

    /** Table 1 by {@link BaselineTable} over the clinical variables and the outcome, grouped by cohort from split.csv. */
    static Csv table1(RunFolder run) {
        JsonObject in = run.section("inputs");
        String clinical = Methods.str(in, "clinical", null), id = Methods.str(in, "id_column", "patient_id");
        if (clinical == null || !Files.isRegularFile(Path.of(clinical)) || !run.has("split.csv")) return null;
        Csv data = BaselineTable.addColumn(Csv.read(Path.of(clinical)), run.csv("split.csv"), id, "cohort", clinical + " / split.csv");
        Set<String> vars = new LinkedHashSet<>(Methods.strings(run.section("settings"), "clinical_variables"));
        vars.add(Methods.str(in, "outcome_column", "outcome"));
        return BaselineTable.build(data, clinical, "cohort", new ArrayList<>(vars)).table();
    }

    private static void table1(RunFolder run, Doc d) {
        Csv t = table1(run);
        if (t == null) {
            d.raw("<p>Not available: the clinical table named in run_summary.json or split.csv is missing.</p>\n");
            return;
        }
        t.write(run.dir.resolve("table1_baseline.csv"));
        d.caption("Table 1", "Baseline characteristics per cohort: mean ± SD or median (Q1, Q3) by Shapiro–Wilk normality, n (%) for "
                + "categorical variables; p from t/Welch/Mann–Whitney or ANOVA/Kruskal–Wallis, chi-square or Fisher's exact test "
                + "(as 'spinerad stats baseline').", "table1_baseline.csv");
        d.verbatim(t);
    }

    private static void table2(List<Table2.Row> rows, Doc d) {
        StringBuilder sb = new StringBuilder("<table class=\"perf\"><tr><th>Model</th><th>Cohort</th><th>n (events)</th><th>Threshold</th><th>AUC</th>");
        for (String m : List.of("ACC", "SEN", "SPE", "PPV", "NPV", "F1")) sb.append("<th>").append(m).append("</th>");
        sb.append("<th>Brier (prevalence)</th><th>HL p</th></tr>\n");
        for (Table2.Row r : rows) {
            sb.append("<tr><td>").append(esc(r.model())).append("</td><td>").append(esc(r.cohort()))
                    .append(r.cohort().equals("train") ? "<br><small>out-of-fold</small>" : "").append("</td><td>").append(r.n())
                    .append(" (").append(r.events()).append(')').append(r.events() < MIN_EVENTS ? " †" : "").append("</td><td>")
                    .append(f3(r.threshold())).append("</td>").append(ci(r.auc()));
            for (Roc.Interval i : r.metrics().values()) sb.append(ci(i));
            sb.append("<td>").append(f3(r.brier())).append("<br><small>(").append(f3(r.brierPrevalence())).append(")</small></td><td>")
                    .append(pValue(r.hosmerLemeshowP())).append("</td></tr>\n");
        }
        d.raw(sb.append("</table>\n").toString());
    }

    private static String ci(Roc.Interval i) {
        return "<td>" + f3(i.estimate()) + "<br><small>" + f3(i.lower()) + "–" + f3(i.upper()) + "</small></td>";
    }

    private static void funnel(RunFolder run, Doc d) {
        var sigs = Methods.arr(run.summary, "signatures");
        if (sigs.isEmpty()) {
            d.raw("<p>run_summary.json is absent: no selection funnel.</p>\n");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonElement e : sigs) {
            JsonObject s = e.getAsJsonObject();
            StringBuilder stages = new StringBuilder();
            for (JsonElement st : Methods.arr(s, "funnel"))
                stages.append(stages.isEmpty() ? "" : " → ").append(st.getAsJsonObject().get("stage").getAsString()).append(": ")
                        .append(st.getAsJsonObject().get("features").getAsInt());
            rows.add(List.of(Methods.str(s, "name", "?"), stages.toString(), String.join(", ", Methods.strings(s, "selected"))));
        }
        d.caption("Table 3", "Feature-count funnel per signature (fitted on the training cohort) and the selected features; "
                + "their coefficients are in selected_features_<signature>.csv.", null);
        d.table(new Csv(List.of("signature", "features remaining after each step", "selected"), rows), false);
        List<String> comb = Methods.strings(run.section("combined"), "inputs");
        if (!comb.isEmpty()) d.raw("<p>The combined model's inputs: " + esc(String.join(", ", comb)) + ".</p>\n");
    }

    private static void classifiers(RunFolder run, Doc d) {
        int k = 4;
        for (String m : run.models) {
            Csv c = run.csv("comparison_" + m + ".csv");
            if (c == null) continue;
            d.caption("Table " + k++, m + ": every classifier tuned by CV AUC on the training cohort (mean ± SD over folds), its "
                    + "validation and test AUC, and its best grid setting; the chosen one (highest CV AUC) is bold.", "comparison_" + m + ".csv");
            d.table(c, true);
        }
    }

    private static void comparisons(RunFolder run, Doc d) {
        Csv delong = run.csv("delong_tests.csv");
        if (delong != null) { // its caveat column (predict.evaluation.Honesty) flags p-values from cohorts with few events
            d.caption("Table", "DeLong tests: paired, the combined model against each signature within a cohort; unpaired, training "
                    + "(out-of-fold) against validation/test AUC.", "delong_tests.csv");
            d.table(delong, false);
        }
        Csv clin = run.csv("clinical_screening.csv");
        if (clin != null && clin.rowCount() > 0) {
            d.caption("Table", "Univariate logistic screening of the clinical variables on the training cohort (odds ratio, 95% CI, p).",
                    "clinical_screening.csv");
            d.table(clin, false);
        }
    }

    /** Small tables that other steps may write, one table per kind (files of a kind with the same columns are stacked). */
    private static final List<String[]> EXTRAS = List.of(
            new String[]{"nested_cv", "Nested cross-validation over all patients: selection, signatures and tuning redone inside each outer "
                    + "fold, so the AUC (95% CI) is free of selection optimism; permutation p when permutations were run."},
            new String[]{"calibration_candidates", "Calibration of every candidate classifier."},
            new String[]{"recalibration", "Recalibration (fitted inside the cross-validation) and its effect."},
            new String[]{"model_vs_rater", "The models against the rater's predictions on the same patients (paired DeLong p)."});

    private static void extras(RunFolder run, Doc d) {
        for (String[] kind : EXTRAS) {
            List<String> files = run.files(kind[0]);
            if (files.isEmpty()) continue;
            List<List<String>> rows = new ArrayList<>();
            List<String> header = null;
            for (String f : files) {
                Csv t = run.csv(f);
                if (header != null && !header.equals(t.header())) {
                    d.caption("Table", kind[1], f);
                    if (t.rowCount() <= MAX_EXTRA_ROWS) d.table(t, false);
                    continue;
                }
                header = t.header();
                rows.addAll(t.rows());
            }
            if (header == null || rows.isEmpty()) continue;
            d.caption("Table", kind[1], String.join(", ", files));
            if (rows.size() <= MAX_EXTRA_ROWS) d.table(new Csv(header, rows), false);
            else d.raw("<p>" + rows.size() + " rows: see the CSV files.</p>\n");
        }
    }

    static String f3(String s) {
        try {
            return f3(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return esc(s);
        }
    }

    static String f3(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** p-values: 3 decimals, "&lt; 0.001" below, "n/a" when not computable (e.g. too few distinct predictions). */
    static String pValue(double p) {
        return Double.isNaN(p) ? "n/a" : p < 0.001 ? "&lt; 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The HTML document under construction: headings, captioned tables, raw fragments. */
    private static final class Doc {
        private final StringBuilder sb = new StringBuilder();
        private int tableCount = 3;

        Doc() {
            sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
                    .append("<title>SpineRad risk analysis</title><style>")
                    .append("body{font-family:sans-serif;font-size:14px;line-height:1.4;margin:1.5em auto;max-width:1180px;padding:0 1em;color:#222}")
                    .append("h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:2px;margin-top:1.6em}")
                    .append("table{border-collapse:collapse;margin:0.4em 0 1.2em;font-size:12px;max-width:100%}")
                    .append("td,th{border:1px solid #bbb;padding:2px 5px;text-align:right;vertical-align:top;overflow-wrap:anywhere}")
                    .append("th{background:#eee}td:first-child,th:first-child{text-align:left;white-space:nowrap}td small{color:#555}")
                    .append(".caption{margin:0.8em 0 0.2em}.tripod{color:#777;font-size:11px}.summary{background:#f5f7fa;padding:0.2em 1em;border-left:4px solid #1f77b4}")
                    .append("ul.warn li{color:#8a4b00}.figs{display:grid;grid-template-columns:1fr 1fr;gap:12px}")
                    .append("figure{margin:0;break-inside:avoid}figure svg{width:100%;height:auto}figure.wide{grid-column:1/-1}figure.wide svg{width:auto;max-width:100%}figcaption{font-size:12px}tr.chosen td{font-weight:bold}")
                    .append("@media print{body{max-width:none;font-size:11px}nav{display:none}table,figure,.caption{break-inside:avoid}}")
                    .append("</style></head><body>\n");
        }

        void h1(String s) { sb.append("<h1>").append(esc(s)).append("</h1>\n"); }

        void h2(String id, String s) { sb.append("<h2 id=\"").append(id).append("\">").append(esc(s)).append("</h2>\n"); }

        void raw(String s) { sb.append(s); }

        /** A numbered caption ("Table" alone takes the next number) with an optional link to the table's CSV. */
        void caption(String label, String text, String csv) {
            if (label.equals("Table")) label = "Table " + ++tableCount;
            else tableCount = Math.max(tableCount, Integer.parseInt(label.substring(6)));
            sb.append("<p class=\"caption\"><b>").append(esc(label)).append(".</b> ").append(esc(text));
            if (csv != null)
                for (String f : csv.split(", ")) sb.append(" <a href=\"").append(esc(f)).append("\">").append(esc(f)).append("</a>");
            sb.append("</p>\n");
        }

        /** A table with formatted numbers; {@code chosenColumn}: bold the row whose "chosen" cell is true. */
        void table(Csv t, boolean chosenColumn) {
            int chosen = chosenColumn ? t.column("chosen") : -1;
            sb.append("<table><tr>");
            for (int c = 0; c < t.header().size(); c++) if (c != chosen) sb.append("<th>").append(esc(t.header().get(c))).append("</th>");
            sb.append("</tr>\n");
            for (int r = 0; r < t.rowCount(); r++) {
                boolean bold = chosen >= 0 && Boolean.parseBoolean(t.cell(r, chosen));
                sb.append(bold ? "<tr class=\"chosen\">" : "<tr>");
                for (int c = 0; c < t.header().size(); c++)
                    if (c != chosen) sb.append("<td>").append(cell(t.cell(r, c), t.header().get(c))).append("</td>");
                sb.append("</tr>\n");
            }
            sb.append("</table>\n");
        }

        /** A table exactly as its cells read (Table 1: the same text as 'stats baseline' writes). */
        void verbatim(Csv t) {
            sb.append("<table><tr>");
            for (String h : t.header()) sb.append("<th>").append(esc(h)).append("</th>");
            sb.append("</tr>\n");
            for (List<String> row : t.rows()) {
                sb.append("<tr>");
                for (String c : row) sb.append("<td>").append(esc(c)).append("</td>");
                sb.append("</tr>\n");
            }
            sb.append("</table>\n");
        }

        private static String cell(String s, String column) {
            if (s.startsWith("{") && s.endsWith("}")) return "<small>" + esc(s.substring(1, s.length() - 1)) + "</small>";
            try {
                double v = Double.parseDouble(s);
                if (column.toLowerCase(Locale.ROOT).contains("p_value") || column.toLowerCase(Locale.ROOT).endsWith("_p")
                        || column.equals("p")) return pValue(v);
                return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
            } catch (NumberFormatException e) {
                return esc(s);
            }
        }

        String finish() { return sb + "</body></html>\n"; }
    }
}
