package org.spinerad.cli;

import org.spinerad.radiomics.ParameterFile;
import org.spinerad.radiomics.RadiomicsBatch;
import org.spinerad.radiomics.RadiomicsComponents;
import org.spinerad.radiomics.RadiomicsExtractor;
import org.spinerad.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;

/** {@code spinerad radiomics-batch}: one wide feature row per patient of a cohort manifest, resumable. */
@Command(name = "radiomics-batch", mixinStandardHelpOptions = true,
        description = {"Radiomics over a cohort manifest (CSV with patient_id and per sequence X the columns X and X_mask).",
                "Writes one row per patient with columns <sequence>_<structure>_<feature>; finished rows are kept on disk,",
                "a rerun skips them (failed patients too, unless --retry-failed); problems go to <out>.errors.csv and the",
                "batch goes on. The output is locked while the run lasts (<out>.lock). NaN voxels inside an ROI are",
                "dropped with a warning; infinite ones fail that case.",
                "Exit codes: 0 every patient done; 2 bad input (manifest, parameters, output locked); 3 some patients failed."})
public final class RadiomicsBatchCommand implements Callable<Integer> {
    @Option(names = "--manifest", required = true, description = "Cohort manifest CSV; relative paths are resolved against its folder.")
    Path manifest;
    @Option(names = "--out", required = true, description = "Output CSV (appended to; rerun to resume).")
    Path out;
    @Option(names = "--params", description = "PyRadiomics parameter file (YAML or JSON); default: PyRadiomics defaults.")
    Path params;
    @Option(names = "--structures", description = "Region as name=label,label,... (repeatable): the union of the labels is one ROI, e.g. vertebra=20,21,22.")
    List<String> structures = new ArrayList<>();
    @Option(names = "--labels", split = ",", description = "Labels extracted one by one, named from the mask's label names (default: all present labels).")
    List<Integer> labels = new ArrayList<>();
    @Option(names = "--threads", description = "Parallel threads (default: all processors).")
    int threads = Runtime.getRuntime().availableProcessors();
    @Mixin
    ShardOption shard;
    @Option(names = "--retry-failed", description = "Compute patients whose earlier row has an error again.")
    boolean retryFailed;
    @Option(names = "--volume", description = "0-based volume of 4D images (4D images are an error without it).")
    Integer volume;

    @Override
    public Integer call() {
        ParameterFile config = params == null ? ParameterFile.defaults() : ParameterFile.read(params);
        for (String w : config.warnings()) System.err.println("spinerad: warning: " + w);
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            RadiomicsExtractor extractor = RadiomicsComponents.extractor(config, pool);
            var parsed = structures.stream().map(RadiomicsBatch.Structure::parse).toList();
            var batch = (volume == null ? RadiomicsBatch.withFiles(extractor, parsed, labels, pool)
                    : RadiomicsBatch.withFiles(extractor, parsed, labels, pool, volume)).retryFailed(retryFailed);
            Path out = shard.output(this.out, manifest, RadiomicsBatch.ID);
            var r = batch.run(manifest, out, shard.shard(), Progress.console("radiomics-batch"));
            for (String w : r.warnings()) System.err.println("spinerad: warning: " + w);
            System.out.println("Computed " + r.computed() + ", skipped " + r.skipped() + " (already done), failed " + r.failed()
                    + (r.failedBefore() > 0 ? ", " + r.failedBefore() + " failed before (not retried; --retry-failed)" : "")
                    + (r.allDone() ? "" : " (see " + RadiomicsBatch.errorsPath(out) + ")") + "; table: " + out);
            return r.allDone() ? SpineRadCli.OK : SpineRadCli.SOME_CASES_FAILED;
        } finally {
            pool.shutdown();
        }
    }
}
