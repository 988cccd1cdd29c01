package org.spinerad.predict.evaluation;

import org.junit.jupiter.api.Test;
import org.spinerad.predict.CohortSplit;
import org.spinerad.predict.analysis.RiskAnalysis;
import org.spinerad.predict.analysis.RiskModel;
import org.spinerad.predict.learners.LogisticModel;
import org.spinerad.predict.selection.Selection;
import org.spinerad.predict.selection.SelectionPipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The demo's situation from the issue: 150 patients split 104/31/15 with 22/7/3 events, an overconfident signature. */
class HonestyTest {

    @Test
    void overconfidentSignatureInASmallCohortGetsEveryWarning() {
        int[] sizes = {104, 31, 15}, events = {22, 7, 3};
        List<String> ids = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        Map<String, String> cohortById = new LinkedHashMap<>();
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < sizes[c]; i++) {
                String id = "P" + ids.size();
                ids.add(id);
                y.add(i < events[c] ? 1 : 0);
                cohortById.put(id, RiskAnalysis.COHORTS.get(c));
            }
        int[] outcome = y.stream().mapToInt(Integer::intValue).toArray();
        // 66 of 150 probabilities extreme: every 5th patient wrong and confident, the others near 0.5 or extreme
        SplittableRandom rnd = new SplittableRandom(1);
        Map<String, double[]> scores = new LinkedHashMap<>();
        int extreme = 0, start = 0;
        for (int c = 0; c < 3; c++) {
            double[] p = new double[sizes[c]];
            for (int i = 0; i < p.length; i++) {
                int k = start + i;
                boolean confident = extreme < 66 && k % 9 < 4;
                p[i] = confident ? (k % 2 == 0 ? 1e-6 * rnd.nextDouble() : 1 - 1e-4 * rnd.nextDouble()) : 0.3 + 0.4 * rnd.nextDouble();
                if (confident) extreme++;
            }
            scores.put(RiskAnalysis.COHORTS.get(c), p);
            start += sizes[c];
        }
        assertEquals(66, extreme);
        List<String> features = new ArrayList<>();
        for (int j = 0; j < 1130; j++) features.add("f" + j);
        SelectionPipeline.Result sel = new SelectionPipeline.Result(List.of(new Selection("drop_constant", features, features, Map.of())),
                null, List.of("f0"), List.of());
        RiskModel model = new RiskModel(sel.steps(), new LogisticModel("GNB", 0, new double[1]), 0.5, null);
        RiskAnalysis.SignatureResult rad = new RiskAnalysis.SignatureResult("Rad-sign", sel, List.of(), "GNB", model, scores);
        Map<String, double[]> prevalence = new LinkedHashMap<>();
        for (int c = 0; c < 3; c++) prevalence.put(RiskAnalysis.COHORTS.get(c), java.util.Collections.nCopies(sizes[c], 22.0 / 104)
                .stream().mapToDouble(Double::doubleValue).toArray());
        RiskAnalysis.SignatureResult combined = new RiskAnalysis.SignatureResult("Combined", sel, List.of(), "LR", model, prevalence);
        RiskAnalysis.Result r = new RiskAnalysis.Result(new CohortSplit(cohortById), ids, outcome, List.of(rad), List.of(), combined);
        List<String> w = Honesty.check(r, Evaluation.table(r, 20, 1)).stream().map(x -> x.scope() + ": " + x.message()).toList();
        String all = String.join("\n", w);
        assertTrue(all.contains("cohort validation: only 7 events (smaller outcome class) among 31 patients"), all);
        assertTrue(all.contains("cohort test: only 3 events (smaller outcome class) among 15 patients"), all);
        assertTrue(all.contains("Rad-sign: 22 training events for 1130 candidate predictors (0.019 events per candidate predictor"), all);
        assertTrue(all.contains("Rad-sign: 66 of 150 predicted probabilities are below 0.01 or above 0.99"), all);
        assertTrue(all.contains("Rad-sign: test Brier score 0.310 is worse than predicting the training prevalence 0.212 for everyone (Brier 0.160)"), all);
        assertEquals(List.of("Combined: the out-of-fold training predictions do not separate the outcomes (AUC 0.500; no threshold has "
                        + "Youden J > 0): the threshold calls every patient positive"),
                w.stream().filter(x -> x.startsWith("Combined:")).toList(),
                "a model predicting the training prevalence, with 1 candidate predictor, only gets the no-separation warning");
        assertFalse(all.contains("Rad-sign: the out-of-fold training predictions do not separate"), all);
        // the same predictions without the confident ones: no extreme-probability warning
        for (double[] p : scores.values()) for (int i = 0; i < p.length; i++) p[i] = Math.min(0.9, Math.max(0.1, p[i]));
        assertFalse(Honesty.check(r, Evaluation.table(r, 20, 1)).stream().anyMatch(x -> x.message().contains("predicted probabilities are below")));
    }

    @Test
    void uninformativeScoresGetAFiniteThresholdThatCallsEveryonePositive() {
        int[] y = {0, 0, 0, 1, 1, 1};
        // inverted scores: pROC's best Youden cut point is -Infinity (J = 0 everywhere else is below 0)
        double[] inverted = {0.9, 0.8, 0.7, 0.3, 0.2, 0.1};
        assertEquals(Double.NEGATIVE_INFINITY, new org.spinerad.stats.Roc(inverted, y).youden().threshold());
        assertEquals(0.0, RiskAnalysis.youdenProbability(inverted, y));
        assertEquals(0.5, RiskAnalysis.youdenProbability(new double[]{0.1, 0.2, 0.3, 0.7, 0.8, 0.9}, y), 1e-12, "pROC cuts halfway between scores");
    }
}
