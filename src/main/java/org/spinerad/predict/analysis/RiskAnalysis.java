package org.spinerad.predict.analysis;

import com.google.gson.JsonObject;
import org.spinerad.predict.ClinicalEncoding;
import org.spinerad.predict.CohortSplit;
import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.Folds;
import org.spinerad.predict.Rows;
import org.spinerad.predict.learners.GridSearch;
import org.spinerad.predict.learners.Learner;
import org.spinerad.predict.learners.Model;
import org.spinerad.predict.learners.Models;
import org.spinerad.predict.learners.Recalibrated;
import org.spinerad.predict.selection.ColumnTransform;
import org.spinerad.predict.selection.Lasso;
import org.spinerad.predict.selection.SelectionPipeline;
import org.spinerad.predict.selection.Step;
import org.spinerad.stats.Calibration;
import org.spinerad.stats.LogisticRegression;
import org.spinerad.stats.Roc;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The studies' analysis on feature tables: cohort split; per feature source (radiomics "Rad", deep "DL") selection
 * fitted on training rows and the 14 classifiers compared by cross-validated AUC, the best one giving the signature
 * (training values are out-of-fold predictions); clinical variables screened by univariate logistic regression; a
 * combined model over the signatures and the selected clinical variables, again over all classifiers.
 */
public final class RiskAnalysis {

    /**
     * Analysis settings. {@code emptyLassoFallback}: an empty LASSO selection keeps the first feature on the path
     * instead of dropping that signature; {@code recalibration}: optional calibration map for each chosen model,
     * fitted on its out-of-fold training predictions.
     */
    public record Config(long seed, int folds, double[] ratios, String centreColumn, String testCentre, double validationFraction,
                         List<String> learners, double clinicalAlpha, List<String> clinicalVariables,
                         Lasso.Kind lassoKind, ColumnTransform.Kind impute, double fixedThreshold,
                         boolean emptyLassoFallback, Recalibrated.Method recalibration) {
        public Config(long seed, int folds, double[] ratios, String centreColumn, String testCentre, double validationFraction,
                      List<String> learners, double clinicalAlpha, List<String> clinicalVariables,
                      Lasso.Kind lassoKind, ColumnTransform.Kind impute, double fixedThreshold) {
            this(seed, folds, ratios, centreColumn, testCentre, validationFraction, learners, clinicalAlpha, clinicalVariables,
                    lassoKind, impute, fixedThreshold, false, Recalibrated.Method.NONE);
        }

        /** Logistic LASSO, median imputation and the Youden threshold. */
        public Config(long seed, int folds, double[] ratios, String centreColumn, String testCentre, double validationFraction,
                      List<String> learners, double clinicalAlpha, List<String> clinicalVariables) {
            this(seed, folds, ratios, centreColumn, testCentre, validationFraction, learners, clinicalAlpha, clinicalVariables,
                    Lasso.Kind.LOGISTIC, ColumnTransform.Kind.IMPUTE_MEDIAN, Double.NaN);
        }

        public static Config defaults(long seed) {
            return new Config(seed, 10, new double[]{7, 2, 1}, null, null, 0.2, null, 0.05, null);
        }

        /** The same with another LASSO kind, imputation and threshold (NaN = Youden on out-of-fold training values). */
        public Config with(Lasso.Kind lasso, ColumnTransform.Kind imputation, double threshold) {
            return new Config(seed, folds, ratios, centreColumn, testCentre, validationFraction, learners, clinicalAlpha,
                    clinicalVariables, lasso, imputation, threshold, emptyLassoFallback, recalibration);
        }

        /** The same with other clinical variables. */
        public Config withClinical(List<String> variables) {
            return new Config(seed, folds, ratios, centreColumn, testCentre, validationFraction, learners, clinicalAlpha,
                    variables, lassoKind, impute, fixedThreshold, emptyLassoFallback, recalibration);
        }

        /** The same with another empty-LASSO policy and recalibration method. */
        public Config withModelling(boolean fallback, Recalibrated.Method method) {
            return new Config(seed, folds, ratios, centreColumn, testCentre, validationFraction, learners, clinicalAlpha,
                    clinicalVariables, lassoKind, impute, fixedThreshold, fallback, method);
        }
    }

    /** One source of features, e.g. ("Rad", radiomics table, RADIOMICS) or ("DL", deep table, DEEP). */
    public record Source(String name, FeatureTable table, SelectionPipeline.Mode mode) {}

    /**
     * Brier score and logistic calibration slope/intercept of one set of predictions; slope and intercept are NaN when
     * not estimable (predictions that separate the classes, or a fit that does not converge).
     */
    public record CalibrationSummary(double brier, double slope, double intercept) {
        static final CalibrationSummary NONE = new CalibrationSummary(Double.NaN, Double.NaN, Double.NaN);

        public static CalibrationSummary of(double[] p, int[] y) {
            if (p.length == 0 || !Rows.bothClasses(y)) return NONE;
            double brier = Calibration.brier(p, y), auc = new Roc(p, y).auc();
            if (auc == 0 || auc == 1) return new CalibrationSummary(brier, Double.NaN, Double.NaN); // separated: slope infinite
            try {
                Calibration.InterceptSlope c = Calibration.interceptSlope(p, y);
                if (!c.fit().converged()) return new CalibrationSummary(brier, Double.NaN, Double.NaN);
                return new CalibrationSummary(brier, c.slope(), c.intercept());
            } catch (SpineRadException e) {
                return new CalibrationSummary(brier, Double.NaN, Double.NaN); // e.g. separated predictions
            }
        }
    }

    /** One classifier of the comparison: tuned by CV AUC; calibration of its out-of-fold and held-out predictions. */
    public record LearnerRow(String learner, Map<String, Double> params, double cvAuc, double cvSd,
                             double validationAuc, double testAuc, CalibrationSummary cvCalibration,
                             CalibrationSummary validationCalibration, CalibrationSummary testCalibration) {
        public LearnerRow(String learner, Map<String, Double> params, double cvAuc, double cvSd, double validationAuc, double testAuc) {
            this(learner, params, cvAuc, cvSd, validationAuc, testAuc, CalibrationSummary.NONE, CalibrationSummary.NONE, CalibrationSummary.NONE);
        }
    }

    /**
     * A signature (or the combined model): its selection, the comparison, the chosen learner, the saved model and the
     * per-cohort scores ("train" scores are out-of-fold CV predictions); {@code uncalibrated} holds the scores before
     * recalibration (null without).
     */
    public record SignatureResult(String name, SelectionPipeline.Result selection, List<LearnerRow> comparison,
                                  String bestLearner, RiskModel model, Map<String, double[]> scores, Map<String, double[]> uncalibrated) {
        public SignatureResult(String name, SelectionPipeline.Result selection, List<LearnerRow> comparison,
                               String bestLearner, RiskModel model, Map<String, double[]> scores) {
            this(name, selection, comparison, bestLearner, model, scores, null);
        }
    }

    /** A caveat about the run, e.g. few events; {@code scope} names a model, a cohort or an input. */
    public record Warning(String scope, String message) {}

    public record ClinicalRow(String variable, double oddsRatio, double lower, double upper, double pValue, boolean selected) {}

    public record Result(CohortSplit split, List<String> ids, int[] outcome, List<SignatureResult> signatures,
                         List<ClinicalRow> clinical, SignatureResult combined, List<Warning> warnings) {
        public Result(CohortSplit split, List<String> ids, int[] outcome, List<SignatureResult> signatures,
                      List<ClinicalRow> clinical, SignatureResult combined) {
            this(split, ids, outcome, signatures, clinical, combined, new ArrayList<>());
        }

        /** Row indices of a cohort in {@link #ids()} order. */
        public int[] rows(String cohort) {
            List<Integer> r = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) if (cohort.equals(split.assignments().get(ids.get(i)))) r.add(i);
            return r.stream().mapToInt(Integer::intValue).toArray();
        }

        public int[] outcome(String cohort) { return Rows.of(outcome, rows(cohort)); }

        /** The model to save: the combined one. */
        public RiskModel finalModel() { return combined.model(); }
    }

    public static final List<String> COHORTS = List.of(CohortSplit.TRAIN, CohortSplit.VALIDATION, CohortSplit.TEST);

    private RiskAnalysis() {}

    public static Result run(List<Source> sources, Csv clinical, String clinicalSource, String idColumn, String outcomeColumn,
                             Config c, Progress progress) {
        if (sources.isEmpty() && (c.clinicalVariables() == null || c.clinicalVariables().isEmpty()))
            throw new SpineRadException("nothing to model: give at least one feature table or clinical variable");
        // outcome and row order come from the clinical table
        FeatureTable base = new ClinicalEncoding(List.of()).encode(clinical, idColumn, outcomeColumn, clinicalSource);
        base.requireBinaryOutcome();
        List<String> ids = base.ids();
        int[] y = base.y();
        CohortSplit split;
        if (c.testCentre() != null) {
            int col = clinical.requireColumn(c.centreColumn(), clinicalSource);
            List<String> centre = new ArrayList<>();
            for (int r = 0; r < clinical.rowCount(); r++) centre.add(clinical.cell(r, col).trim());
            split = CohortSplit.byCentre(ids, y, centre, c.testCentre(), c.validationFraction(), c.seed());
        } else split = CohortSplit.stratified(ids, y, c.ratios(), c.seed());
        return analyse(sources, clinical, clinicalSource, idColumn, outcomeColumn, base, split, c, progress);
    }

    /** The analysis on a given split (also each outer fold of the pipeline's nested CV, with held-out rows as "test"). */
    public static Result analyse(List<Source> sources, Csv clinical, String clinicalSource, String idColumn, String outcomeColumn,
                          FeatureTable base, CohortSplit split, Config c, Progress progress) {
        List<String> ids = base.ids();
        int[] y = base.y();
        int[] train = split.rows(base, CohortSplit.TRAIN);
        List<Learner> learners = learners(c);
        List<Warning> warnings = new ArrayList<>();

        List<SignatureResult> signatures = new ArrayList<>();
        for (Source s : sources) {
            FeatureTable t = base.join(s.table());
            SelectionPipeline.Result sel;
            try {
                sel = SelectionPipeline.fit(t.rows(train), selectionConfig(s.mode(), c), progress);
            } catch (SelectionPipeline.EmptySelection e) {
                warnings.add(new Warning(s.name() + "-sign", "signature not built from " + s.table().source() + ": " + e.getMessage()));
                continue;
            }
            FeatureTable selected = sel.apply(t);
            signatures.add(compare(s.name() + "-sign", selected, sel, learners, split, c, progress));
        }

        // clinical screening on training rows
        List<String> clinicalVars = c.clinicalVariables() == null ? List.of() : c.clinicalVariables();
        ClinicalEncoding encoding = ClinicalEncoding.infer(clinical, clinicalVars, clinicalSource);
        FeatureTable clinicalX = encoding.encode(clinical, idColumn, outcomeColumn, clinicalSource);
        List<ClinicalRow> screening = screen(clinicalX.rows(train), c.clinicalAlpha());
        List<String> keptClinical = screening.stream().filter(ClinicalRow::selected).map(ClinicalRow::variable).toList();

        // combined model over signature values (out-of-fold on training rows) and selected clinical columns
        FeatureTable combinedX = clinicalX.select(keptClinical);
        for (SignatureResult s : signatures) combinedX = combinedX.withColumn(s.name(), assemble(s.scores(), split, ids));
        if (combinedX.cols() == 0)
            throw new SpineRadException("no signature" + (warnings.isEmpty() ? "" : " (" + warnings.get(0).message() + ")")
                    + " and no clinical variable with p < " + c.clinicalAlpha() + ": nothing to combine");
        List<Step> steps = new ArrayList<>();
        steps.add(ColumnTransform.fit(c.impute(), combinedX.rows(train)));
        steps.add(ColumnTransform.fit(ColumnTransform.Kind.ZSCORE, steps.get(0).apply(combinedX.rows(train))));
        SelectionPipeline.Result none = new SelectionPipeline.Result(steps, null, combinedX.names(), List.of());
        SignatureResult combinedRaw = compare("Combined", SelectionPipeline.apply(steps, combinedX), none, learners, split, c, progress);
        List<RiskModel.Signature> subModels = signatures.stream().map(s -> new RiskModel.Signature(s.name(), s.model())).toList();
        RiskModel combinedModel = new RiskModel(subModels, keptClinical.isEmpty() ? null : restrict(encoding, keptClinical), steps,
                combinedRaw.model().model(), combinedRaw.model().threshold(), provenance(c, base, split, sources));
        SignatureResult combined = new SignatureResult("Combined", none, combinedRaw.comparison(), combinedRaw.bestLearner(),
                combinedModel, combinedRaw.scores(), combinedRaw.uncalibrated());
        return new Result(split, ids, y, signatures, screening, combined, warnings);
    }

    public static List<Learner> learners(Config c) {
        return c.learners() == null ? Models.learners() : c.learners().stream().map(Models::learner).toList();
    }

    /** The selection settings of a feature source: the mode's defaults with this run's imputation, LASSO kind, folds and seed. */
    static SelectionPipeline.Config selectionConfig(SelectionPipeline.Mode mode, Config c) {
        SelectionPipeline.Config d = mode == SelectionPipeline.Mode.DEEP
                ? SelectionPipeline.Config.deepDefaults(c.seed()) : SelectionPipeline.Config.radiomicsDefaults(c.seed());
        return new SelectionPipeline.Config(d.mode(), c.impute(), d.fTestAlpha(), d.correlationThreshold(), c.lassoKind(),
                c.folds(), c.seed(), d.pcaVariance(), d.pcaMaxComponents(), c.emptyLassoFallback());
    }

    /**
     * Grid search of every learner on training rows; the best by mean CV AUC gives the signature (as the studies chose),
     * and every candidate's calibration is recorded. With recalibration, the chosen model's map is fitted on its
     * out-of-fold training predictions; its training scores are cross-fitted (each CV fold mapped by a map fitted on the
     * other folds), so they stay out-of-sample.
     */
    static SignatureResult compare(String name, FeatureTable selected, SelectionPipeline.Result sel, List<Learner> learners,
                                   CohortSplit split, Config c, Progress progress) {
        int[] train = split.rows(selected, CohortSplit.TRAIN), valid = split.rows(selected, CohortSplit.VALIDATION),
                test = split.rows(selected, CohortSplit.TEST);
        FeatureTable tr = selected.rows(train), va = selected.rows(valid), te = selected.rows(test);
        int[] fold = Folds.stratified(tr.y(), c.folds(), c.seed());
        List<LearnerRow> rows = new ArrayList<>();
        GridSearch.Result best = null;
        double[] bestValid = null, bestTest = null;
        for (int l = 0; l < learners.size(); l++) {
            Learner learner = learners.get(l);
            int li = l;
            GridSearch.Result r = GridSearch.run(learner, tr.x(), tr.y(), fold, c.seed(),
                    (d, t, m) -> progress.update((long) li * t + d, (long) learners.size() * t, name + ": " + m));
            double[] pv = predict(r.model(), va), pt = predict(r.model(), te);
            rows.add(new LearnerRow(learner.name(), r.best().params(), r.best().meanAuc(), r.best().sdAuc(),
                    GridSearch.auc(pv, va.y()), GridSearch.auc(pt, te.y()), CalibrationSummary.of(r.outOfFold(), tr.y()),
                    CalibrationSummary.of(pv, va.y()), CalibrationSummary.of(pt, te.y())));
            if (best == null || r.best().betterThan(best.best())) { best = r; bestValid = pv; bestTest = pt; }
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        scores.put(CohortSplit.TRAIN, best.outOfFold());
        scores.put(CohortSplit.VALIDATION, bestValid);
        scores.put(CohortSplit.TEST, bestTest);
        Model chosen = best.model();
        Map<String, double[]> uncalibrated = null;
        if (c.recalibration() != Recalibrated.Method.NONE) {
            uncalibrated = scores;
            Recalibrated map = Recalibrated.fit(best.model(), c.recalibration(), best.outOfFold(), tr.y());
            scores = new LinkedHashMap<>();
            scores.put(CohortSplit.TRAIN, crossFitted(c.recalibration(), best.outOfFold(), tr.y(), fold));
            scores.put(CohortSplit.VALIDATION, map.map(bestValid));
            scores.put(CohortSplit.TEST, map.map(bestTest));
            chosen = map;
        }
        double[] trainScores = scores.get(CohortSplit.TRAIN);
        double threshold = Double.isNaN(c.fixedThreshold()) ? youdenProbability(trainScores, tr.y()) : c.fixedThreshold();
        RiskModel model = new RiskModel(sel.steps(), chosen, threshold, null);
        return new SignatureResult(name, sel, rows, best.learner(), model, scores, uncalibrated);
    }

    /**
     * Youden threshold of probabilities. Where no cut point beats calling every patient positive, pROC answers
     * -Infinity; a model file needs a finite threshold, and 0 classifies every probability the same way.
     */
    public static double youdenProbability(double[] probabilities, int[] y) {
        double t = new Roc(probabilities, y).youden().threshold();
        return t == Double.NEGATIVE_INFINITY ? 0 : t == Double.POSITIVE_INFINITY ? Math.nextUp(1.0) : t;
    }

    /** Each CV fold's scores mapped by a calibration map fitted on the other folds' scores. */
    static double[] crossFitted(Recalibrated.Method method, double[] oof, int[] y, int[] fold) {
        double[] out = new double[oof.length];
        int k = 0;
        for (int f : fold) k = Math.max(k, f + 1);
        for (int f = 0; f < k; f++) {
            int[] fit = Folds.indices(fold, f, false), held = Folds.indices(fold, f, true);
            Recalibrated m = Recalibrated.fit(null, method, Rows.of(oof, fit), Rows.of(y, fit));
            for (int i : held) out[i] = m.map(oof[i]);
        }
        return out;
    }

    private static double[] predict(Model m, FeatureTable t) {
        return t.rows() == 0 ? new double[0] : m.predictProba(t.x());
    }

    /** Puts per-cohort scores back in the order of all ids. */
    public static double[] assemble(Map<String, double[]> scores, CohortSplit split, List<String> ids) {
        double[] out = new double[ids.size()];
        Map<String, Integer> next = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String cohort = split.assignments().get(ids.get(i));
            int k = next.merge(cohort, 1, Integer::sum) - 1;
            out[i] = scores.get(cohort)[k];
        }
        return out;
    }

    /** Univariate binary logistic regression per clinical column (rows with a missing value skipped). */
    static List<ClinicalRow> screen(FeatureTable train, double alpha) {
        List<ClinicalRow> out = new ArrayList<>();
        for (int j = 0; j < train.cols(); j++) {
            double[] col = train.column(j);
            List<Integer> ok = new ArrayList<>();
            for (int i = 0; i < col.length; i++) if (!Double.isNaN(col[i])) ok.add(i);
            int[] idx = ok.stream().mapToInt(Integer::intValue).toArray();
            double[] x = new double[idx.length];
            for (int i = 0; i < idx.length; i++) x[i] = col[idx[i]];
            String name = train.names().get(j);
            try {
                LogisticRegression.Fit f = LogisticRegression.fit(x, Rows.of(train.y(), idx), name);
                int k = f.index(name);
                double[] ci = f.oddsRatioCi(k, 0.95);
                double p = f.pValue(k);
                out.add(new ClinicalRow(name, f.oddsRatio(k), ci[0], ci[1], p, p < alpha));
            } catch (SpineRadException e) {
                out.add(new ClinicalRow(name, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false));
            }
        }
        return out;
    }

    private static ClinicalEncoding restrict(ClinicalEncoding enc, List<String> keptEncoded) {
        List<ClinicalEncoding.Variable> vars = new ArrayList<>();
        for (ClinicalEncoding.Variable v : enc.variables()) {
            boolean used = keptEncoded.stream().anyMatch(k -> k.equals(v.column()) || k.startsWith(v.column() + "="));
            if (used) vars.add(v);
        }
        return new ClinicalEncoding(vars);
    }

    private static JsonObject provenance(Config c, FeatureTable base, CohortSplit split, List<Source> sources) {
        JsonObject o = new JsonObject();
        o.addProperty("seed", c.seed());
        o.addProperty("folds", c.folds());
        o.addProperty("split", c.testCentre() != null ? "centre " + c.centreColumn() + "=" + c.testCentre() : java.util.Arrays.toString(c.ratios()));
        JsonObject cohort = new JsonObject();
        for (String name : COHORTS) {
            int[] r = split.rows(base, name);
            int pos = 0;
            for (int i : r) pos += base.y()[i];
            JsonObject co = new JsonObject();
            co.addProperty("n", r.length);
            co.addProperty("positive", pos);
            cohort.add(name, co);
        }
        o.add("training_cohort_summary", cohort);
        com.google.gson.JsonArray src = new com.google.gson.JsonArray();
        for (Source s : sources) src.add(s.name() + ": " + s.table().source() + " (" + s.table().cols() + " features)");
        o.add("feature_sources", src);
        return o;
    }
}
