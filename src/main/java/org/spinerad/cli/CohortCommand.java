package org.spinerad.cli;

import org.spinerad.phantom.SyntheticCohort;
import org.spinerad.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code spinerad cohort}: a synthetic cohort of phantoms with clinical table, manifest and planted or null outcome. */
@Command(name = "cohort", mixinStandardHelpOptions = true,
        description = "Write a synthetic cohort: <id>_ct.nii.gz, <id>_seg.nii.gz (with --mri also <id>_t1/t2.nii.gz, "
                + "<id>_mr_seg.nii.gz), manifest.csv, clinical.csv (with outcome) and truth.csv (latent image "
                + "properties). Re-running resumes: complete patients are skipped. See docs/phantom.md.")
public final class CohortCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--n", required = true, description = "Number of patients.")
    int n;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--null", description = "Outcome independent of all variables (null cohort).")
    boolean nullOutcome;

    @Option(names = "--mri", description = "Also write T1- and T2-like MR images.")
    boolean mri;

    @Option(names = "--threads", description = "Worker threads (default: available processors).")
    Integer threads;

    @Override
    public Integer call() {
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        SyntheticCohort.Result r = SyntheticCohort.write(SyntheticCohort.Spec.of(n, seed, nullOutcome, mri), out, t,
                Progress.console("cohort"));
        long events = r.patients().stream().filter(p -> p.outcome() == 1).count();
        System.out.println("Cohort of " + n + " patients in " + out + ": " + r.generated() + " generated, " + r.skipped()
                + " already complete; outcome prevalence " + events + "/" + n + (nullOutcome ? " (null model)" : ""));
        return 0;
    }
}
