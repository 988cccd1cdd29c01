package org.spinerad.deep;

import org.spinerad.batch.Shard;
import org.spinerad.util.AppendableCsv;
import org.spinerad.util.Csv;
import org.spinerad.util.OutputLock;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the pooled ViT representation of every patient's ROIs to a features CSV keyed by {@code patient_id}, with
 * columns {@code DL_<sequence>_<structure>_0..dim-1}. Resumable: patients already in the output are skipped and each
 * finished patient's row is appended at once, so an interrupted run loses at most one patient. A patient without a
 * sequence gets {@code nan} in that sequence's columns.
 */
public final class DeepFeatureExport {
    private DeepFeatureExport() {}

    /**
     * Patients written by this run, skipped because the output already had them, failed in this run (see
     * {@link #errorsPath}), and failed before and not retried.
     */
    public record Summary(int written, int skipped, int failed, int failedBefore) {
        public Summary(int written, int skipped) { this(written, skipped, 0, 0); }

        public boolean allDone() { return failed == 0 && failedBefore == 0; }
    }

    /** Column names of the features, in output order after {@code patient_id}. */
    public static List<String> columns(List<String> sequences, List<DeepCohort.Structure> structures, int dim) {
        List<String> h = new ArrayList<>();
        for (String seq : sequences)
            for (DeepCohort.Structure s : structures)
                for (int i = 0; i < dim; i++) h.add("DL_" + seq + "_" + s.name() + "_" + i);
        return h;
    }

    /**
     * The whole export from files: the network from {@code weights} (its manifest's preprocessing) or, without weights,
     * a randomly initialised network of {@code config} (seed); {@code marginMm} null keeps the default / the weights'
     * margin; {@code sequences} null or empty means all of the manifest's.
     */
    public static Summary run(Path manifest, List<String> sequences, List<DeepCohort.Structure> structures, Path weights,
                              VitConfig config, Double marginMm, long seed, Path out, Progress progress) {
        return run(manifest, Shard.ALL, sequences, structures, weights, config, marginMm, seed, out, false, progress);
    }

    /** The export of one shard of the manifest's patients; {@code retryFailed} processes patients listed in the errors file of an earlier run again. */
    public static Summary run(Path manifest, Shard shard, List<String> sequences, List<DeepCohort.Structure> structures, Path weights,
                              VitConfig config, Double marginMm, long seed, Path out, boolean retryFailed, Progress progress) {
        DeepCohort cohort = DeepCohort.read(manifest, sequences).shard(shard);
        try (VitModel model = weights != null ? VitModel.load(weights) : VitModel.create(config, seed)) {
            VitPreprocessing pre = weights != null ? VitWeights.readManifest(weights).preprocessing() : VitPreprocessing.of(config);
            if (marginMm != null) pre = new VitPreprocessing(pre.size(), marginMm);
            return run(model, pre, cohort, structures, out, retryFailed, progress);
        }
    }

    public static Summary run(VitModel model, VitPreprocessing preprocessing, DeepCohort cohort,
                              List<DeepCohort.Structure> structures, Path out, Progress progress) {
        return run(model, preprocessing, cohort, structures, out, false, progress);
    }

    /**
     * As above; a patient whose scan cannot be read or processed goes to {@code <out>.errors.csv} (patient, problem)
     * and the run goes on; such patients are skipped on resume unless {@code retryFailed}. The output is locked for
     * the run and every row is forced to disk.
     */
    public static Summary run(VitModel model, VitPreprocessing preprocessing, DeepCohort cohort,
                              List<DeepCohort.Structure> structures, Path out, boolean retryFailed, Progress progress) {
        try (OutputLock lock = OutputLock.acquire(out)) {
            List<String> header = new ArrayList<>(List.of(DeepCohort.ID));
            header.addAll(columns(cohort.sequences(), structures, model.config().dim()));
            Set<String> done = finishedIds(out, header);
            AppendableCsv errors = AppendableCsv.open(errorsPath(out));
            if (retryFailed) errors.retain(row -> false);
            Set<String> failedBefore = new HashSet<>();
            for (var row : errors.rows()) failedBefore.add(row.get(DeepCohort.ID));
            int total = cohort.entries().size(), written = 0, skipped = 0, failed = 0, kept = 0;
            progress.update(0, total, "deep features");
            try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                if (done.isEmpty() && ch.size() == 0) appendSynced(ch, header);
                int finished = 0;
                for (DeepCohort.Entry e : cohort.entries()) {
                    if (done.contains(e.patientId())) skipped++;
                    else if (failedBefore.contains(e.patientId())) kept++;
                    else {
                        List<String> row;
                        try {
                            row = row(model, preprocessing, cohort.sequences(), structures, e);
                        } catch (RuntimeException | StackOverflowError | OutOfMemoryError ex) {
                            java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
                            bad.put(DeepCohort.ID, e.patientId());
                            bad.put("problem", SpineRadException.problem(ex, "patient " + e.patientId()));
                            errors.append(bad);
                            failed++;
                            progress.update(++finished, total, e.patientId() + " (error)");
                            continue;
                        }
                        appendSynced(ch, row);
                        written++;
                    }
                    progress.update(++finished, total, e.patientId());
                }
            } catch (IOException ex) {
                throw new SpineRadException(out + ": cannot write features (" + ex.getMessage() + ")", ex);
            }
            return new Summary(written, skipped, failed, kept);
        }
    }

    /** The errors file of an output: {@code <out>.errors.csv}. */
    public static Path errorsPath(Path out) {
        return out.resolveSibling(out.getFileName() + ".errors.csv");
    }

    /** Appends one CSV row and forces it to disk, so a crash loses no finished patient. */
    private static void appendSynced(FileChannel ch, List<String> cells) throws IOException {
        StringWriter w = new StringWriter();
        Csv.writeRow(w, cells);
        ByteBuffer buf = ByteBuffer.wrap(w.toString().getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
    }

    private static List<String> row(VitModel model, VitPreprocessing p, List<String> sequences,
                                     List<DeepCohort.Structure> structures, DeepCohort.Entry e) {
        List<String> row = new ArrayList<>();
        row.add(e.patientId());
        int dim = model.config().dim();
        for (String seq : sequences) {
            DeepCohort.Scan scan = e.images().containsKey(seq) ? DeepCohort.scan(e, seq) : null;
            for (DeepCohort.Structure s : structures) {
                if (scan == null) {
                    for (int i = 0; i < dim; i++) row.add("nan");
                    continue;
                }
                float[] pooled = model.pooled(List.of(scan.input(s, p)))[0];
                for (float v : pooled) row.add(Float.toString(v));
            }
        }
        return row;
    }

    /**
     * Ids already complete in an existing output. The header must be the expected one (else a clear error: another
     * network or other sequences); incomplete trailing rows of an interrupted run are dropped by rewriting the file.
     */
    static Set<String> finishedIds(Path out, List<String> header) {
        Set<String> ids = new HashSet<>();
        try {
            if (!Files.exists(out) || Files.size(out) == 0) return ids;
        } catch (IOException e) {
            throw new SpineRadException(out + ": cannot read (" + e.getMessage() + ")", e);
        }
        Csv existing = Csv.read(out);
        if (!existing.header().equals(header))
            throw new SpineRadException(out + ": exists with other columns (" + existing.header().size() + " instead of "
                    + header.size() + ", first " + String.join(",", existing.header().subList(0, Math.min(3, existing.header().size())))
                    + "...); choose another output file or delete it");
        List<List<String>> rows = existing.rows();
        if (!rows.isEmpty() && !Csv.endsWithNewline(out)) rows = rows.subList(0, rows.size() - 1); // cut off mid-row
        List<List<String>> complete = new ArrayList<>();
        for (List<String> r : rows)
            if (r.size() == header.size()) {
                complete.add(r);
                ids.add(r.get(0));
            }
        if (complete.size() != existing.rowCount() || !Csv.endsWithNewline(out)) new Csv(header, complete).write(out);
        return ids;
    }
}
