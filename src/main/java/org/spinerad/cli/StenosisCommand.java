package org.spinerad.cli;

import org.spinerad.batch.PatientBatch;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.segment.ReferenceMasks;
import org.spinerad.stenosis.ReferenceLabels;
import org.spinerad.stenosis.measure.StenosisAnalysis;
import org.spinerad.stenosis.measure.StenosisOverlay;
import org.spinerad.stenosis.measure.StenosisThresholds;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code spinerad stenosis ...}: CT lumbar stenosis measurement, grading, reference-mask conversion, batch. */
@Command(name = "stenosis", mixinStandardHelpOptions = true, description = "CT lumbar spinal stenosis (see docs/stenosis.md).",
        subcommands = {StenosisCommand.Measure.class, StenosisCommand.Batch.class, StenosisCommand.Reference.class,
                StenosisLearnCommands.Cohort.class, StenosisLearnCommands.Train.class, StenosisLearnCommands.TrainCnn.class,
                StenosisLearnCommands.Grade.class})
public final class StenosisCommand implements Runnable {
    @Override
    public void run() { new picocli.CommandLine(this).usage(System.out); }

    static StenosisThresholds thresholds(Path file) { return file == null ? StenosisThresholds.defaults() : StenosisThresholds.read(file); }

    static void writeRows(List<Map<String, String>> rows, List<String> columns, Path out) {
        List<List<String>> cells = new ArrayList<>();
        for (Map<String, String> r : rows) cells.add(columns.stream().map(c -> r.getOrDefault(c, "")).toList());
        new Csv(columns, cells).write(out);
    }

    @Command(name = "measure", mixinStandardHelpOptions = true,
            description = {"Per-level canal and lateral recess measurements and grades of one CT + label map (SpineLabels values).",
                    "Writes a CSV with one row per level and side; with --overlay PNG figures per plane."})
    static final class Measure implements Callable<Integer> {
        @Option(names = "--ct", required = true, description = "CT image (NIfTI, NRRD or DICOM folder).") Path ct;
        @Option(names = "--labels", required = true, description = "Label map with SpineLabels values (bodies, discs, posterior elements, canal).") Path labels;
        @Option(names = "--out", required = true, description = "Output CSV.") Path out;
        @Option(names = "--thresholds", description = "Grade thresholds JSON (default: the documented built-in file).") Path thresholdsFile;
        @Option(names = "--levels", split = ",", description = "Levels that must be measured, e.g. L4-L5,L5-S1,L4 (default: all in view).") List<String> levels = new ArrayList<>();
        @Option(names = "--overlay", description = "Folder for the overlay figures (one PNG per plane + sagittal.png).") Path overlay;
        @Option(names = "--articular", description = "Articular-process map (1/2 superior left/right; from stenosis reference --articular-out): the recess is measured from the superior articular process.") Path articular;

        @Override
        public Integer call() {
            Volume image = VolumeIO.read(ct);
            LabelMap map = VolumeIO.readLabelMap(labels);
            var r = StenosisAnalysis.run(image, ct.toString(), map, labels.toString(), articular == null ? null : VolumeIO.readLabelMap(articular),
                    String.valueOf(articular), thresholds(thresholdsFile), levels, Progress.console("stenosis measure"));
            writeRows(r.rows(), StenosisAnalysis.COLUMNS, out);
            if (overlay != null) StenosisOverlay.write(image, r.labels(), r, overlay);
            r.localization().skipped().forEach((level, why) -> System.err.println("spinerad: note: " + level + ": " + why));
            System.out.println("Measured " + r.localization().planes().size() + " planes; table: " + out);
            return 0;
        }
    }

    @Command(name = "batch", mixinStandardHelpOptions = true,
            description = {"Measure Stenosis over a manifest CSV (columns patient_id, ct, labels, optional articular; relative paths against its folder).",
                    "Appends the rows of each patient (level, side) to --out; finished patients are kept on disk and a rerun skips them",
                    "(failed patients too, unless --retry-failed); problems go to an error row and <out>.errors.csv and the batch goes on.",
                    "The output is locked while the run lasts (<out>.lock). --shard K/N runs one part; 'spinerad merge --out OUT' combines them.",
                    "Exit codes: 0 every patient done; 2 bad input (manifest, thresholds, output locked); 3 some patients failed."})
    static final class Batch implements Callable<Integer> {
        @Option(names = "--manifest", required = true, description = "CSV with patient_id, ct, labels (and optionally articular).") Path manifest;
        @Option(names = "--out", required = true, description = "Output CSV (appended to; rerun to resume).") Path out;
        @Option(names = "--thresholds", description = "Grade thresholds JSON (default: the built-in file).") Path thresholdsFile;
        @Option(names = "--retry-failed", description = "Measure patients whose earlier row has an error again.") boolean retryFailed;
        @Mixin ShardOption shard;

        /** The columns that with patient_id identify a row of the batch table (for spinerad merge). */
        static final List<String> ROW_KEY = List.of("level", "side");

        @Override
        public Integer call() {
            Csv m = Csv.read(manifest);
            m.requireColumn("ct", manifest.toString());
            m.requireColumn("labels", manifest.toString());
            StenosisThresholds t = thresholds(thresholdsFile);
            Path base = manifest.toAbsolutePath().getParent();
            Path target = shard.output(out, manifest, PatientBatch.ID, ROW_KEY);
            var r = PatientBatch.run(manifest, target, shard.shard(), retryFailed, StenosisAnalysis.COLUMNS, Progress.console("stenosis batch"),
                    (patient, row) -> {
                        Path ctFile = base.resolve(row.get("ct").trim()), labFile = base.resolve(row.get("labels").trim());
                        String art = row.getOrDefault("articular", "").trim();
                        Path artFile = art.isEmpty() ? null : base.resolve(art);
                        return StenosisAnalysis.run(VolumeIO.read(ctFile), ctFile.toString(), VolumeIO.readLabelMap(labFile), labFile.toString(),
                                artFile == null ? null : VolumeIO.readLabelMap(artFile), String.valueOf(artFile), t, List.of(), Progress.NONE).rows();
                    });
            System.out.println("Measured " + r.computed() + ", skipped " + r.skipped() + " (already done), failed " + r.failed()
                    + (r.failedBefore() > 0 ? ", " + r.failedBefore() + " failed before (not retried; --retry-failed)" : "")
                    + (r.allDone() ? "" : " (see " + PatientBatch.errorsPath(target) + ")") + "; table: " + target);
            return r.allDone() ? SpineRadCli.OK : SpineRadCli.SOME_CASES_FAILED;
        }
    }

    @Command(name = "reference", mixinStandardHelpOptions = true,
            description = "Convert reference vertebra masks (TotalSegmentator or TPTBox) to a SpineLabels map with the derived canal.")
    static final class Reference implements Callable<Integer> {
        @Option(names = "--totalseg", description = "TotalSegmentator vertebrae mask (26 S1 ... 31 L1, 32 T12, 33 T11).") Path totalseg;
        @Option(names = "--totalseg-body", description = "TotalSegmentator vertebrae_body mask (1 body, 2 disc).") Path totalsegBody;
        @Option(names = "--tptbox-vert", description = "TPTBox vert mask (20 L1 ... 24 L5).") Path vert;
        @Option(names = "--tptbox-subreg", description = "TPTBox subreg mask (41-48 posterior, 49-50 body).") Path subreg;
        @Option(names = "--ct", description = "The CT of the masks: voxels denser than 150 HU are not canal.") Path ct;
        @Option(names = "--out", required = true) Path out;
        @Option(names = "--articular-out", description = "Also write TPTBox's articular processes (1/2 superior left/right, 3/4 inferior) for measure --articular.") Path articularOut;

        @Override
        public Integer call() {
            ReferenceMasks.Reference result;
            Volume image = ct == null ? null : VolumeIO.read(ct);
            if (totalseg != null && totalsegBody != null)
                result = ReferenceLabels.fromTotalSegmentator(VolumeIO.readLabelMap(totalseg), VolumeIO.readLabelMap(totalsegBody), image, totalseg.toString());
            else if (vert != null && subreg != null)
                result = ReferenceLabels.fromTptBox(VolumeIO.readLabelMap(vert), VolumeIO.readLabelMap(subreg), image, vert.toString());
            else throw new SpineRadException("give --totalseg and --totalseg-body, or --tptbox-vert and --tptbox-subreg");
            VolumeIO.writeLabelMap(result.labels(), out);
            System.out.println("Wrote " + out);
            if (articularOut != null) {
                if (result.articular() == null) throw new SpineRadException("--articular-out: " + totalseg + " has no articular-process labels (TPTBox masks only)");
                VolumeIO.writeLabelMap(result.articular(), articularOut);
                System.out.println("Wrote " + articularOut);
            }
            return 0;
        }
    }
}
