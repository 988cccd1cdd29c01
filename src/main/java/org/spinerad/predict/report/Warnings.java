package org.spinerad.predict.report;

import org.spinerad.util.Csv;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The warnings of a run, as the workflow wrote them to warnings.csv ({@code predict.evaluation.Honesty}: small cohorts, events per
 * candidate predictor, Brier worse than the prevalence model, overconfident probabilities; empty LASSO selections,
 * text columns, missing values): one set of checks, shown by the CLI and the report alike.
 */
final class Warnings {
    private Warnings() {}

    static List<String> collect(RunFolder run) {
        Set<String> out = new LinkedHashSet<>();
        Csv w = run.csv("warnings.csv");
        if (w != null)
            for (List<String> row : w.rows()) out.add(String.join(": ", row.stream().filter(c -> !c.isBlank()).toList()));
        return new ArrayList<>(out);
    }
}
