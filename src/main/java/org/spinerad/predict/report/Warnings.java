package org.spinerad.predict.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.spinerad.util.Csv;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Small-sample and calibration warnings of a run: the run's own warnings.csv, then checks the report makes — cohorts
 * with fewer than {@value RiskReport#MIN_EVENTS} events, fewer than 10 training events per candidate predictor (EPV),
 * a Brier score worse than predicting the training prevalence, and overconfident probabilities.
 */
final class Warnings {
    static final double EPV_MIN = 10, EXTREME = 0.01, EXTREME_SHARE = 0.2;

    private Warnings() {}

    static List<String> collect(RunFolder run, List<Table2.Row> perf) {
        Set<String> out = new LinkedHashSet<>();
        Csv w = run.csv("warnings.csv");
        if (w != null)
            for (List<String> row : w.rows()) out.add(String.join(": ", row.stream().filter(c -> !c.isBlank()).toList()));
        for (String c : RunFolder.COHORTS) {
            int[] y = run.outcome(c);
            int e = RunFolder.events(y);
            if (y.length > 0 && e < RiskReport.MIN_EVENTS)
                out.add(String.format(Locale.ROOT, "The %s cohort has %d patients with %d event(s) (fewer than %d): its CIs are wide and "
                        + "its p-values (DeLong, Hosmer–Lemeshow) unreliable.", c, y.length, e, RiskReport.MIN_EVENTS));
        }
        int trainEvents = Math.min(RunFolder.events(run.outcome("train")), run.outcome("train").length - RunFolder.events(run.outcome("train")));
        for (JsonElement e : Methods.arr(run.summary, "signatures")) {
            JsonObject s = e.getAsJsonObject();
            var funnel = Methods.arr(s, "funnel");
            if (funnel.isEmpty()) continue;
            int candidates = funnel.get(0).getAsJsonObject().get("features").getAsInt();
            double epv = (double) trainEvents / Math.max(1, candidates);
            if (epv < EPV_MIN)
                out.add(String.format(Locale.ROOT, "%s: %.2f events per candidate predictor (%d events in the smaller outcome class of the "
                        + "training cohort, %d candidate features; at least %.0f recommended): selection is unstable and optimistic; "
                        + "prefer nested CV estimates.", Methods.str(s, "name", "?"), epv, trainEvents, candidates, EPV_MIN));
        }
        java.util.Map<String, List<String>> badBrier = new java.util.LinkedHashMap<>();
        for (Table2.Row r : perf)
            if (r.brier() > r.brierPrevalence())
                badBrier.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(String.format(Locale.ROOT, "%s %.3f vs %.3f",
                        r.cohort(), r.brier(), r.brierPrevalence()));
        badBrier.forEach((m, cohorts) -> out.add(m + ": Brier score worse than predicting the training prevalence ("
                + String.join("; ", cohorts) + "): the probabilities are miscalibrated; consider recalibration."));
        for (String m : run.models) {
            int extreme = 0, n = 0;
            for (String c : RunFolder.COHORTS)
                for (double p : run.scores(c, m)) {
                    n++;
                    if (p < EXTREME || p > 1 - EXTREME) extreme++;
                }
            if (n > 0 && extreme > EXTREME_SHARE * n)
                out.add(String.format(Locale.ROOT, "%s: %d of %d predicted probabilities are below %.2f or above %.2f (overconfident).",
                        m, extreme, n, EXTREME, 1 - EXTREME));
        }
        return new ArrayList<>(out);
    }
}
