package org.spinerad.predict;

import com.google.gson.JsonObject;
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

    public record Config(long seed, int folds, double[] ratios, String centreColumn, String testCentre, double validationFraction,
                         List<String> learners, double clinicalAlpha, List<String> clinicalVariables,
                         Lasso.Kind lassoKind, ColumnTransform.Kind impute, double fixedThreshold) {
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
                    clinicalVariables, lasso, imputation, threshold);
        }

        /** The same with other clinical variables. */
        public Config withClinical(List<String> variables) {
            return new Config(seed, folds, ratios, centreColumn, testCentre, validationFraction, learners, clinicalAlpha,
                    variables, lassoKind, impute, fixedThreshold);
        }
    }

    /** One source of features, e.g. ("Rad", radiomics table, RADIOMICS) or ("DL", deep table, DEEP). */
    public record Source(String name, FeatureTable table, SelectionPipeline.Mode mode) {}

    public record LearnerRow(String learner, Map<String, Double> params, double cvAuc, double cvSd,
                             double validationAuc, double testAuc) {}

    public record SignatureResult(String name, SelectionPipeline.Result selection, List<LearnerRow> comparison,
                                  String bestLearner, RiskModel model, Map<String, double[]> scores) {}

    public record ClinicalRow(String variable, double oddsRatio, double lower, double upper, double pValue, boolean selected) {}

    public record Result(CohortSplit split, List<String> ids, int[] outcome, List<SignatureResult> signatures,
                         List<ClinicalRow> clinical, SignatureResult combined) {
        /** Row indices of a cohort in {@link #ids()} order. */
        public int[] rows(String cohort) {
            List<Integer> r = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) if (cohort.equals(split.assignments().get(ids.get(i)))) r.add(i);
            return r.stream().mapToInt(Integer::intValue).toArray();
        }

        public int[] outcome(String cohort) { return GridSearch.sub(outcome, rows(cohort)); }

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
        int[] train = split.rows(base, CohortSplit.TRAIN);
        List<Learner> learners = c.learners() == null ? Models.learners() : c.learners().stream().map(Models::learner).toList();

        List<SignatureResult> signatures = new ArrayList<>();
        for (Source s : sources) {
            FeatureTable t = base.join(s.table());
            SelectionPipeline.Result sel = SelectionPipeline.fit(t.rows(train), selectionConfig(s.mode(), c), progress);
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
            throw new SpineRadException("no signature and no clinical variable with p < " + c.clinicalAlpha() + ": nothing to combine");
        List<Step> steps = new ArrayList<>();
        steps.add(ColumnTransform.fit(c.impute(), combinedX.rows(train)));
        steps.add(ColumnTransform.fit(ColumnTransform.Kind.ZSCORE, steps.get(0).apply(combinedX.rows(train))));
        SelectionPipeline.Result none = new SelectionPipeline.Result(steps, null, combinedX.names(), List.of());
        SignatureResult combinedRaw = compare("Combined", SelectionPipeline.apply(steps, combinedX), none, learners, split, c, progress);
        List<RiskModel.Signature> subModels = signatures.stream().map(s -> new RiskModel.Signature(s.name(), s.model())).toList();
        RiskModel combinedModel = new RiskModel(subModels, keptClinical.isEmpty() ? null : restrict(encoding, keptClinical), steps,
                combinedRaw.model().model(), combinedRaw.model().threshold(), provenance(c, base, split, sources));
        SignatureResult combined = new SignatureResult("Combined", none, combinedRaw.comparison(), combinedRaw.bestLearner(),
                combinedModel, combinedRaw.scores());
        return new Result(split, ids, y, signatures, screening, combined);
    }

    /** The selection settings of a feature source: the mode's defaults with this run's imputation, LASSO kind, folds and seed. */
    static SelectionPipeline.Config selectionConfig(SelectionPipeline.Mode mode, Config c) {
        SelectionPipeline.Config d = mode == SelectionPipeline.Mode.DEEP
                ? SelectionPipeline.Config.deepDefaults(c.seed()) : SelectionPipeline.Config.radiomicsDefaults(c.seed());
        return new SelectionPipeline.Config(d.mode(), c.impute(), d.fTestAlpha(), d.correlationThreshold(), c.lassoKind(),
                c.folds(), c.seed(), d.pcaVariance(), d.pcaMaxComponents());
    }

    /** Grid search of every learner on training rows; the best by mean CV AUC gives the signature. */
    static SignatureResult compare(String name, FeatureTable selected, SelectionPipeline.Result sel, List<Learner> learners,
                                   CohortSplit split, Config c, Progress progress) {
        int[] train = split.rows(selected, CohortSplit.TRAIN), valid = split.rows(selected, CohortSplit.VALIDATION),
                test = split.rows(selected, CohortSplit.TEST);
        FeatureTable tr = selected.rows(train);
        int[] fold = Folds.stratified(tr.y(), c.folds(), c.seed());
        List<LearnerRow> rows = new ArrayList<>();
        GridSearch.Result best = null;
        for (int l = 0; l < learners.size(); l++) {
            Learner learner = learners.get(l);
            int li = l;
            GridSearch.Result r = GridSearch.run(learner, tr.x(), tr.y(), fold, c.seed(),
                    (d, t, m) -> progress.update((long) li * t + d, (long) learners.size() * t, name + ": " + m));
            rows.add(new LearnerRow(learner.name(), r.best().params(), r.best().meanAuc(), r.best().sdAuc(),
                    aucOrNaN(r.model(), selected, valid), aucOrNaN(r.model(), selected, test)));
            if (best == null || r.best().meanAuc() > best.best().meanAuc()) best = r;
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        scores.put(CohortSplit.TRAIN, best.outOfFold());
        scores.put(CohortSplit.VALIDATION, valid.length == 0 ? new double[0] : best.model().predictProba(selected.rows(valid).x()));
        scores.put(CohortSplit.TEST, test.length == 0 ? new double[0] : best.model().predictProba(selected.rows(test).x()));
        double threshold = Double.isNaN(c.fixedThreshold()) ? new Roc(best.outOfFold(), tr.y()).youden().threshold() : c.fixedThreshold();
        RiskModel model = new RiskModel(sel.steps(), best.model(), threshold, null);
        return new SignatureResult(name, sel, rows, best.learner(), model, scores);
    }

    private static double aucOrNaN(Model m, FeatureTable t, int[] rows) {
        if (rows.length == 0) return Double.NaN;
        FeatureTable s = t.rows(rows);
        int pos = 0;
        for (int v : s.y()) pos += v;
        if (pos == 0 || pos == s.rows()) return Double.NaN;
        return new Roc(m.predictProba(s.x()), s.y()).auc();
    }

    /** Puts per-cohort scores back in the order of all ids. */
    static double[] assemble(Map<String, double[]> scores, CohortSplit split, List<String> ids) {
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
                LogisticRegression.Fit f = LogisticRegression.fit(x, GridSearch.sub(train.y(), idx), name);
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
