package org.spinerad.predict;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.spinerad.predict.report.RiskReport;
import org.spinerad.predict.report.RunSummary;
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
        Csv clinical = Csv.read(req.clinical());
        String src = req.clinical().toString();
        clinical.requireColumn(req.idColumn(), src);
        Set<String> clinicalColumns = Set.copyOf(clinical.header());
        List<RiskAnalysis.Source> sources = new ArrayList<>();
        for (var e : req.features().entrySet()) {
            FeatureTable t = FeatureTable.read(e.getValue(), req.idColumn(), null, null, clinicalColumns);
            if (req.iccTable() != null) t = keepReproducible(t, req.iccTable());
            if (t.cols() == 0) throw new SpineRadException(e.getValue() + ": no numeric feature column");
            SelectionPipeline.Mode mode = e.getKey().toUpperCase().startsWith("DL") ? SelectionPipeline.Mode.DEEP : SelectionPipeline.Mode.RADIOMICS;
            sources.add(new RiskAnalysis.Source(e.getKey(), t, mode));
        }
        RiskAnalysis.Config c = req.config();
        c = c.withClinical(req.clinicalVariables());
        RiskAnalysis.Result r = RiskAnalysis.run(sources, clinical, src, req.idColumn(), req.outcomeColumn(), c, progress);
        recordFeatureProvenance(r.finalModel(), req.features());
        writeOutputs(r, req, clinical, sources, progress);
        RunSummary.write(r, req, sources);
        RiskReport.write(req.outDir());
        return r;
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
        if (result.failed() > 0)
            throw new SpineRadException(manifest + ": radiomics failed for " + result.failed() + " patient(s); see "
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
        Evaluation.toCsv(Evaluation.table(r, req.bootstrap(), req.config().seed())).write(out.resolve("performance.csv"));
        Evaluation.comparisonsCsv(Evaluation.comparisons(r)).write(out.resolve("delong_tests.csv"));
        if (req.raterColumn() != null) {
            FeatureTable rater = new ClinicalEncoding(List.of(new ClinicalEncoding.Variable(req.raterColumn(), null)))
                    .encode(clinical, req.idColumn(), null, req.clinical().toString());
            Evaluation.raterCsv(Evaluation.raterComparison(r, rater.column(0), req.raterColumn())).write(out.resolve("model_vs_rater.csv"));
        }
        predictionsCsv(r, req.idColumn()).write(out.resolve("predictions.csv"));
        List<List<String>> warn = new ArrayList<>();
        for (RiskAnalysis.SignatureResult s : Evaluation.models(r))
            for (String w : s.selection().warnings()) warn.add(List.of(s.name(), w));
        new Csv(List.of("signature", "warning"), warn).write(out.resolve("warnings.csv"));
        r.finalModel().save(out.resolve("model.json"));
        if (req.nested()) {
            FeatureTable outcome = new ClinicalEncoding(List.of()).encode(clinical, req.idColumn(), req.outcomeColumn(),
                    req.clinical().toString());
            List<Learner> learners = req.config().learners() == null ? List.of(LogisticModel.LEARNER)
                    : req.config().learners().stream().map(Models::learner).toList();
            for (RiskAnalysis.Source s : sources) {
                NestedCv.Result n = NestedCv.run(outcome.join(s.table()), RiskAnalysis.selectionConfig(s.mode(), req.config()), learners,
                        req.config().folds(), req.permutations(), req.config().seed(), progress);
                List<List<String>> rows = List.of(List.of(s.name(), Csv.num(n.auc().estimate()), Csv.num(n.auc().lower()),
                        Csv.num(n.auc().upper()), Csv.num(n.permutationP()), Integer.toString(req.permutations())));
                new Csv(List.of("signature", "nested_cv_AUC", "AUC_CI_lower", "AUC_CI_upper", "permutation_p", "permutations"), rows)
                        .write(out.resolve("nested_cv_" + s.name() + ".csv"));
            }
        }
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
                rows.add(List.of(p.id(), Csv.num(p.probability()), p.riskClass() == 1 ? "high" : "low", contrib.toString()));
            }
            new Csv(List.of(idColumn, "probability", "risk_class", "contributions"), rows).write(outCsv);
        }
        return preds;
    }
}
