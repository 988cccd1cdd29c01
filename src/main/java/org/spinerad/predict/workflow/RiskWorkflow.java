package org.spinerad.predict.workflow;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.spinerad.predict.ClinicalEncoding;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.Rows;
import org.spinerad.predict.analysis.RiskAnalysis;
import org.spinerad.predict.analysis.RiskModel;
import org.spinerad.predict.evaluation.Evaluation;
import org.spinerad.predict.evaluation.Honesty;
import org.spinerad.predict.evaluation.NestedCv;
import org.spinerad.predict.learners.Recalibrated;
import org.spinerad.predict.report.RiskReport;
import org.spinerad.predict.selection.LassoCV;
import org.spinerad.predict.selection.SelectionPipeline;
import org.spinerad.radiomics.ParameterFile;
import org.spinerad.radiomics.RadiomicsBatch;
import org.spinerad.radiomics.RadiomicsComponents;
import org.spinerad.radiomics.RadiomicsTable;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * File-level entry points shared by the CLI ({@code spinerad predict ...}) and the Fiji commands: train a risk
 * analysis from CSV tables into an output folder, and apply a saved model to new patients.
 */
public final class RiskWorkflow {
    private RiskWorkflow() {}

    /** What a training run reads; {@code features} maps a signature name ("Rad", "DL") to its CSV. */
    public record TrainRequest(Path clinical, String idColumn, String outcomeColumn, Map<String, Path> features,
                               List<String> clinicalVariables, RiskAnalysis.Config config, boolean nested, int permutations,
                               int bootstrap, Path outDir, Path iccTable, String raterColumn) {
        public TrainRequest(Path clinical, String idColumn, String outcomeColumn, Map<String, Path> features, List<String> clinicalVariables,
                            RiskAnalysis.Config config, boolean nested, int permutations, int bootstrap, Path outDir) {
            this(clinical, idColumn, outcomeColumn, features, clinicalVariables, config, nested, permutations, bootstrap, outDir, null, null);
        }
    }

    public static RiskAnalysis.Result train(TrainRequest req, Progress progress) {
        Inputs in = validate(req);
        RiskAnalysis.Result r = RiskAnalysis.run(in.sources(), in.clinical(), req.clinical().toString(), req.idColumn(),
                req.outcomeColumn(), req.config().withClinical(req.clinicalVariables()), progress);
        r.warnings().addAll(0, in.warnings());
        recordFeatureProvenance(r.finalModel(), req.features());
        writeOutputs(r, req, in.clinical(), in.sources(), progress);
        RunSummary.write(r, req, in.sources());
        RiskReport.write(req.outDir());
        return r;
    }

    /** The checked inputs of a training run, and caveats found while reading them. */
    record Inputs(Csv clinical, List<RiskAnalysis.Source> sources, List<RiskAnalysis.Warning> warnings) {}

    /**
     * Reads and checks every input before anything is fitted (fails in well under a second on cohort-size tables):
     * options, clinical table, id/outcome/clinical/centre/rater columns, classifier names, feature tables and their ids,
     * the ICC table, and that the output folder can be written.
     */
    static Inputs validate(TrainRequest req) {
        RiskAnalysis.Config c = req.config();
        if (c.folds() < 2) throw new SpineRadException("--folds must be at least 2, got " + c.folds());
        if (c.ratios() == null || c.ratios().length != 3 || java.util.Arrays.stream(c.ratios()).anyMatch(v -> !(v >= 0))
                || c.ratios()[0] <= 0)
            throw new SpineRadException("--ratios needs 3 non-negative numbers train,validation,test with train > 0, got "
                    + java.util.Arrays.toString(c.ratios()));
        if (req.bootstrap() < 2) throw new SpineRadException("--bootstrap must be at least 2, got " + req.bootstrap());
        if (req.permutations() < 0) throw new SpineRadException("--permutations must be 0 or more, got " + req.permutations());
        if (c.testCentre() != null && c.centreColumn() == null)
            throw new SpineRadException("--test-centre needs --centre-column (the clinical column that names each patient's centre)");
        if (c.centreColumn() != null && c.testCentre() == null)
            throw new SpineRadException("--centre-column needs --test-centre (the centre used as external test cohort)");
        RiskAnalysis.learners(c);
        Path clinicalFile = req.clinical();
        String src = clinicalFile.toString();
        Csv clinical = Csv.read(clinicalFile);
        clinical.requireColumn(req.idColumn(), src);
        clinical.requireColumn(req.outcomeColumn(), src);
        FeatureTable base = new ClinicalEncoding(List.of()).encode(clinical, req.idColumn(), req.outcomeColumn(), src);
        base.requireBinaryOutcome();
        List<String> vars = req.clinicalVariables() == null ? List.of() : req.clinicalVariables();
        for (String v : vars)
            if (clinical.column(v) < 0)
                throw new SpineRadException(src + ": --clinical-vars names no column '" + v + "' (columns: " + String.join(", ", clinical.header()) + ")");
        ClinicalEncoding.infer(clinical, vars, src);
        if (c.centreColumn() != null) {
            int col = clinical.requireColumn(c.centreColumn(), src);
            java.util.TreeSet<String> centres = new java.util.TreeSet<>();
            for (int r = 0; r < clinical.rowCount(); r++) centres.add(clinical.cell(r, col).trim());
            if (!centres.contains(c.testCentre()))
                throw new SpineRadException(src + ": no patient of centre '" + c.testCentre() + "' in column '" + c.centreColumn()
                        + "' (centres: " + String.join(", ", centres) + ")");
        }
        if (req.raterColumn() != null) clinical.requireColumn(req.raterColumn(), src);
        if (req.features().isEmpty() && vars.isEmpty())
            throw new SpineRadException("nothing to model: give at least one feature table (--features) or clinical variable (--clinical-vars)");
        Set<String> clinicalColumns = Set.copyOf(clinical.header());
        List<RiskAnalysis.Source> sources = new ArrayList<>();
        List<RiskAnalysis.Warning> warnings = new ArrayList<>();
        for (var e : req.features().entrySet()) {
            List<String> text = new ArrayList<>();
            FeatureTable t = FeatureTable.read(e.getValue(), req.idColumn(), null, null, clinicalColumns, text);
            for (String col : text)
                warnings.add(new RiskAnalysis.Warning("input " + e.getValue().getFileName(), "column '" + col
                        + "' holds text, not numbers: not used as a feature"));
            if (req.iccTable() != null) t = keepReproducible(t, req.iccTable());
            if (t.cols() == 0) throw new SpineRadException(e.getValue() + ": no numeric feature column");
            base.join(t); // every patient of the clinical table needs a row
            SelectionPipeline.Mode mode = e.getKey().toUpperCase().startsWith("DL") ? SelectionPipeline.Mode.DEEP : SelectionPipeline.Mode.RADIOMICS;
            sources.add(new RiskAnalysis.Source(e.getKey(), t, mode));
        }
        requireWritableFolder(req.outDir());
        return new Inputs(clinical, sources, warnings);
    }

    static void requireWritableFolder(Path out) {
        try {
            Files.createDirectories(out);
            Path probe = Files.createTempFile(out, ".write-test", ".tmp");
            Files.delete(probe);
        } catch (java.io.IOException | SecurityException e) {
            throw new SpineRadException(out + ": output folder cannot be written: " + e.getMessage(), e);
        }
    }

    /** Copies each feature table's provenance sidecar (extraction settings, versions), when present, into the model. */
    static void recordFeatureProvenance(RiskModel model, Map<String, Path> features) {
        JsonObject settings = new JsonObject();
        for (var e : features.entrySet()) {
            Path side = RadiomicsTable.provenancePath(e.getValue());
            if (!Files.isRegularFile(side)) continue;
            try {
                settings.add(e.getKey(), JsonParser.parseString(Files.readString(side)));
            } catch (java.io.IOException | RuntimeException ex) {
                throw new SpineRadException(side + ": unreadable provenance file: " + ex.getMessage(), ex);
            }
        }
        model.provenance().add("feature_settings", settings);
    }

    /**
     * Predict Risk from images: radiomics of the patients of a manifest (image + mask per sequence, as for
     * {@code radiomics-batch}) with the training's parameter file and structures, written to {@code featuresOut}
     * (kept, so nothing computed is lost), then the model applied.
     */
    public static List<RiskModel.Prediction> applyToImages(Path modelFile, Path manifest, Path params, List<String> structures,
                                                           Path featuresOut, Path clinicalFile, Path outCsv, Progress progress) {
        ParameterFile config = params == null ? ParameterFile.defaults()
                : ParameterFile.read(params);
        List<RadiomicsBatch.Structure> st = structures.stream().map(RadiomicsBatch.Structure::parse).toList();
        var result = RadiomicsBatch.withFiles(RadiomicsComponents.extractor(config, 1), st,
                List.of(), null).run(manifest, featuresOut, progress);
        if (!result.allDone())
            throw new SpineRadException(manifest + ": radiomics failed for " + (result.failed() + result.failedBefore()) + " patient(s); see "
                    + RadiomicsBatch.errorsPath(featuresOut));
        return apply(modelFile, List.of(featuresOut), clinicalFile, RadiomicsBatch.ID, outCsv);
    }

    /** Drops features that an ICC table (from {@code spinerad stats icc}) does not mark as kept. */
    static FeatureTable keepReproducible(FeatureTable t, Path iccTable) {
        Csv icc = Csv.read(iccTable);
        int f = icc.requireColumn("feature", iccTable.toString()), k = icc.requireColumn("kept", iccTable.toString());
        Set<String> kept = new java.util.HashSet<>();
        Set<String> rated = new java.util.HashSet<>();
        for (int r = 0; r < icc.rowCount(); r++) {
            rated.add(icc.cell(r, f));
            if (Boolean.parseBoolean(icc.cell(r, k).trim())) kept.add(icc.cell(r, f));
        }
        // features the ICC table does not list (e.g. from another source) are left alone
        List<String> keep = t.names().stream().filter(n -> kept.contains(n) || !rated.contains(n)).toList();
        return t.select(keep);
    }

    private static void writeOutputs(RiskAnalysis.Result r, TrainRequest req, Csv clinical, List<RiskAnalysis.Source> sources,
                                     Progress progress) {
        Path out = req.outDir();
        try {
            Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new SpineRadException(out + ": cannot create output folder: " + e.getMessage(), e);
        }
        List<List<String>> split = new ArrayList<>();
        r.split().assignments().forEach((id, cohort) -> split.add(List.of(id, cohort)));
        new Csv(List.of(req.idColumn(), "cohort"), split).write(out.resolve("split.csv"));
        for (RiskAnalysis.SignatureResult s : Evaluation.models(r)) {
            comparisonCsv(s).write(out.resolve("comparison_" + s.name() + ".csv"));
            if (s.selection().lasso() != null) {
                selectionCsv(s.selection()).write(out.resolve("selected_features_" + s.name() + ".csv"));
                lassoCurveCsv(s.selection().lasso()).write(out.resolve("lasso_cv_" + s.name() + ".csv"));
                lassoPathCsv(s.selection()).write(out.resolve("lasso_path_" + s.name() + ".csv"));
            }
        }
        List<List<String>> clin = new ArrayList<>();
        for (RiskAnalysis.ClinicalRow c : r.clinical())
            clin.add(List.of(c.variable(), Csv.num(c.oddsRatio()), Csv.num(c.lower()), Csv.num(c.upper()), Csv.num(c.pValue()),
                    Boolean.toString(c.selected())));
        new Csv(List.of("variable", "odds_ratio", "OR_CI_lower", "OR_CI_upper", "p_value", "selected"), clin)
                .write(out.resolve("clinical_screening.csv"));
        List<Evaluation.Row> performance = Evaluation.table(r, req.bootstrap(), req.config().seed());
        Evaluation.toCsv(performance).write(out.resolve("performance.csv"));
        r.warnings().addAll(Honesty.check(r, performance));
        calibrationCandidatesCsv(r).write(out.resolve("calibration_candidates.csv"));
        if (req.config().recalibration() != Recalibrated.Method.NONE)
            recalibrationCsv(r, req.config().recalibration()).write(out.resolve("recalibration.csv"));
        Evaluation.comparisonsCsv(Evaluation.comparisons(r)).write(out.resolve("delong_tests.csv"));
        if (req.raterColumn() != null) {
            FeatureTable rater = new ClinicalEncoding(List.of(new ClinicalEncoding.Variable(req.raterColumn(), null)))
                    .encode(clinical, req.idColumn(), null, req.clinical().toString());
            Evaluation.raterCsv(Evaluation.raterComparison(r, rater.column(0), req.raterColumn())).write(out.resolve("model_vs_rater.csv"));
        }
        predictionsCsv(r, req.idColumn()).write(out.resolve("predictions.csv"));
        if (req.nested()) nested(r, req, clinical, sources, progress);
        List<List<String>> warn = new ArrayList<>();
        for (RiskAnalysis.SignatureResult s : Evaluation.models(r))
            for (String w : s.selection().warnings()) warn.add(List.of(s.name(), w));
        for (RiskAnalysis.Warning w : r.warnings()) warn.add(List.of(w.scope(), w.message()));
        new Csv(List.of("signature", "warning"), warn).write(out.resolve("warnings.csv"));
        r.finalModel().save(out.resolve("model.json"));
    }

    /** Nested CV of the whole pipeline; its runtime goes to nested_cv_runtime.csv (the run's only non-reproducible file). */
    private static void nested(RiskAnalysis.Result r, TrainRequest req, Csv clinical, List<RiskAnalysis.Source> sources, Progress progress) {
        Path out = req.outDir();
        RiskAnalysis.Config c = req.config().withClinical(req.clinicalVariables());
        long start = System.nanoTime();
        NestedCv.PipelineResult n = NestedCv.pipeline(sources, clinical, req.clinical().toString(), req.idColumn(), req.outcomeColumn(),
                c, req.permutations(), progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        int[] y = new ClinicalEncoding(List.of()).encode(clinical, req.idColumn(), req.outcomeColumn(), req.clinical().toString()).y();
        List<String> ids = new ArrayList<>();
        int idCol = clinical.requireColumn(req.idColumn(), req.clinical().toString());
        for (int i = 0; i < clinical.rowCount(); i++) ids.add(clinical.cell(i, idCol).trim());
        List<List<String>> summary = new ArrayList<>();
        for (String m : n.models()) {
            double[] p = n.outOfFold().get(m);
            var auc = n.auc().get(m);
            RiskAnalysis.CalibrationSummary cal = RiskAnalysis.CalibrationSummary.of(p, y);
            summary.add(List.of(m, Integer.toString(y.length), Integer.toString(Rows.positives(y)), Integer.toString(c.folds()),
                    Csv.num(auc.estimate()), Csv.num(auc.lower()), Csv.num(auc.upper()), Csv.num(cal.brier()),
                    Csv.num(Honesty.prevalenceBrier((double) Rows.positives(y) / y.length, y)), Csv.num(cal.slope()),
                    Csv.num(cal.intercept()), Csv.num(n.permutationP().get(m)), Integer.toString(n.permutations()),
                    String.join(";", n.chosenLearners().get(m))));
            new Csv(List.of("signature", "nested_cv_AUC", "AUC_CI_lower", "AUC_CI_upper", "permutation_p", "permutations"),
                    List.of(List.of(m, Csv.num(auc.estimate()), Csv.num(auc.lower()), Csv.num(auc.upper()),
                            Csv.num(n.permutationP().get(m)), Integer.toString(n.permutations()))))
                    .write(out.resolve("nested_cv_" + m.replaceFirst("-sign$", "") + ".csv"));
        }
        new Csv(List.of("model", "n", "positive", "outer_folds", "AUC", "AUC_CI_lower_DeLong", "AUC_CI_upper_DeLong",
                "Brier", "Brier_prevalence_model", "calibration_slope", "calibration_intercept", "permutation_p", "permutations",
                "chosen_learner_per_outer_fold"), summary).write(out.resolve("nested_cv_summary.csv"));
        List<String> header = new ArrayList<>(List.of(req.idColumn(), "outcome", "outer_fold"));
        header.addAll(n.models());
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            List<String> row = new ArrayList<>(List.of(ids.get(i), Integer.toString(y[i]), Integer.toString(n.fold()[i] + 1)));
            for (String m : n.models()) row.add(Csv.num(n.outOfFold().get(m)[i]));
            rows.add(row);
        }
        new Csv(header, rows).write(out.resolve("nested_cv_predictions.csv"));
        new Csv(List.of("outer_folds", "permutations", "models", "learners", "runtime_s"), List.of(List.of(Integer.toString(c.folds()),
                Integer.toString(n.permutations()), Integer.toString(n.models().size()), Integer.toString(RiskAnalysis.learners(c).size()),
                String.format(java.util.Locale.ROOT, "%.1f", seconds)))).write(out.resolve("nested_cv_runtime.csv"));
        for (String note : n.notes()) r.warnings().add(new RiskAnalysis.Warning("nested CV", note));
    }

    /** Every candidate classifier of every model: CV AUC (the choice) and calibration of its out-of-fold and held-out predictions. */
    static Csv calibrationCandidatesCsv(RiskAnalysis.Result r) {
        List<List<String>> rows = new ArrayList<>();
        for (RiskAnalysis.SignatureResult s : Evaluation.models(r))
            for (RiskAnalysis.LearnerRow l : s.comparison()) {
                List<String> row = new ArrayList<>(List.of(s.name(), l.learner(), Boolean.toString(l.learner().equals(s.bestLearner())),
                        Csv.num(l.cvAuc())));
                for (RiskAnalysis.CalibrationSummary cal : List.of(l.cvCalibration(), l.validationCalibration(), l.testCalibration()))
                    row.addAll(List.of(Csv.num(cal.brier()), Csv.num(cal.slope()), Csv.num(cal.intercept())));
                rows.add(row);
            }
        return new Csv(List.of("model", "classifier", "chosen", "cv_AUC_mean", "cv_Brier", "cv_calibration_slope", "cv_calibration_intercept",
                "validation_Brier", "validation_calibration_slope", "validation_calibration_intercept", "test_Brier",
                "test_calibration_slope", "test_calibration_intercept"), rows);
    }

    /** The effect of recalibration per model and cohort (training values cross-fitted within the CV folds). */
    static Csv recalibrationCsv(RiskAnalysis.Result r, Recalibrated.Method method) {
        List<List<String>> rows = new ArrayList<>();
        for (RiskAnalysis.SignatureResult s : Evaluation.models(r))
            for (String cohort : RiskAnalysis.COHORTS) {
                int[] y = r.outcome(cohort);
                if (s.uncalibrated() == null || y.length == 0 || !Rows.bothClasses(y)) continue;
                double[] before = s.uncalibrated().get(cohort), after = s.scores().get(cohort);
                RiskAnalysis.CalibrationSummary b = RiskAnalysis.CalibrationSummary.of(before, y), a = RiskAnalysis.CalibrationSummary.of(after, y);
                rows.add(List.of(s.name(), method.name().toLowerCase(), cohort, Csv.num(new org.spinerad.stats.Roc(before, y).auc()),
                        Csv.num(new org.spinerad.stats.Roc(after, y).auc()), Csv.num(b.brier()), Csv.num(a.brier()), Csv.num(b.slope()),
                        Csv.num(a.slope()), Csv.num(b.intercept()), Csv.num(a.intercept())));
            }
        return new Csv(List.of("model", "method", "cohort", "AUC_before", "AUC_after", "Brier_before", "Brier_after",
                "calibration_slope_before", "calibration_slope_after", "calibration_intercept_before", "calibration_intercept_after"), rows);
    }

    static Csv comparisonCsv(RiskAnalysis.SignatureResult s) {
        List<List<String>> rows = new ArrayList<>();
        for (RiskAnalysis.LearnerRow l : s.comparison())
            rows.add(List.of(l.learner(), l.params().toString(), Csv.num(l.cvAuc()), Csv.num(l.cvSd()), Csv.num(l.validationAuc()),
                    Csv.num(l.testAuc()), Boolean.toString(l.learner().equals(s.bestLearner()))));
        return new Csv(List.of("classifier", "best_params", "cv_AUC_mean", "cv_AUC_sd", "validation_AUC", "test_AUC", "chosen"), rows);
    }

    static Csv selectionCsv(SelectionPipeline.Result sel) {
        List<List<String>> rows = new ArrayList<>();
        sel.coefficients().forEach((f, c) -> rows.add(List.of(f, Csv.num(c))));
        rows.add(List.of("(lambda)", Csv.num(sel.lasso().lambda())));
        return new Csv(List.of("feature", "lasso_coefficient"), rows);
    }

    static Csv lassoCurveCsv(LassoCV.Result l) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < l.lambdas().length; i++) {
            int nz = 0;
            for (double b : l.coefficientPath()[i]) if (b != 0) nz++;
            rows.add(List.of(Csv.num(l.lambdas()[i]), Csv.num(Math.log10(l.lambdas()[i])), Csv.num(l.cvMean()[i]), Csv.num(l.cvSd()[i]),
                    Integer.toString(nz)));
        }
        return new Csv(List.of("lambda", "log10_lambda", "cv_deviance_mean", "cv_deviance_sd", "nonzero"), rows);
    }

    /** LASSO coefficient paths: one row per lambda, one column per feature entering LASSO. */
    static Csv lassoPathCsv(SelectionPipeline.Result sel) {
        LassoCV.Result l = sel.lasso();
        List<String> names = sel.steps().get(sel.steps().size() - 1).inputFeatures();
        List<String> header = new ArrayList<>(List.of("lambda", "log10_lambda"));
        header.addAll(names);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < l.lambdas().length; i++) {
            List<String> row = new ArrayList<>(List.of(Csv.num(l.lambdas()[i]), Csv.num(Math.log10(l.lambdas()[i]))));
            for (double b : l.coefficientPath()[i]) row.add(Csv.num(b));
            rows.add(row);
        }
        return new Csv(header, rows);
    }

    static Csv predictionsCsv(RiskAnalysis.Result r, String idColumn) {
        List<String> header = new ArrayList<>(List.of(idColumn, "cohort", "outcome"));
        Map<String, double[]> all = new LinkedHashMap<>();
        for (RiskAnalysis.SignatureResult s : Evaluation.models(r)) {
            header.add(s.name());
            all.put(s.name(), RiskAnalysis.assemble(s.scores(), r.split(), r.ids()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < r.ids().size(); i++) {
            List<String> row = new ArrayList<>(List.of(r.ids().get(i), r.split().assignments().get(r.ids().get(i)), Integer.toString(r.outcome()[i])));
            for (double[] v : all.values()) row.add(Csv.num(v[i]));
            rows.add(row);
        }
        return new Csv(header, rows);
    }

    /** Applies a saved model to the rows of feature tables (joined by id) and an optional clinical table. */
    public static List<RiskModel.Prediction> apply(Path modelFile, List<Path> featureFiles, Path clinicalFile, String idColumn, Path outCsv) {
        RiskModel m = RiskModel.load(modelFile);
        FeatureTable t = null;
        for (Path f : featureFiles) {
            FeatureTable ft = FeatureTable.read(f, idColumn, null, null, Set.of());
            t = t == null ? ft : t.join(ft);
        }
        Csv clinical = clinicalFile == null ? null : Csv.read(clinicalFile);
        if (t == null) {
            if (clinical == null) throw new SpineRadException("give at least one feature table or a clinical table");
            t = new ClinicalEncoding(List.of()).encode(clinical, idColumn, null, clinicalFile.toString());
        }
        List<RiskModel.Prediction> preds = m.predict(t, clinical, idColumn, clinicalFile == null ? "" : clinicalFile.toString());
        if (outCsv != null) {
            List<List<String>> rows = new ArrayList<>();
            for (RiskModel.Prediction p : preds) {
                StringBuilder contrib = new StringBuilder();
                p.contributions().forEach((k, v) -> contrib.append(contrib.length() == 0 ? "" : "; ").append(k).append('=').append(String.format(java.util.Locale.ROOT, "%.4g", v)));
                rows.add(List.of(p.id(), Csv.num(p.probability()), p.riskClass() == 1 ? "high" : "low", contrib.toString(),
                        Integer.toString(p.imputed().size()), String.join("; ", p.imputed())));
            }
            new Csv(List.of(idColumn, "probability", "risk_class", "contributions", "imputed_count", "imputed_columns"), rows).write(outCsv);
        }
        return preds;
    }
}
