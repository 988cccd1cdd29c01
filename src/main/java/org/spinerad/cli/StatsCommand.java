package org.spinerad.cli;

import org.spinerad.stats.Agreement;
import org.spinerad.stats.BaselineTable;
import org.spinerad.stats.IccFilter;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code spinerad stats baseline|icc|kappa}: cohort statistics and inter-observer agreement from CSV tables. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Baseline table, ICC reproducibility, Cohen's kappa.",
        subcommands = {StatsCommand.Baseline.class, StatsCommand.Icc.class, StatsCommand.Kappa.class})
public final class StatsCommand implements Runnable {
    @Override
    public void run() { picocli.CommandLine.usage(this, System.out); }

    @Command(name = "baseline", mixinStandardHelpOptions = true,
            description = "Baseline characteristics per group (mean±SD or median (IQR) by normality, counts and %, p-values).")
    static final class Baseline implements Runnable {
        @Option(names = "--table", required = true) Path table;
        @Option(names = "--group", required = true, description = "Group column (e.g. cohort or outcome).") String group;
        @Option(names = "--split", description = "split.csv of a risk run: adds its 'cohort' column by id.") Path split;
        @Option(names = "--id", defaultValue = "patient_id") String id;
        @Option(names = "--vars", split = ",", description = "Variables (default: all columns).") List<String> vars;
        @Option(names = "--out", required = true) Path out;

        @Override
        public void run() {
            Csv data = Csv.read(table);
            if (split != null) data = BaselineTable.addColumn(data, Csv.read(split), id, "cohort", table + " / " + split);
            BaselineTable.build(data, table.toString(), group, vars).table().write(out);
            System.out.println("baseline table written to " + out);
        }
    }


    @Command(name = "icc", mixinStandardHelpOptions = true,
            description = "Per-feature ICC between two annotators' feature tables; the kept list feeds 'predict train --icc'.")
    static final class Icc implements Runnable {
        @Option(names = "--a", required = true) Path a;
        @Option(names = "--b", required = true) Path b;
        @Option(names = "--id", defaultValue = "patient_id") String id;
        @Option(names = "--form", defaultValue = "ICC_C_1", description = "ICC_1_1, ICC_A_1, ICC_C_1, ICC_1_K, ICC_A_K, ICC_C_K (default ${DEFAULT-VALUE}).")
        Agreement.IccForm form;
        @Option(names = "--threshold", defaultValue = "0.75") double threshold;
        @Option(names = "--out", required = true) Path out;

        @Override
        public void run() {
            IccFilter.Result r = IccFilter.filter(Csv.read(a), a.toString(), Csv.read(b), b.toString(), id, List.of(), form, threshold);
            IccFilter.toCsv(r).write(out);
            System.out.println(r.kept().size() + " of " + r.features().size() + " features have " + form.label + " >= " + threshold + "; table: " + out);
        }
    }

    @Command(name = "kappa", mixinStandardHelpOptions = true, description = "Cohen's kappa (unweighted, linear or quadratic) between two raters.")
    static final class Kappa implements Runnable {
        @Option(names = "--a", required = true) Path a;
        @Option(names = "--b", required = true) Path b;
        @Option(names = "--column", required = true, description = "Rating column present in both tables.") String column;
        @Option(names = "--id", defaultValue = "patient_id") String id;
        @Option(names = "--weights", defaultValue = "UNWEIGHTED", description = "UNWEIGHTED, LINEAR or QUADRATIC.") Agreement.KappaWeights weights;

        @Override
        public void run() {
            Csv ca = Csv.read(a), cb = Csv.read(b);
            Csv joined = BaselineTable.addColumn(ca, renamed(cb, column, column + "__b"), id, column + "__b", a + " / " + b);
            int c1 = joined.requireColumn(column, a.toString()), c2 = joined.requireColumn(column + "__b", b.toString());
            String[] r1 = new String[joined.rowCount()], r2 = new String[joined.rowCount()];
            for (int r = 0; r < r1.length; r++) { r1[r] = joined.cell(r, c1); r2[r] = joined.cell(r, c2); }
            Agreement.Kappa k = Agreement.kappa(r1, r2, weights, 0.95);
            System.out.printf(java.util.Locale.ROOT, "kappa (%s) = %.4f, 95%% CI [%.4f, %.4f], z = %.3f, p = %.4g, n = %d%n",
                    weights, k.kappa(), k.lower(), k.upper(), k.z(), k.pValue(), r1.length);
        }

        private static Csv renamed(Csv c, String from, String to) {
            List<String> h = new ArrayList<>(c.header());
            int i = c.requireColumn(from, "rater table");
            h.set(i, to);
            return new Csv(h, c.rows());
        }
    }
}
