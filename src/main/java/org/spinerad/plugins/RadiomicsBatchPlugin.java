package org.spinerad.plugins;

import ij.IJ;
import ij.plugin.PlugIn;
import org.spinerad.radiomics.ParameterFile;
import org.spinerad.radiomics.RadiomicsBatch;
import org.spinerad.radiomics.RadiomicsComponents;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * "Radiomics Batch": radiomics over a cohort manifest into one wide, resumable CSV (see {@link RadiomicsBatch}).
 * Macro: {@code run("Radiomics Batch", "manifest=/c/cohort.csv output=/c/features.csv parameters=/c/params.yaml
 * structures=[vertebra=20,21,22] labels=");}
 */
public class RadiomicsBatchPlugin implements PlugIn {
    static final String COMMAND = "Radiomics Batch";

    @Override
    public void run(String arg) {
        CommandSupport.run(COMMAND, () -> {
            MacroParams p = new MacroParams(COMMAND)
                    .addFile("Manifest (CSV: patient_id, X, X_mask...)", "")
                    .addFile("Output CSV", "")
                    .addFile("Parameters (PyRadiomics YAML/JSON; empty: defaults)", "")
                    .addString("Structures (e.g. vertebra=20,21 muscle=40; empty: each label)", "")
                    .addString("Labels (e.g. 20,21; empty: all present)", "");
            if (!p.show()) return;
            String manifest = p.nextString(), output = p.nextString(), params = p.nextString();
            String structures = p.nextString(), labels = p.nextString();
            if (manifest.isEmpty() || output.isEmpty()) throw new SpineRadException("a manifest and an output CSV are needed");
            ParameterFile config = params.isEmpty() ? ParameterFile.defaults() : ParameterFile.read(Path.of(params));
            List<RadiomicsBatch.Structure> regions = new ArrayList<>();
            for (String s : structures.trim().split("\\s+")) if (!s.isBlank()) regions.add(RadiomicsBatch.Structure.parse(s));
            ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
            try {
                var batch = RadiomicsBatch.withFiles(RadiomicsComponents.extractor(config, pool), regions,
                        RadiomicsFeatures.parseLabels(labels), pool);
                var r = batch.run(Path.of(manifest), Path.of(output), CommandSupport.progress(COMMAND));
                for (String w : r.warnings()) IJ.log("SpineRad warning: " + w);
                IJ.log("SpineRad radiomics batch: computed " + r.computed() + ", skipped " + r.skipped() + ", failed "
                        + r.failed() + (r.failedBefore() > 0 ? ", " + r.failedBefore() + " failed in an earlier run" : "")
                        + (r.allDone() ? "" : " (see " + RadiomicsBatch.errorsPath(Path.of(output)) + ")")
                        + "; table " + output);
            } finally {
                pool.shutdown();
            }
        });
    }
}
