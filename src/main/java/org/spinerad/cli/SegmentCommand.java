package org.spinerad.cli;

import org.spinerad.segment.training.Augmentation;
import org.spinerad.segment.training.TrainingCase;
import org.spinerad.segment.training.UNetTrainer;
import com.google.gson.JsonObject;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.image.SpineLabels;
import org.spinerad.io.VolumeIO;
import org.spinerad.segment.ColumnClasses;
import org.spinerad.segment.ColumnSegmenter;
import org.spinerad.segment.Segmenter;
import org.spinerad.segment.training.ColumnTrainingData;
import org.spinerad.segment.UNetConfig;
import org.spinerad.util.AppendableCsv;
import org.spinerad.util.Csv;
import org.spinerad.util.OutputLock;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code spinerad segment}: 3D U-Net vertebra segmentation of one CT or a manifest of CTs; {@code segment train}. */
@Command(name = "segment", mixinStandardHelpOptions = true, subcommands = SegmentCommand.Train.class,
        description = "Segment the vertebrae (bodies, posterior elements), discs and canal of CT volumes with a 3D U-Net (DJL) or TorchScript model; levels are named from anatomy (sacrum, ribs of T12). "
                + "One image: --image CT.nii.gz --out seg.nii.gz. Batch: --manifest M.csv --out-dir DIR (resumable: "
                + "existing outputs and failed rows are skipped; failures go to <out-dir>/segment.errors.csv). "
                + "Exit codes: 0 all done; 2 bad input; 3 some images failed. See docs/segmentation.md.")
public final class SegmentCommand implements Callable<Integer> {

    @Option(names = "--image", description = "CT volume (NIfTI or NRRD).")
    Path image;

    @Option(names = "--out", description = "Output label map (with --image).")
    Path out;

    @Option(names = "--manifest", description = "CSV listing images to segment (batch mode).")
    Path manifest;

    @Option(names = "--image-column", defaultValue = "CT", description = "Image column of --manifest (default ${DEFAULT-VALUE}).")
    String imageColumn;

    @Option(names = "--out-dir", description = "Output folder of batch mode: <image name>_unetseg.nii.gz per image.")
    Path outDir;

    @Option(names = "--model", description = "Model folder (default: the shipped " + Segmenter.DEFAULT_MODEL + ").")
    Path model;

    @Option(names = "--overlap", defaultValue = "0.5", description = "Sliding-window overlap in [0, 1) (default ${DEFAULT-VALUE}).")
    double overlap;

    @Mixin
    ShardOption shard;

    /** The index of a batch's outputs in {@code outDir}: key, image, segmentation file (merged like other tables). */
    static Path indexTable(Path outDir) {
        return outDir.resolve("segmentations.csv");
    }

    @Option(names = "--retry-failed", description = "Batch mode: segment rows that failed in an earlier run again.")
    boolean retryFailed;

    @Override
    public Integer call() {
        if ((image == null) == (manifest == null))
            throw new SpineRadException("give either --image with --out, or --manifest with --out-dir");
        try (Segmenter seg = Segmenter.load(model != null ? model : Segmenter.defaultModel()).overlap(overlap)) {
            if (image != null) {
                if (shard.spec != null) throw new SpineRadException("--shard needs --manifest");
                if (out == null) throw new SpineRadException("--image needs --out");
                write(segment(seg, image), out);
                System.out.println("Wrote " + out);
                return 0;
            }
            if (outDir == null) throw new SpineRadException("--manifest needs --out-dir");
            Path errorsFile = shard.shard().output(outDir.resolve(ERRORS)); // each shard's own errors table, so shards share --out-dir
            try (OutputLock lock = OutputLock.acquire(errorsFile)) {
                return segmentManifest(seg, errorsFile);
            }
        }
    }

    /**
     * Batch mode: one output per manifest row, named {@code <image name>_unetseg.nii.gz} (rows whose image file names
     * collide get {@code _r<manifest line>} appended); a failing row goes to {@code <out-dir>/segment.errors.csv} and
     * the batch goes on; finished outputs and failed rows are skipped on resume (failed ones retried with
     * --retry-failed).
     */
    private int segmentManifest(Segmenter seg, Path errorsFile) {
        Csv table = Csv.read(manifest);
        int col = table.requireColumn(imageColumn, manifest.toString());
        Path base = manifest.toAbsolutePath().getParent();
        String key = table.column("patient_id") >= 0 ? "patient_id" : imageColumn;
        AppendableCsv index = AppendableCsv.open(shard.output(indexTable(outDir), manifest, key));
        Set<String> indexed = new HashSet<>();
        index.rows().forEach(row -> indexed.add(row.get(key)));
        Map<String, Integer> nameCount = new HashMap<>();
        for (int r = 0; r < table.rowCount(); r++) nameCount.merge(outputName(table.cell(r, col)), 1, Integer::sum);
        AppendableCsv errors = AppendableCsv.open(errorsFile);
        if (retryFailed) errors.retain(row -> false);
        Set<String> failedBefore = new HashSet<>();
        for (var row : errors.rows()) failedBefore.add(row.get("line"));
        int done = 0, skipped = 0, failed = 0, keptFailures = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            String id = table.cell(r, table.column(key)).trim();
            if (!shard.shard().contains(id)) continue;
            String cell = table.cell(r, col).trim(), line = String.valueOf(r + 2);
            String name = outputName(cell);
            Path target = outDir.resolve(nameCount.get(name) > 1 ? name + "_r" + line + SUFFIX : name + SUFFIX);
            Path in = base.resolve(cell);
            if (Files.isRegularFile(target)) skipped++;
            else if (failedBefore.contains(line)) { keptFailures++; continue; }
            else try {
                if (cell.isEmpty()) throw new SpineRadException(manifest + ": line " + line + " has no " + imageColumn + " image");
                write(segment(seg, in), target);
                done++;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                String problem = SpineRadException.problem(e, in);
                System.err.println("spinerad: error: line " + line + ": " + problem);
                Map<String, String> row = new LinkedHashMap<>();
                row.put("line", line);
                row.put("image", in.toString());
                row.put("problem", problem);
                errors.append(row);
                failed++;
                continue;
            }
            if (indexed.add(id)) {
                LinkedHashMap<String, String> row = new LinkedHashMap<>();
                row.put(key, id);
                row.put(imageColumn, in.toString());
                row.put("segmentation", target.getFileName().toString());
                index.append(row);
            }
        }
        System.out.println("Segmented " + done + " images into " + outDir + " (" + skipped + " already done"
                + (failed + keptFailures > 0 ? ", " + failed + " failed now, " + keptFailures + " failed before; see "
                + errorsFile : "") + ")");
        return failed + keptFailures > 0 ? SpineRadCli.SOME_CASES_FAILED : SpineRadCli.OK;
    }

    static final String SUFFIX = "_unetseg.nii.gz", ERRORS = "segment.errors.csv";

    /** Reads an image and checks that its field of view resampled to the model spacing is a grid SpineRad can hold. */
    static Volume segmentable(Segmenter seg, Path file) {
        Volume v = VolumeIO.read(file);
        double voxels = 1;
        for (int a = 0; a < 3; a++) voxels *= Math.max(1, v.geometry().dims()[a] * v.geometry().spacing(a) / seg.manifest().spacing()[a]);
        if (voxels > Integer.MAX_VALUE - 8)
            throw new SpineRadException(file + ": its field of view (spacing " + java.util.Arrays.toString(v.geometry().spacing())
                    + " mm) resampled to the model spacing would need " + String.format("%.3g", voxels)
                    + " voxels, more than 2^31 (wrong spacing in the header?)");
        return v;
    }

    private static String outputName(String cell) {
        return cell.isEmpty() ? "" : VolumeIO.baseName(Path.of(cell));
    }

    /** Segments one image, printing the levels found and any warning (naming the file) to standard error. */
    private static LabelMap segment(Segmenter seg, Path in) {
        ColumnSegmenter.Result r = seg.segmentWithReport(segmentable(seg, in), Progress.console(VolumeIO.baseName(in)));
        if (!r.levels().isEmpty())
            System.err.println(in + ": levels " + String.join(", ", r.levels().stream().map(l -> l.name()).toList()));
        for (String w : r.warnings()) System.err.println(in + ": warning: " + w);
        return r.labels();
    }

    /** Writes via a temporary file so an interrupted batch never leaves a partial output that resuming would skip. */
    private static void write(LabelMap labels, Path target) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(".partial-" + target.getFileName());
            VolumeIO.writeLabelMap(labels, tmp);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Path sidecar = VolumeIO.labelSidecar(tmp);
            if (Files.exists(sidecar)) Files.move(sidecar, VolumeIO.labelSidecar(target), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SpineRadException(target + ": cannot write the label map (" + e.getMessage() + ")", e);
        }
    }

    /** {@code spinerad segment train}: trains a U-Net and writes a model folder. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a 3D U-Net for L1-L5 from image + label-map pairs (--manifest) or synthetic phantoms "
                    + "(--phantoms). Writes model.params and manifest.json to --out (best validation checkpoint).")
    public static final class Train implements Callable<Integer> {
        @Option(names = "--manifest", description = "CSV with image and mask columns (paths relative to the CSV).")
        Path manifest;

        @Option(names = "--image-column", defaultValue = "CT", description = "Default ${DEFAULT-VALUE}.")
        String imageColumn;

        @Option(names = "--mask-column", defaultValue = "CT_mask", description = "Default ${DEFAULT-VALUE}.")
        String maskColumn;

        @Option(names = "--phantoms", description = "Train on this many in-process synthetic phantoms instead.")
        Integer phantoms;

        @Option(names = "--phantom-seed", defaultValue = "1", description = "Cohort seed of the phantoms (default ${DEFAULT-VALUE}).")
        long phantomSeed;

        @Option(names = "--phantom-mixed", description = "Every second phantom on the default 1.5 x 1.5 x 2 mm grid "
                + "(resampled by training), the others at the model spacing.")
        boolean phantomMixed;

        @Option(names = "--out", required = true, description = "Model folder to write.")
        Path out;

        @Option(names = "--spacing", defaultValue = "3,3,3", split = ",", description = "Model spacing x,y,z in mm (default ${DEFAULT-VALUE}).")
        double[] spacing;

        @Option(names = "--patch", defaultValue = "48,48,64", split = ",", description = "Patch size x,y,z in voxels (default ${DEFAULT-VALUE}).")
        int[] patch;

        @Option(names = "--base-channels", defaultValue = "8") int baseChannels;
        @Option(names = "--depth", defaultValue = "3") int depth;
        @Option(names = "--norm", defaultValue = "INSTANCE", description = "INSTANCE or BATCH.") UNetConfig.Norm norm;
        @Option(names = "--batch", defaultValue = "2") int batch;
        @Option(names = "--steps", defaultValue = "2000") int steps;
        @Option(names = "--lr", defaultValue = "0.003") double lr;
        @Option(names = "--validate-every", defaultValue = "100") int validateEvery;
        @Option(names = "--validation-fraction", defaultValue = "0.2") double validationFraction;
        @Option(names = "--seed", defaultValue = "42") long seed;
        @Option(names = "--no-augment", description = "Disable augmentation.") boolean noAugment;
        @Option(names = "--domain-randomisation", description = "SynthSeg-style augmentation: 3D rotation, anisotropic zoom, "
                + "elastic deformation, gamma, bias field, slice thickness, blur, noise.") boolean domainRandomisation;
        @Option(names = "--torso-phantoms", defaultValue = "0", description = "With --spine-data: add this many whole-trunk "
                + "phantoms (ribs, pelvis, femora, organs, table; random field of view, spacing and storage order).") int torsoPhantoms;
        @Option(names = "--torso-seed", defaultValue = "1", description = "Seed of the first trunk phantom (default ${DEFAULT-VALUE}).") long torsoSeed;
        @Option(names = "--max-minutes", defaultValue = "0", description = "Stop after this many minutes (0: no limit).") double maxMinutes;
        @Option(names = "--init", description = "Start from this model folder (fine-tuning; same architecture).") Path init;
        @Option(names = "--spine-data", description = "Train the column model (body, posterior elements, disc, sacrum, other "
                + "bone) on the real labelled CTs under this shared-data folder, plus --phantoms column phantoms if given.")
        Path spineData;
        @Option(names = "--leave-out", split = ",", description = "Real case ids to leave out of --spine-data training ("
                + ColumnTrainingData.EXAMPLE_CT + ", " + ColumnTrainingData.TPTBOX + ").")
        List<String> leaveOut = List.of();
        @Option(names = "--real-repeat", defaultValue = "1", description = "Draw each real case this many times as often as a phantom.")
        int realRepeat;

        @Override
        public Integer call() {
            if (spacing.length != 3 || patch.length != 3) throw new SpineRadException("--spacing and --patch need 3 values x,y,z");
            if (spineData != null) return trainColumn();
            if ((manifest == null) == (phantoms == null)) throw new SpineRadException("give either --manifest or --phantoms");
            List<TrainingCase> cases = manifest != null ? TrainingCase.fromManifest(manifest, imageColumn, maskColumn)
                    : TrainingCase.phantoms(phantoms, phantomSeed, spacing[0], phantomMixed);
            JsonObject description = new JsonObject();
            description.addProperty("data", manifest != null ? "manifest " + manifest.getFileName() + " (" + cases.size() + " cases, "
                    + imageColumn + " / " + maskColumn + ")"
                    : phantoms + " synthetic SpineRad CT phantoms (cohort seed " + phantomSeed + ", " + spacing[0] + " mm isotropic"
                    + (phantomMixed ? "; every second one on the default 1.5 x 1.5 x 2 mm grid" : "") + ")");
            UNetConfig net = new UNetConfig(1, 6, baseChannels, depth, 320, norm, 0.01f);
            String[] names = new String[SpineLabels.LUMBAR.length];
            for (int i = 0; i < names.length; i++) names[i] = SpineLabels.NAMES.get(SpineLabels.LUMBAR[i]);
            UNetTrainer.Options o = new UNetTrainer.Options(net, spacing, patch, batch, steps, lr, 1.0 / 3, validateEvery,
                    validationFraction, seed, augmentation(), maxMinutes, SpineLabels.LUMBAR.clone(), names, init);
            UNetTrainer.Result r = UNetTrainer.train(cases, o, out, description, Progress.console("train"),
                    line -> System.err.println("\n" + line));
            report(r);
            return 0;
        }

        private Augmentation.Level augmentation() {
            return noAugment ? Augmentation.Level.NONE : domainRandomisation ? Augmentation.Level.DOMAIN_RANDOMISATION : Augmentation.Level.BASIC;
        }

        private void report(UNetTrainer.Result r) {
            System.out.println("Trained " + r.stepsDone() + " steps; saved step " + r.bestStep() + " to " + out
                    + "; validation Dice " + r.validationDice());
        }

        private Integer trainColumn() {
            List<TrainingCase> real = ColumnTrainingData.realCases(spineData, leaveOut);
            List<TrainingCase> cases = new java.util.ArrayList<>();
            for (int k = 0; k < realRepeat; k++)
                for (TrainingCase c : real) cases.add(k == 0 ? c : new TrainingCase(c.id() + "#" + (k + 1), c.loader()));
            if (phantoms != null) cases.addAll(ColumnTrainingData.phantoms(phantoms, phantomSeed, spacing[0]));
            cases.addAll(ColumnTrainingData.torsoPhantoms(torsoPhantoms, torsoSeed));
            if (cases.isEmpty()) throw new SpineRadException("--spine-data with --leave-out " + leaveOut + " leaves no training case");
            JsonObject description = new JsonObject();
            description.addProperty("data", "column classes; real cases " + real.stream().map(TrainingCase::id).toList()
                    + " (each drawn " + realRepeat + "x), left out " + leaveOut + ", " + (phantoms == null ? 0 : phantoms)
                    + " column phantoms (seed " + phantomSeed + "), " + torsoPhantoms + " trunk phantoms (seeds " + torsoSeed + "..)");
            UNetConfig net = new UNetConfig(1, ColumnClasses.VALUES.length + 1, baseChannels, depth, 320, norm, 0.01f);
            UNetTrainer.Options o = new UNetTrainer.Options(net, spacing, patch, batch, steps, lr, 1.0 / 3, validateEvery,
                    validationFraction, seed, augmentation(), maxMinutes, ColumnClasses.VALUES.clone(), ColumnClasses.NAMES.clone(), init);
            long t0 = System.nanoTime();
            UNetTrainer.Result r = UNetTrainer.train(cases, o, out, description, Progress.console("train"),
                    line -> System.err.println("\n" + line));
            report(r);
            System.out.printf(java.util.Locale.ROOT, "%.3f steps/s%n", r.stepsDone() / ((System.nanoTime() - t0) / 1e9));
            return 0;
        }
    }
}
