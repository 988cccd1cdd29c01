package org.spinerad.radiomics;

import org.spinerad.batch.Shard;
import org.spinerad.image.DataType;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.util.AppendableCsv;
import org.spinerad.util.Csv;
import org.spinerad.util.OutputLock;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Radiomics over a cohort manifest, writing one wide CSV with one row per patient.
 *
 * <p>Manifest: a CSV with a {@code patient_id} column and, per sequence, an image column and a mask column named
 * {@code <sequence>_mask} (e.g. {@code CT, CT_mask, T2, T2_mask}); relative paths are resolved against the manifest's
 * folder; an empty image cell means the patient has no such sequence. Columns of the output are
 * {@code <sequence>_<structure>_<feature>} (e.g. {@code T2_vertebra_original_firstorder_Mean}); diagnostics columns
 * are left out of the wide table (the configuration and version go to {@code <out>.provenance.json}).
 *
 * <p>Structures: a {@link Structure} with several labels is ONE region, the union of those labels (e.g.
 * {@code vertebra=1,2,3,4,5} gives the five bodies together). Without structures, every label present in a mask is
 * its own structure (all present labels, or those given), named from the mask's label names (e.g. {@code CT_L1_...},
 * from the {@code .labels.json} sidecar) or {@code label_<N>}.
 *
 * <p>Resumable: each finished patient row is appended and forced to disk at once; a rerun skips patients whose row
 * exists. Problems of a case (missing, corrupt or hostile file, grid mismatch, empty label...) are written to the row's
 * {@code error} column and to {@code <out>.errors.csv} (patient, sequence, structure, file, problem); the batch goes
 * on. A rerun does not retry failed patients unless {@link #retryFailed} is set. The output is locked
 * ({@link OutputLock}) for the run: a second writer fails at once. NaN voxels inside an ROI are dropped with a
 * warning ({@link Result#warnings}, provenance); infinite ones make that structure fail. Cases run in parallel.
 */
public final class RadiomicsBatch {
    public static final String ID = "patient_id", ERROR = "error", MASK_SUFFIX = "_mask";

    /** A named region: the union of the given labels. */
    public record Structure(String name, int[] labels) {
        /** Parses {@code name=1,2,3}. */
        public static Structure parse(String spec) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1)
                throw new SpineRadException("structure '" + spec + "' must look like name=1,2,3");
            String[] parts = spec.substring(eq + 1).split(",");
            int[] labels = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    labels[i] = Integer.parseInt(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new SpineRadException("structure '" + spec + "': '" + parts[i] + "' is not a label number");
                }
            }
            return new Structure(spec.substring(0, eq).trim(), labels);
        }
    }

    /**
     * Outcome of a run: patients computed, skipped (done before), failed in this run, failed before and not retried,
     * and warnings (dropped NaN voxels).
     */
    public record Result(int computed, int skipped, int failed, int failedBefore, List<String> warnings) {
        public Result(int computed, int skipped, int failed) { this(computed, skipped, failed, 0, List.of()); }

        /** True when every patient of the manifest has a row without error (exit code 0, else 3). */
        public boolean allDone() { return failed == 0 && failedBefore == 0; }
    }

    private boolean retryFailed;

    /** Makes a rerun compute patients whose earlier row has an error again (default: they are kept and skipped). */
    public RadiomicsBatch retryFailed(boolean retry) {
        this.retryFailed = retry;
        return this;
    }

    private final RadiomicsExtractor extractor;
    private final List<Structure> structures;
    private final List<Integer> labels;
    private final Function<Path, Volume> imageReader;
    private final Function<Path, LabelMap> maskReader;
    private final ForkJoinPool pool;

    /**
     * @param structures  union regions to extract; when empty, labels are extracted one by one
     * @param labels      labels to extract one by one, named from the mask's label names (empty: all present labels)
     * @param imageReader reads an image file, maskReader a label map (bad files: SpineRadException)
     * @param pool        runs cases in parallel, or null for one at a time
     */
    public RadiomicsBatch(RadiomicsExtractor extractor, List<Structure> structures, List<Integer> labels,
                          Function<Path, Volume> imageReader, Function<Path, LabelMap> maskReader, ForkJoinPool pool) {
        this.extractor = extractor;
        this.structures = List.copyOf(structures);
        this.labels = List.copyOf(labels);
        this.imageReader = imageReader;
        this.maskReader = maskReader;
        this.pool = pool;
    }

    /** A batch reading NIfTI/NRRD files with {@link VolumeIO}. */
    public static RadiomicsBatch withFiles(RadiomicsExtractor extractor, List<Structure> structures, List<Integer> labels, ForkJoinPool pool) {
        return new RadiomicsBatch(extractor, structures, labels, VolumeIO::read, VolumeIO::readLabelMap, pool);
    }

    /** A batch reading volume {@code volume} (0-based) of 4D images; masks must be 3D. */
    public static RadiomicsBatch withFiles(RadiomicsExtractor extractor, List<Structure> structures, List<Integer> labels,
                                           ForkJoinPool pool, int volume) {
        return new RadiomicsBatch(extractor, structures, labels, f -> VolumeIO.read(f, volume), VolumeIO::readLabelMap, pool);
    }

    /** The errors file of an output: {@code <out>.errors.csv}. */
    public static Path errorsPath(Path out) {
        return out.resolveSibling(out.getFileName() + ".errors.csv");
    }

    private record Case(String id, List<String[]> sequences) {} // each: name, image path, mask path

    public Result run(Path manifest, Path out, Progress progress) {
        return run(manifest, out, Shard.ALL, progress);
    }

    /** Runs the manifest rows of one shard (all rows are still checked). */
    public Result run(Path manifest, Path out, Shard shard, Progress progress) {
        try (OutputLock lock = OutputLock.acquire(out)) {
            return runLocked(manifest, out, shard, progress);
        }
    }

    private Result runLocked(Path manifest, Path out, Shard shard, Progress progress) {
        Csv m = Csv.read(manifest);
        int idCol = idColumn(m, manifest);
        List<String> sequences = new ArrayList<>();
        for (String c : m.header()) if (m.header().contains(c + MASK_SUFFIX)) sequences.add(c);
        if (sequences.isEmpty())
            throw new SpineRadException(manifest + ": no sequence columns: expected an image column X and its mask column X"
                    + MASK_SUFFIX + " (e.g. CT, CT_mask); columns: " + String.join(", ", m.header()));
        Path base = manifest.toAbsolutePath().getParent();
        List<Case> cases = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int r = 0; r < m.rowCount(); r++) {
            String id = m.cell(r, idCol).trim();
            if (id.isEmpty()) throw new SpineRadException(manifest + ": row " + (r + 2) + " has no " + ID);
            if (!ids.add(id)) throw new SpineRadException(manifest + ": " + ID + " '" + id + "' appears twice");
            List<String[]> seqs = new ArrayList<>();
            for (String s : sequences) {
                String img = m.cell(r, m.column(s)).trim(), msk = m.cell(r, m.column(s + MASK_SUFFIX)).trim();
                if (img.isEmpty()) continue;
                seqs.add(new String[]{s, base.resolve(img).toString(), msk.isEmpty() ? "" : base.resolve(msk).toString()});
            }
            if (shard.contains(id)) cases.add(new Case(id, seqs));
        }

        AppendableCsv table = AppendableCsv.open(out);
        if (!table.header().isEmpty() && !table.header().contains(ID))
            throw new SpineRadException(out + ": exists but is not a batch table (no " + ID + " column); choose another output");
        AppendableCsv errors = AppendableCsv.open(errorsPath(out));
        if (retryFailed) {
            Set<String> failedIds = new HashSet<>();
            for (var row : table.rows()) if (!row.getOrDefault(ERROR, "").isEmpty()) failedIds.add(row.get(ID));
            table.retain(row -> !failedIds.contains(row.get(ID)));
            errors.retain(row -> !failedIds.contains(row.get(ID)));
        }
        Set<String> done = new HashSet<>(), failedBefore = new HashSet<>();
        for (var row : table.rows()) {
            done.add(row.get(ID));
            if (!row.getOrDefault(ERROR, "").isEmpty()) failedBefore.add(row.get(ID));
        }
        Map<String, Object> inputs = Map.of("manifest", manifest.toAbsolutePath().toString(),
                "structures", structures.stream().map(s -> s.name() + "=" + java.util.Arrays.toString(s.labels())).toList());
        RadiomicsTable.writeProvenance(out, extractor.config(), inputs);

        List<Case> todo = cases.stream().filter(c -> !done.contains(c.id)).toList();
        AtomicInteger finished = new AtomicInteger(), failed = new AtomicInteger();
        List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());
        progress.update(0, todo.size(), "radiomics batch");
        Runnable all = () -> (pool == null ? todo.stream() : todo.parallelStream()).forEach(c -> {
            List<String> problems = runCase(c, table, errors, warnings);
            if (!problems.isEmpty()) failed.incrementAndGet();
            progress.update(finished.incrementAndGet(), todo.size(), c.id + (problems.isEmpty() ? "" : " (error)"));
        });
        if (pool == null) all.run();
        else pool.submit(all).join();
        List<String> sorted = warnings.stream().sorted().toList(); // parallel order is not deterministic
        if (!sorted.isEmpty()) RadiomicsTable.writeProvenance(out, extractor.config(), inputs, sorted);
        int keptFailures = (int) cases.stream().filter(c -> failedBefore.contains(c.id)).count();
        return new Result(todo.size() - failed.get(), cases.size() - todo.size() - keptFailures, failed.get(), keptFailures, sorted);
    }

    private static int idColumn(Csv m, Path manifest) {
        for (int c = 0; c < m.header().size(); c++) if (m.header().get(c).trim().equalsIgnoreCase(ID)) return c;
        throw new SpineRadException(manifest + ": no column '" + ID + "' (columns: " + String.join(", ", m.header()) + ")");
    }

    /** Computes and appends one patient's row; returns its problems. */
    private List<String> runCase(Case c, AppendableCsv table, AppendableCsv errors, List<String> warnings) {
        LinkedHashMap<String, String> row = new LinkedHashMap<>();
        row.put(ID, c.id);
        row.put(ERROR, "");
        List<String> problems = new ArrayList<>();
        for (String[] seq : c.sequences) {
            String name = seq[0];
            Volume image, mask;
            List<Structure> regions;
            try {
                image = read(seq[1], "image", imageReader);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                problem(c, name, "", seq[1], SpineRadException.problem(e, seq[1]), problems, errors);
                continue;
            }
            try {
                LabelMap labelMap = read(seq[2], "mask", maskReader);
                mask = labelMap.volume();
                regions = structuresOf(labelMap);
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                problem(c, name, "", seq[2], SpineRadException.problem(e, seq[2]), problems, errors);
                continue;
            }
            for (var s : regions) {
                try {
                    Volume roiMask = s.labels().length == 1 ? mask : union(mask, s.labels());
                    int label = s.labels().length == 1 ? s.labels()[0] : 1;
                    String what = c.id + " " + name + "/" + s.name() + " (" + seq[1] + ")";
                    int nan = NonFiniteVoxels.nanInRoi(image, roiMask, new int[]{label}, what);
                    if (nan > 0) warnings.add(NonFiniteVoxels.warning(nan, what));
                    for (var e : extractor.execute(image, roiMask, label, seq[1], seq[2], Progress.NONE, null).entrySet())
                        if (!e.getKey().startsWith(RadiomicsDiagnostics.PREFIX))
                            row.put(name + "_" + s.name() + "_" + e.getKey(), RadiomicsTable.format(e.getValue()));
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                    problem(c, name, s.name(), seq[2], SpineRadException.problem(e, seq[2]), problems, errors);
                }
            }
        }
        row.put(ERROR, String.join("; ", problems));
        table.append(row);
        return problems;
    }

    private static <T> T read(String path, String what, Function<Path, T> reader) {
        if (path.isEmpty()) throw new SpineRadException("no " + what + " file given");
        if (!Files.isRegularFile(Path.of(path))) throw new SpineRadException(path + ": " + what + " file not found");
        return reader.apply(Path.of(path));
    }

    private static void problem(Case c, String sequence, String structure, String file, String message,
                                List<String> problems, AppendableCsv errors) {
        problems.add(sequence + (structure.isEmpty() ? "" : "/" + structure) + ": " + message);
        LinkedHashMap<String, String> e = new LinkedHashMap<>();
        e.put(ID, c.id);
        e.put("sequence", sequence);
        e.put("structure", structure);
        e.put("file", file);
        e.put("problem", message);
        errors.append(e);
    }

    private List<Structure> structuresOf(LabelMap mask) {
        if (!structures.isEmpty()) return structures;
        List<Structure> out = new ArrayList<>();
        for (int l : labels.isEmpty() ? mask.presentLabels() : labels)
            out.add(new Structure(mask.name(l).trim().replaceAll("\\s+", "_"), new int[]{l})); // names become column prefixes
        if (out.isEmpty()) throw new SpineRadException("the mask is empty (no labelled voxels)");
        return out;
    }

    /** A binary mask (1 where any of the labels is). */
    static Volume union(Volume mask, int[] labels) {
        Volume out = Volume.create(mask.geometry(), DataType.UINT8);
        byte[] dst = (byte[]) out.array();
        boolean any = false;
        for (int i = 0; i < dst.length; i++) {
            int v = mask.getInt(i);
            for (int l : labels)
                if (v == l) {
                    dst[i] = 1;
                    any = true;
                    break;
                }
        }
        if (!any) throw new SpineRadException("labels " + java.util.Arrays.toString(labels) + " are not present in the mask");
        return out;
    }
}
