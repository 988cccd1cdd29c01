package org.spinerad.predict.workflow;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.analysis.RiskAnalysis;
import org.spinerad.predict.evaluation.Evaluation;
import org.spinerad.predict.learners.Learner;
import org.spinerad.predict.learners.Models;
import org.spinerad.predict.report.RiskReport;
import org.spinerad.predict.selection.LassoCV;
import org.spinerad.predict.selection.Pca;
import org.spinerad.predict.selection.Selection;
import org.spinerad.predict.selection.SelectionPipeline;
import org.spinerad.predict.selection.Step;
import org.spinerad.util.SpineRadException;
import org.spinerad.util.Version;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code run_summary.json}: what a training run did, for the report's methods text and selection funnel — inputs,
 * settings, cohort sizes and events, selection thresholds, the λ choice, classifiers and their grids, the CV scheme,
 * software versions and, per signature, how many features survived each step. Deterministic (no clock, no host name).
 */
public final class RunSummary {
    /** Libraries whose version the methods state: name, a class of theirs. */
    private static final String[][] LIBRARIES = {{"XGBoost4J", "ml.dmlc.xgboost4j.java.XGBoost"},
            {"LightGBM", "com.microsoft.ml.lightgbm.lightgbmlib"}, {"Commons Math", "org.apache.commons.math3.util.FastMath"}};

    private RunSummary() {}

    /** A library's jar file name (artifact and version, as Maven and Fiji name them), or "not found". */
    static String library(String className) {
        try {
            var src = Class.forName(className, false, RunSummary.class.getClassLoader()).getProtectionDomain().getCodeSource();
            if (src == null) return "unknown";
            String f = Path.of(src.getLocation().toURI()).getFileName().toString();
            return f.endsWith(".jar") ? f.substring(0, f.length() - 4) : f;
        } catch (ReflectiveOperationException | LinkageError | java.net.URISyntaxException | RuntimeException e) {
            return "not found";
        }
    }

    public static Path write(RiskAnalysis.Result r, RiskWorkflow.TrainRequest req, List<RiskAnalysis.Source> sources) {
        Path file = req.outDir().resolve(RiskReport.SUMMARY_FILE);
        try {
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                    .toJson(build(r, req, sources)) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpineRadException(file + ": cannot write run summary: " + e.getMessage(), e);
        }
        return file;
    }

    static JsonObject build(RiskAnalysis.Result r, RiskWorkflow.TrainRequest req, List<RiskAnalysis.Source> sources) {
        RiskAnalysis.Config c = req.config();
        JsonObject o = new JsonObject();
        JsonObject software = new JsonObject();
        software.addProperty("spinerad", Version.get());
        software.addProperty("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        software.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        JsonObject libs = new JsonObject();
        for (String[] lib : LIBRARIES) libs.addProperty(lib[0], library(lib[1]));
        software.add("libraries", libs);
        o.add("software", software);

        JsonObject in = new JsonObject();
        in.addProperty("clinical", req.clinical().toAbsolutePath().normalize().toString());
        in.addProperty("id_column", req.idColumn());
        in.addProperty("outcome_column", req.outcomeColumn());
        JsonObject feats = new JsonObject();
        req.features().forEach((k, v) -> feats.addProperty(k, v.toAbsolutePath().normalize().toString()));
        in.add("features", feats);
        if (req.iccTable() != null) in.addProperty("icc_table", req.iccTable().toAbsolutePath().normalize().toString());
        if (req.raterColumn() != null) in.addProperty("rater_column", req.raterColumn());
        o.add("inputs", in);

        JsonObject s = new JsonObject();
        s.addProperty("seed", c.seed());
        if (c.testCentre() != null) {
            s.addProperty("split", "by centre");
            s.addProperty("centre_column", c.centreColumn());
            s.addProperty("test_centre", c.testCentre());
            s.addProperty("validation_fraction", c.validationFraction());
        } else {
            s.addProperty("split", "stratified random");
            JsonArray ratios = new JsonArray();
            for (double v : c.ratios()) ratios.add(v);
            s.add("ratios", ratios);
        }
        s.addProperty("cv_folds", c.folds());
        s.addProperty("cv_scheme", "stratified k-fold on training rows; classifiers tuned by mean CV AUC; "
                + "training-cohort predictions are out-of-fold");
        s.addProperty("imputation", c.impute().name().toLowerCase().replace("impute_", ""));
        s.addProperty("lasso", c.lassoKind().name().toLowerCase());
        s.addProperty("lambda_rule", "minimum mean CV " + (c.lassoKind().name().equals("LINEAR") ? "squared error" : "binomial deviance"));
        s.addProperty("threshold", Double.isNaN(c.fixedThreshold()) ? "Youden on out-of-fold training predictions"
                : "fixed " + c.fixedThreshold());
        s.addProperty("clinical_alpha", c.clinicalAlpha());
        JsonArray cv = new JsonArray();
        req.clinicalVariables().forEach(cv::add);
        s.add("clinical_variables", cv);
        s.addProperty("bootstrap", req.bootstrap());
        s.addProperty("nested_cv", req.nested());
        s.addProperty("permutations", req.permutations());
        o.add("settings", s);

        JsonObject cohorts = new JsonObject();
        for (String name : RiskAnalysis.COHORTS) {
            int[] y = r.outcome(name);
            JsonObject co = new JsonObject();
            co.addProperty("n", y.length);
            co.addProperty("events", java.util.Arrays.stream(y).sum());
            cohorts.add(name, co);
        }
        o.add("cohorts", cohorts);

        JsonArray learners = new JsonArray();
        List<Learner> used = c.learners() == null ? Models.learners() : c.learners().stream().map(Models::learner).toList();
        for (Learner l : used) {
            JsonObject lo = new JsonObject();
            lo.addProperty("name", l.name());
            lo.addProperty("grid_size", l.grid().size());
            lo.add("grid", gridAxes(l.grid()));
            learners.add(lo);
        }
        o.add("classifiers", learners);

        JsonArray sigs = new JsonArray();
        for (RiskAnalysis.Source src : sources) {
            RiskAnalysis.SignatureResult sr = r.signatures().stream().filter(x -> x.name().equals(src.name() + "-sign")).findFirst().orElse(null);
            if (sr == null) continue;
            sigs.add(signature(sr, src, req, c));
        }
        o.add("signatures", sigs);

        JsonObject comb = new JsonObject();
        JsonArray inputs = new JsonArray();
        r.combined().selection().selected().forEach(inputs::add);
        comb.add("inputs", inputs);
        comb.addProperty("classifier", r.combined().bestLearner());
        comb.addProperty("threshold", r.combined().model().threshold());
        o.add("combined", comb);
        JsonObject chosen = new JsonObject();
        for (RiskAnalysis.SignatureResult m : Evaluation.models(r)) chosen.addProperty(m.name(), m.bestLearner());
        o.add("chosen_classifiers", chosen);
        return o;
    }

    private static JsonObject signature(RiskAnalysis.SignatureResult sr, RiskAnalysis.Source src, RiskWorkflow.TrainRequest req,
                                        RiskAnalysis.Config c) {
        JsonObject so = new JsonObject();
        so.addProperty("name", sr.name());
        so.addProperty("mode", src.mode().name().toLowerCase());
        SelectionPipeline.Config sc = SelectionPipeline.Config.radiomicsDefaults(c.seed());
        if (src.mode() == SelectionPipeline.Mode.DEEP) {
            sc = SelectionPipeline.Config.deepDefaults(c.seed());
            so.addProperty("pca_variance", sc.pcaVariance());
            so.addProperty("pca_max_components", sc.pcaMaxComponents());
        } else {
            so.addProperty("f_test_alpha", sc.fTestAlpha());
            so.addProperty("correlation_threshold", sc.correlationThreshold());
        }
        LassoCV.Result l = sr.selection().lasso();
        if (l != null) {
            so.addProperty("lambda", l.lambda());
            so.addProperty("lambda_index", l.best());
            so.addProperty("lambda_count", l.lambdas().length);
        }
        so.addProperty("classifier", sr.bestLearner());
        so.addProperty("threshold", sr.model().threshold());
        JsonArray funnel = new JsonArray();
        Path file = req.features().get(src.name());
        if (req.iccTable() != null && file != null) {
            int before = FeatureTable.read(file, req.idColumn(), null, null, Set.of()).cols();
            funnel.add(stage("features in", before));
            funnel.add(stage("after ICC filter", src.table().cols()));
        } else funnel.add(stage("features in", src.table().cols()));
        for (Step st : sr.selection().steps()) {
            String label = switch (st.kind()) {
                case "drop_constant" -> "after dropping constant features";
                case "f_test" -> "after F-test (p <= " + sc.fTestAlpha() + ")";
                case "correlation_filter" -> "after correlation filter (|r| > " + sc.correlationThreshold() + " removed)";
                case "lasso" -> "after LASSO";
                default -> null;
            };
            if (st instanceof Pca p) funnel.add(stage("PCA components (" + Math.round(100 * sc.pcaVariance()) + "% variance)",
                    p.explainedVarianceRatio().length));
            else if (label != null && st instanceof Selection sel) funnel.add(stage(label, sel.kept().size()));
        }
        so.add("funnel", funnel);
        JsonArray selected = new JsonArray();
        sr.selection().selected().forEach(selected::add);
        so.add("selected", selected);
        JsonArray warnings = new JsonArray();
        sr.selection().warnings().forEach(warnings::add);
        so.add("selection_warnings", warnings);
        return so;
    }

    private static JsonObject stage(String label, int count) {
        JsonObject o = new JsonObject();
        o.addProperty("stage", label);
        o.addProperty("features", count);
        return o;
    }

    /** A grid as its axes: parameter name → the distinct values searched, in order. */
    private static JsonObject gridAxes(List<Map<String, Double>> grid) {
        Map<String, Set<Double>> axes = new LinkedHashMap<>();
        for (Map<String, Double> g : grid) g.forEach((k, v) -> axes.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
        JsonObject o = new JsonObject();
        axes.forEach((k, vs) -> {
            JsonArray a = new JsonArray();
            vs.forEach(a::add);
            o.add(k, a);
        });
        return o;
    }
}
