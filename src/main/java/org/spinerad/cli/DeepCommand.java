package org.spinerad.cli;

import org.spinerad.deep.DeepCohort;
import org.spinerad.deep.DeepFeatureExport;
import org.spinerad.deep.DeepTraining;
import org.spinerad.deep.VitConfig;
import org.spinerad.deep.VitTrainer;
import org.spinerad.util.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code spinerad deep ...}: ViT-3D deep features and fine-tuning (DJL + PyTorch). See docs/deep-features.md. */
@Command(name = "deep", mixinStandardHelpOptions = true, description = "ViT-3D deep features and fine-tuning.",
        subcommands = {DeepCommand.Features.class, DeepCommand.Train.class})
public final class DeepCommand implements Runnable {
    @Override
    public void run() { new CommandLine(this).usage(System.out); }

    static List<DeepCohort.Structure> structures(List<String> specs) {
        if (specs == null || specs.isEmpty()) return List.of(DeepCohort.Structure.vertebra());
        List<DeepCohort.Structure> out = new ArrayList<>();
        for (String s : specs) out.add(DeepCohort.Structure.parse(s));
        return out;
    }

    @Command(name = "features", mixinStandardHelpOptions = true,
            description = "Pooled ViT representation per ROI and sequence -> CSV with columns DL_<sequence>_<structure>_<i>. "
                    + "Resumes an interrupted run (patients already in the output are skipped; failed ones, listed in "
                    + "<out>.errors.csv, too unless --retry-failed). Exit codes: 0 all done; 2 bad input; 3 some patients failed.")
    public static final class Features implements Callable<Integer> {
        @Option(names = "--manifest", required = true, description = "Manifest CSV: patient_id, <SEQ>, <SEQ>_mask columns.")
        Path manifest;
        @Option(names = "--out", required = true, description = "Features CSV (appended to when it exists).")
        Path out;
        @Option(names = "--weights", description = "Weights file (.params with its .json manifest); without it the network is randomly initialised (seed).")
        Path weights;
        @Option(names = "--preset", defaultValue = "studies", description = "Network without --weights: studies or cpuSmall (default ${DEFAULT-VALUE}).")
        String preset;
        @Option(names = "--sequence", split = ",", description = "Sequences (default: every column with a _mask partner).")
        List<String> sequences;
        @Option(names = "--structure", description = "ROI as name=labels, repeatable (default vertebra=1-5).")
        List<String> structures;
        @Option(names = "--margin-mm", description = "Margin around the ROI box in mm (default: the weights' value, else 5).")
        Double marginMm;
        @Option(names = "--seed", defaultValue = "42", description = "Seed of the random initialisation (default ${DEFAULT-VALUE}).")
        long seed;
        @Mixin
        ShardOption shard;
        @Option(names = "--retry-failed", description = "Process patients that failed in an earlier run (listed in <out>.errors.csv) again.")
        boolean retryFailed;

        @Override
        public Integer call() {
            if (weights == null) System.err.println("spinerad: note: no --weights, features come from a randomly initialised network");
            Path out = shard.output(this.out, manifest, DeepCohort.ID);
            DeepFeatureExport.Summary s = DeepFeatureExport.run(manifest, shard.shard(), sequences, structures(structures), weights,
                    VitConfig.preset(preset), marginMm, seed, out, retryFailed, Progress.console("deep features"));
            System.out.println("Deep features of " + s.written() + " patients written to " + out
                    + (s.skipped() > 0 ? " (" + s.skipped() + " already there)" : "")
                    + (s.allDone() ? "" : "; " + s.failed() + " failed now, " + s.failedBefore() + " before (see "
                    + DeepFeatureExport.errorsPath(out) + ")"));
            return s.allDone() ? SpineRadCli.OK : SpineRadCli.SOME_CASES_FAILED;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Fine-tune the ViT for a binary outcome (AdamW, class-weighted BCE, early stopping on validation AUC). "
                    + "Writes model.params/.json (best epoch), checkpoint.params/.json (last epoch) and training_log.csv.")
    public static final class Train implements Callable<Integer> {
        @Option(names = "--manifest", required = true, description = "Manifest CSV: patient_id, <SEQ>, <SEQ>_mask columns.")
        Path manifest;
        @Option(names = "--clinical", description = "Table with patient_id and the outcome column, when the manifest lacks it.")
        Path clinical;
        @Option(names = "--outcome", defaultValue = "outcome", description = "Outcome column, values 0/1 (default ${DEFAULT-VALUE}).")
        String outcome;
        @Option(names = "--sequence", required = true, description = "Sequence (image column) to train on.")
        String sequence;
        @Option(names = "--structure", defaultValue = "vertebra=1-5", description = "ROI as name=labels (default ${DEFAULT-VALUE}).")
        String structure;
        @Option(names = "--out", required = true, description = "Output folder.")
        Path out;
        @Option(names = "--preset", defaultValue = "studies", description = "studies or cpuSmall (default ${DEFAULT-VALUE}).")
        String preset;
        @Option(names = "--init", description = "Start from the backbone of this weights file (the head is re-initialised).")
        Path init;
        @Option(names = "--epochs", defaultValue = "50") int epochs;
        @Option(names = "--batch", defaultValue = "2") int batch;
        @Option(names = "--lr", defaultValue = "2e-5") float lr;
        @Option(names = "--weight-decay", defaultValue = "0.01") float weightDecay;
        @Option(names = "--patience", defaultValue = "5", description = "Epochs without a better validation AUC before stopping.") int patience;
        @Option(names = "--val-fraction", defaultValue = "0.2") double valFraction;
        @Option(names = "--margin-mm", defaultValue = "5") double marginMm;
        @Option(names = "--seed", defaultValue = "42") long seed;
        @Option(names = "--resume", description = "Continue an interrupted run in --out from its checkpoint (same settings).")
        boolean resume;

        @Override
        public Integer call() {
            VitConfig config = VitConfig.preset(preset);
            VitTrainer.Result r = DeepTraining.run(new DeepTraining.Request(manifest, clinical, outcome, sequence,
                    DeepCohort.Structure.parse(structure), config, marginMm, init,
                    new VitTrainer.Settings(epochs, batch, lr, weightDecay, patience, seed), valFraction, out, resume),
                    Progress.console("deep train"));
            System.out.printf(Locale.ROOT, "Best validation AUC %.4f at epoch %d of %d; weights in %s%n", r.bestAuc(),
                    r.bestEpoch(), r.validationAuc().size(), out.resolve("model.params"));
            return 0;
        }
    }
}
