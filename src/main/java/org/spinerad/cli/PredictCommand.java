package org.spinerad.cli;

import org.spinerad.predict.analysis.RiskAnalysis;
import org.spinerad.predict.analysis.RiskModel;
import org.spinerad.predict.workflow.RiskWorkflow;
import org.spinerad.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code spinerad predict train|apply}: risk models from feature tables. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Risk prediction: train a model, or apply a saved one.",
        subcommands = {PredictCommand.Train.class, PredictCommand.Apply.class, PredictCommand.Report.class})
public final class PredictCommand implements Runnable {
    @Override
    public void run() { picocli.CommandLine.usage(this, System.out); }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Split, select features, compare the 14 classifiers, build signatures and the combined model; write tables, model.json and predictions.")
    static final class Train implements Runnable {
        @Option(names = "--clinical", required = true, description = "Clinical CSV with id, outcome and clinical variables.") Path clinical;
        @Option(names = "--id", defaultValue = "patient_id", description = "Id column (default ${DEFAULT-VALUE}).") String id;
        @Option(names = "--outcome", defaultValue = "outcome", description = "Binary outcome column (default ${DEFAULT-VALUE}).") String outcome;
        @Option(names = "--features", description = "NAME=FILE.csv feature table (e.g. Rad=radiomics.csv, DL=deep.csv); repeatable.") Map<String, Path> features = new LinkedHashMap<>();
        @Option(names = "--clinical-vars", split = ",", description = "Clinical variables to screen (comma-separated).") List<String> clinicalVars = List.of();
        @Option(names = "--ratios", split = ",", defaultValue = "7,2,1", description = "Train,validation,test ratios (default ${DEFAULT-VALUE}).") double[] ratios;
        @Option(names = "--centre-column", description = "Centre column for a by-centre split.") String centreColumn;
        @Option(names = "--test-centre", description = "Centre used as external test cohort.") String testCentre;
        @Option(names = "--learners", split = ",", description = "Classifiers to compare (default: all 14).") List<String> learners;
        @Option(names = "--folds", defaultValue = "10") int folds;
        @Option(names = "--seed", defaultValue = "1") long seed;
        @Option(names = "--nested", description = "Also run nested CV of the whole pipeline (selection, signatures, tuning and choice among the learners, combined model redone in every outer fold).") boolean nested;
        @Option(names = "--permutations", defaultValue = "0", description = "Permutation-test repeats of the whole nested CV (each costs one nested CV).") int permutations;
        @Option(names = "--bootstrap", defaultValue = "1000", description = "Bootstrap replicates for AUC CIs.") int bootstrap;
        @Option(names = "--lasso", defaultValue = "LOGISTIC", description = "LOGISTIC (L1 logistic regression) or LINEAR LASSO (default ${DEFAULT-VALUE}).")
        org.spinerad.predict.selection.Lasso.Kind lasso;
        @Option(names = "--impute", defaultValue = "IMPUTE_MEDIAN", description = "Missing values: IMPUTE_MEDIAN or IMPUTE_MEAN of the training rows (default ${DEFAULT-VALUE}).")
        org.spinerad.predict.selection.ColumnTransform.Kind impute;
        @Option(names = "--threshold", description = "Fixed decision threshold (default: Youden on out-of-fold training predictions).")
        Double threshold;
        @Option(names = "--rater-column", description = "Clinical column holding a rater's prediction (0/1 or score) to compare with the models.")
        String raterColumn;
        @Option(names = "--icc", description = "ICC table from 'spinerad stats icc': drop features it does not keep.") Path icc;
        @Option(names = "--empty-lasso", defaultValue = "stop", description = "When LASSO CV chooses the empty model: 'stop' (no signature from that table, with a warning) or 'first-feature' (keep the first feature on the LASSO path) (default ${DEFAULT-VALUE}).")
        String emptyLasso;
        @Option(names = "--recalibrate", defaultValue = "NONE", description = "Recalibrate each chosen model on its out-of-fold training predictions: NONE, PLATT or ISOTONIC (default ${DEFAULT-VALUE}); effect in recalibration.csv.")
        org.spinerad.predict.learners.Recalibrated.Method recalibrate;
        @Option(names = "--out", required = true, description = "Output folder.") Path out;

        @Override
        public void run() {
            if (!emptyLasso.equals("stop") && !emptyLasso.equals("first-feature"))
                throw new org.spinerad.util.SpineRadException("--empty-lasso must be 'stop' or 'first-feature', got '" + emptyLasso + "'");
            RiskAnalysis.Config d = RiskAnalysis.Config.defaults(seed);
            RiskAnalysis.Config c = new RiskAnalysis.Config(seed, folds, ratios, centreColumn, testCentre, d.validationFraction(),
                    learners, d.clinicalAlpha(), clinicalVars).with(lasso, impute, threshold == null ? Double.NaN : threshold)
                    .withModelling(emptyLasso.equals("first-feature"), recalibrate);
            RiskAnalysis.Result r = RiskWorkflow.train(new RiskWorkflow.TrainRequest(clinical, id, outcome, features, clinicalVars, c,
                    nested, permutations, bootstrap, out, icc, raterColumn), Progress.console("predict train"));
            for (RiskAnalysis.Warning w : r.warnings()) System.err.println("warning: " + w.scope() + ": " + w.message());
            if (nested) {
                org.spinerad.util.Csv runtime = org.spinerad.util.Csv.read(out.resolve("nested_cv_runtime.csv"));
                System.out.println("nested CV of the whole pipeline (" + runtime.cell(0, 0) + " outer folds, " + runtime.cell(0, 3)
                        + " learners, " + runtime.cell(0, 1) + " permutations) took " + runtime.cell(0, 4) + " s: "
                        + out.resolve("nested_cv_summary.csv"));
            }
            System.out.println("signatures: " + r.signatures().stream().map(s -> s.name() + " (" + s.bestLearner() + ")").toList()
                    + "; combined: " + r.combined().bestLearner() + "; model: " + out.resolve("model.json"));
            System.out.println("report: " + out.resolve(org.spinerad.predict.report.RiskReport.FILE));
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Render report.html again from the files of a 'predict train' output folder.")
    static final class Report implements Runnable {
        @Option(names = "--run", required = true, description = "Output folder of 'predict train'.") Path run;

        @Override
        public void run() {
            System.out.println("report: " + org.spinerad.predict.report.RiskReport.write(run));
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true, description = "Predict Risk: apply a saved model to new patients.")
    static final class Apply implements Runnable {
        @Option(names = "--model", required = true) Path model;
        @Option(names = "--features", description = "Feature CSV(s), joined by id.") List<Path> features = List.of();
        @Option(names = "--clinical", description = "Clinical CSV (when the model uses clinical variables).") Path clinical;
        @Option(names = "--id", defaultValue = "patient_id") String id;
        @Option(names = "--manifest", description = "Instead of feature tables: a manifest of images and masks (as for radiomics-batch); radiomics are computed first.")
        Path manifest;
        @Option(names = "--image", description = "Instead of feature tables: one patient's image (with --mask).") Path image;
        @Option(names = "--mask", description = "Label map of --image.") Path mask;
        @Option(names = "--sequence", defaultValue = "CT", description = "Sequence name of --image, as in the training manifest (default ${DEFAULT-VALUE}).") String sequence;
        @Option(names = "--patient", defaultValue = "patient", description = "Patient id for --image (default ${DEFAULT-VALUE}).") String patient;
        @Option(names = "--params", description = "Radiomics parameter file used for the training features.") Path params;
        @Option(names = "--structures", description = "Radiomics structures used for the training features, e.g. vertebra=1,2,3,4,5 (repeatable).")
        List<String> structures = List.of();
        @Option(names = "--out", description = "Predictions CSV (printed when absent).") Path out;

        @Override
        public void run() {
            List<RiskModel.Prediction> preds;
            if (image != null || manifest != null) {
                Path m = manifest != null ? manifest : singlePatientManifest();
                Path featuresOut = (out != null ? out.toAbsolutePath() : m.toAbsolutePath()).resolveSibling(
                        (out != null ? out.getFileName().toString() : "predict") + ".radiomics.csv");
                preds = RiskWorkflow.applyToImages(model, m, params, structures, featuresOut, clinical, out, Progress.console("radiomics"));
            } else preds = RiskWorkflow.apply(model, features, clinical, id, out);
            if (out == null)
                for (RiskModel.Prediction p : preds)
                    System.out.printf(java.util.Locale.ROOT, "%s\t%.6f\t%s\t%s%s%n", p.id(), p.probability(), p.riskClass() == 1 ? "high" : "low",
                            p.contributions(), p.imputed().isEmpty() ? "" : "\timputed: " + String.join(", ", p.imputed()));
            else System.out.println(preds.size() + " prediction(s) written to " + out);
            long flagged = preds.stream().filter(p -> !p.imputed().isEmpty()).count();
            if (flagged > 0)
                System.err.println("warning: " + flagged + " patient(s) had missing model inputs, imputed with the training values"
                        + (out == null ? "" : " (see the imputed_columns column of " + out + ")"));
        }

        private Path singlePatientManifest() {
            if (mask == null) throw new org.spinerad.util.SpineRadException("--image needs --mask");
            try {
                Path m = java.nio.file.Files.createTempFile("spinerad-manifest", ".csv");
                m.toFile().deleteOnExit();
                new org.spinerad.util.Csv(List.of("patient_id", sequence, sequence + "_mask"),
                        List.of(List.of(patient, image.toAbsolutePath().toString(), mask.toAbsolutePath().toString()))).write(m);
                return m;
            } catch (java.io.IOException e) {
                throw new org.spinerad.util.SpineRadException("cannot write a temporary manifest: " + e.getMessage(), e);
            }
        }
    }

}
