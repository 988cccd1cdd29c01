package org.spinerad.predict.selection;

import org.spinerad.predict.FeatureTable;
import org.spinerad.predict.Folds;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The studies' feature selection, fitted on training rows only and then applied unchanged elsewhere.
 * Radiomics: impute → robust (median/IQR) scaling → F-test (p ≤ alpha) → correlation filter (|r| > threshold)
 * → LASSO with k-fold CV. Deep features: impute → z-score → PCA → LASSO.
 * When a filter would leave nothing, the single best feature so far is kept and a warning recorded, so that a weak
 * (or null) cohort still yields a model whose performance can be measured honestly.
 */
public final class SelectionPipeline {

    public enum Mode { RADIOMICS, DEEP }

    /**
     * Selection settings. {@code emptyLassoFallback}: when LASSO CV chooses the empty model, keep the first feature to
     * enter the path (true) or stop with {@link EmptySelection} (false, the default).
     */
    public record Config(Mode mode, ColumnTransform.Kind impute, double fTestAlpha, double correlationThreshold,
                         Lasso.Kind lassoKind, int folds, long seed, double pcaVariance, int pcaMaxComponents, boolean emptyLassoFallback) {
        public Config(Mode mode, ColumnTransform.Kind impute, double fTestAlpha, double correlationThreshold,
                      Lasso.Kind lassoKind, int folds, long seed, double pcaVariance, int pcaMaxComponents) {
            this(mode, impute, fTestAlpha, correlationThreshold, lassoKind, folds, seed, pcaVariance, pcaMaxComponents, false);
        }

        public static Config radiomicsDefaults(long seed) {
            return new Config(Mode.RADIOMICS, ColumnTransform.Kind.IMPUTE_MEDIAN, 0.05, 0.9, Lasso.Kind.LOGISTIC, 10, seed, 0.95, 50);
        }

        public static Config deepDefaults(long seed) {
            return new Config(Mode.DEEP, ColumnTransform.Kind.IMPUTE_MEDIAN, 0.05, 0.9, Lasso.Kind.LOGISTIC, 10, seed, 0.95, 50);
        }
    }

    public record Result(List<Step> steps, LassoCV.Result lasso, List<String> selected, List<String> warnings) {
        public FeatureTable apply(FeatureTable t) { return SelectionPipeline.apply(steps, t); }

        /** LASSO coefficients of the selected features (on the scaled scale), for the report. */
        public Map<String, Double> coefficients() {
            Map<String, Double> m = new LinkedHashMap<>();
            Selection last = (Selection) steps.get(steps.size() - 1);
            for (String f : selected) m.put(f, last.scores().get(f));
            return m;
        }
    }

    /** LASSO CV chose the empty model: there is no signature to build from this table. */
    public static final class EmptySelection extends org.spinerad.util.SpineRadException {
        EmptySelection(String message) { super(message); }
    }

    private SelectionPipeline() {}

    public static FeatureTable apply(List<Step> steps, FeatureTable t) {
        FeatureTable cur = t;
        for (Step s : steps) cur = s.apply(cur);
        return cur;
    }

    public static Result fit(FeatureTable train, Config c, Progress progress) {
        int[] y = train.requireBinaryOutcome();
        List<Step> steps = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        FeatureTable cur = train;
        if (!cur.missingReport().isEmpty()) {
            warnings.add("missing values imputed with the training " + c.impute().name().toLowerCase().replace("impute_", "")
                    + " in " + cur.missingReport().size() + " feature(s): " + cur.missingReport());
        }
        List<String> constant = cur.constantColumns();
        if (!constant.isEmpty()) {
            List<String> keep = new ArrayList<>(cur.names());
            keep.removeAll(constant);
            if (keep.isEmpty()) throw new org.spinerad.util.SpineRadException(train.source() + ": every feature is constant on the training rows");
            Selection drop = new Selection("drop_constant", cur.names(), keep, Map.of());
            steps.add(drop);
            cur = drop.apply(cur);
            warnings.add(constant.size() + " constant feature(s) dropped: " + constant);
        }
        steps.add(ColumnTransform.fit(c.impute(), cur));
        cur = steps.get(steps.size() - 1).apply(cur);
        if (c.mode() == Mode.RADIOMICS) {
            steps.add(ColumnTransform.fit(ColumnTransform.Kind.ROBUST, cur));
            cur = steps.get(steps.size() - 1).apply(cur);
            Selection f = Selection.fTest(cur, c.fTestAlpha());
            if (f.kept().isEmpty()) {
                String best = argMin(f.scores());
                warnings.add("no feature has F-test p <= " + c.fTestAlpha() + "; kept the best one (" + best + ", p=" + f.scores().get(best) + ")");
                f = new Selection("f_test", f.inputFeatures(), List.of(best), f.scores());
            }
            steps.add(f);
            cur = f.apply(cur);
            Selection corr = Selection.correlation(cur, c.correlationThreshold());
            steps.add(corr);
            cur = corr.apply(cur);
        } else {
            steps.add(ColumnTransform.fit(ColumnTransform.Kind.ZSCORE, cur));
            cur = steps.get(steps.size() - 1).apply(cur);
            Pca pca = Pca.fit(cur, c.pcaVariance(), Math.min(c.pcaMaxComponents(), cur.rows() - 1));
            steps.add(pca);
            cur = pca.apply(cur);
        }
        double[] yd = new double[y.length];
        for (int i = 0; i < y.length; i++) yd[i] = y[i];
        int[] fold = Folds.stratified(y, c.folds(), c.seed());
        LassoCV.Result lasso = new LassoCV().run(cur.x(), yd, c.lassoKind(), fold, progress);
        Selection sel = Selection.lasso(cur, lasso.fit());
        if (sel.kept().isEmpty()) {
            if (!c.emptyLassoFallback())
                throw new EmptySelection("LASSO cross-validation chose the empty model (lambda=" + Csv.num(lasso.lambda())
                        + "): no feature predicts the outcome better than the intercept, so no signature is built"
                        + " (--empty-lasso first-feature keeps the first feature on the path instead)");
            // configured fallback: keep the first feature to enter the path
            int first = firstToEnter(lasso);
            String name = cur.names().get(first);
            warnings.add("LASSO CV chose the empty model (lambda=" + lasso.lambda() + "); kept the first feature on the path: " + name);
            Map<String, Double> coef = new LinkedHashMap<>(sel.scores());
            sel = new Selection("lasso", sel.inputFeatures(), List.of(name), coef);
        }
        steps.add(sel);
        return new Result(steps, lasso, sel.kept(), warnings);
    }

    private static int firstToEnter(LassoCV.Result r) {
        for (double[] beta : r.coefficientPath()) {
            int best = -1;
            for (int j = 0; j < beta.length; j++) if (beta[j] != 0 && (best < 0 || Math.abs(beta[j]) > Math.abs(beta[best]))) best = j;
            if (best >= 0) return best;
        }
        return 0;
    }

    private static String argMin(Map<String, Double> scores) {
        return scores.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
