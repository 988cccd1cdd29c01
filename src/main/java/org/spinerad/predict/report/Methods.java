package org.spinerad.predict.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Methods paragraphs of the report, generated from run_summary.json (the run's real settings), each tagged with
 * the TRIPOD item it answers (model development and validation, items 4-10 and 13-16).
 */
final class Methods {
    private Methods() {}

    record Paragraph(String tripod, String title, String text) {}

    static List<Paragraph> paragraphs(RunFolder run) {
        JsonObject s = run.section("settings"), in = run.section("inputs"), co = run.section("cohorts");
        List<Paragraph> out = new ArrayList<>();
        int n = 0, events = 0;
        for (String c : RunFolder.COHORTS) {
            n += run.outcome(c).length;
            events += RunFolder.events(run.outcome(c));
        }
        String outcome = str(in, "outcome_column", "outcome");
        StringBuilder split = new StringBuilder();
        split.append(String.format(Locale.ROOT, "The data set comprised %d patients with %d events (outcome '%s' = 1; %.1f%%). ",
                n, events, outcome, 100.0 * events / Math.max(1, n)));
        if ("by centre".equals(str(s, "split", ""))) split.append(String.format(Locale.ROOT,
                "Patients of centre %s = %s formed the external test cohort; the remaining patients were split at random, stratified "
                        + "by outcome, into training and validation cohorts (validation fraction %s)",
                str(s, "centre_column", "?"), str(s, "test_centre", "?"), str(s, "validation_fraction", "?")));
        else split.append("Patients were split at random, stratified by outcome, in the ratio ").append(ratios(s))
                .append(" (training:validation:test)");
        split.append(" with seed ").append(str(s, "seed", "?")).append(": ").append(cohorts(run)).append('.');
        out.add(new Paragraph("4a, 5a, 6a, 8, 13a", "Participants, outcome and cohorts", split.toString()));

        StringBuilder pred = new StringBuilder("Candidate predictors were ");
        List<String> sources = new ArrayList<>();
        for (JsonElement e : arr(run.summary, "signatures")) {
            JsonObject sig = e.getAsJsonObject();
            JsonArray funnel = sig.getAsJsonArray("funnel");
            int k = funnel == null || funnel.isEmpty() ? -1 : funnel.get(0).getAsJsonObject().get("features").getAsInt();
            sources.add(String.format(Locale.ROOT, "%d %s features (%s)", k,
                    "deep".equals(str(sig, "mode", "")) ? "deep-learning (ViT-3D)" : "radiomics", str(sig, "name", "?")));
        }
        List<String> clinical = strings(s, "clinical_variables");
        if (!clinical.isEmpty()) sources.add("the clinical variables " + String.join(", ", clinical));
        pred.append(sources.isEmpty() ? "the clinical table's columns" : String.join(" and ", sources)).append(". ");
        pred.append("Missing feature values were imputed with the training-cohort ").append(str(s, "imputation", "median"))
                .append("; every preprocessing and selection step was fitted on the training cohort only and applied unchanged to "
                        + "the validation and test cohorts.");
        if (in.has("icc_table")) pred.append(" Features not kept by the inter-observer ICC table were removed first.");
        out.add(new Paragraph("7a, 9", "Predictors and missing data", pred.toString()));

        StringBuilder sel = new StringBuilder();
        for (JsonElement e : arr(run.summary, "signatures")) {
            JsonObject sig = e.getAsJsonObject();
            String name = str(sig, "name", "?");
            if ("deep".equals(str(sig, "mode", "")))
                sel.append(String.format(Locale.ROOT, "%s: z-score standardisation, principal component analysis keeping the components "
                        + "that explain %s%% of the variance (at most %s), then ", name, pct(sig, "pca_variance"), str(sig, "pca_max_components", "?")));
            else sel.append(String.format(Locale.ROOT, "%s: robust scaling (median, IQR), univariate F-test keeping features with "
                    + "p ≤ %s, removal of one feature of each pair with Pearson |r| > %s, then ", name, str(sig, "f_test_alpha", "?"),
                    str(sig, "correlation_threshold", "?")));
            sel.append(String.format(Locale.ROOT, "%s LASSO with %s-fold cross-validation over %s λ values, λ chosen by the %s "
                            + "(λ = %s); %d feature(s) selected. ", str(s, "lasso", "logistic"), str(s, "cv_folds", "?"),
                    str(sig, "lambda_count", "?"), str(s, "lambda_rule", "minimum CV deviance"), fmt(sig, "lambda"), strings(sig, "selected").size()));
        }
        if (!sel.isEmpty()) out.add(new Paragraph("10a", "Feature selection", sel.toString().trim()));

        JsonArray learners = arr(run.summary, "classifiers");
        StringBuilder cls = new StringBuilder();
        List<String> names = new ArrayList<>();
        int grid = 0;
        for (JsonElement e : learners) {
            names.add(str(e.getAsJsonObject(), "name", "?"));
            grid += e.getAsJsonObject().get("grid_size").getAsInt();
        }
        cls.append(String.format(Locale.ROOT, "For each signature %d classifiers (%s) were tuned by grid search (%d settings in all; "
                        + "grids in run_summary.json) with %s-fold stratified cross-validation on the training cohort and compared by mean CV AUC; "
                        + "the best one gave the signature. Training-cohort values are out-of-fold predictions. ",
                names.size(), String.join(", ", names), grid, str(s, "cv_folds", "?")));
        List<String> chosen = new ArrayList<>();
        JsonObject ch = run.section("chosen_classifiers");
        for (String k : ch.keySet()) chosen.add(k + ": " + ch.get(k).getAsString());
        if (!chosen.isEmpty()) cls.append("Chosen classifiers: ").append(String.join("; ", chosen)).append(". ");
        if (!clinical.isEmpty()) cls.append("Clinical variables were screened by univariate logistic regression on the training cohort (kept when p < ")
                .append(str(s, "clinical_alpha", "0.05")).append("). ");
        List<String> comb = strings(run.section("combined"), "inputs");
        if (!comb.isEmpty()) cls.append("The combined model was fitted, over the same classifiers, on ").append(String.join(", ", comb)).append(". ");
        cls.append("The decision threshold of each model was the ").append(str(s, "threshold", "Youden threshold")).append('.');
        out.add(new Paragraph("10b, 15a", "Model development", cls.toString()));

        StringBuilder perf = new StringBuilder(String.format(Locale.ROOT,
                "Discrimination: AUC with DeLong 95%% CI (and stratified bootstrap CI, %s replicates, in performance.csv). "
                        + "ACC, SEN, SPE, PPV and NPV at the threshold with Wilson score 95%% CIs; F1 with a stratified bootstrap percentile 95%% CI. "
                        + "Calibration: Brier score (compared with predicting the training prevalence), Hosmer–Lemeshow test (10 groups), "
                        + "calibration curves (quantile bins and lowess smoothing). Clinical utility: decision curves. Models were compared with DeLong's "
                        + "test (paired within a cohort). ", str(s, "bootstrap", "?")));
        if (Boolean.parseBoolean(str(s, "nested_cv", "false")))
            perf.append("Nested cross-validation (selection and tuning repeated inside each outer fold) estimated performance free of "
                    + "selection optimism").append(Integer.parseInt(str(s, "permutations", "0")) > 0
                    ? ", with a permutation test (" + str(s, "permutations", "0") + " permutations). " : ". ");
        out.add(new Paragraph("10d, 16", "Performance measures", perf.toString().trim()));

        JsonObject sw = run.section("software");
        List<String> libs = new ArrayList<>();
        JsonObject l = sw.has("libraries") ? sw.getAsJsonObject("libraries") : new JsonObject();
        for (String k : l.keySet()) libs.add(k + " (" + l.get(k).getAsString() + ")");
        out.add(new Paragraph(null, "Software", String.format(Locale.ROOT, "SpineRad %s on %s (%s)%s.", str(sw, "spinerad", "?"),
                str(sw, "java", "?"), str(sw, "os", "?"), libs.isEmpty() ? "" : "; libraries: " + String.join(", ", libs))));
        return out;
    }

    static String cohorts(RunFolder run) {
        List<String> parts = new ArrayList<>();
        for (String c : RunFolder.COHORTS) {
            int[] y = run.outcome(c);
            if (y.length > 0) parts.add(String.format(Locale.ROOT, "%s n = %d (%d events)", c, y.length, RunFolder.events(y)));
        }
        return String.join(", ", parts);
    }

    private static String ratios(JsonObject s) {
        List<String> r = new ArrayList<>();
        for (JsonElement e : s.has("ratios") ? s.getAsJsonArray("ratios") : new JsonArray()) {
            double v = e.getAsDouble();
            r.add(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
        }
        return r.isEmpty() ? "?" : String.join(":", r);
    }

    private static String pct(JsonObject o, String k) {
        return o.has(k) ? String.format(Locale.ROOT, "%.0f", 100 * o.get(k).getAsDouble()) : "?";
    }

    private static String fmt(JsonObject o, String k) {
        return o.has(k) && !o.get(k).isJsonNull() ? String.format(Locale.ROOT, "%.4g", o.get(k).getAsDouble()) : "?";
    }

    static String str(JsonObject o, String k, String fallback) {
        return o != null && o.has(k) && !o.get(k).isJsonNull() && o.get(k).isJsonPrimitive() ? o.get(k).getAsString() : fallback;
    }

    static JsonArray arr(JsonObject o, String k) {
        return o.has(k) && o.get(k).isJsonArray() ? o.getAsJsonArray(k) : new JsonArray();
    }

    static List<String> strings(JsonObject o, String k) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : arr(o, k)) out.add(e.getAsString());
        return out;
    }
}
