package org.spinerad.deep;

import org.spinerad.batch.Shard;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cohort manifest for deep features: column {@code patient_id}, and per sequence an image column {@code <SEQ>} with
 * its mask column {@code <SEQ>_mask} (paths relative to the manifest's folder), as written by the synthetic cohort
 * generator ({@code CT, CT_mask, T1, T1_mask, T2, T2_mask}). An empty image cell means the patient lacks that sequence.
 */
public final class DeepCohort {
    public static final String ID = "patient_id";
    public static final String MASK_SUFFIX = "_mask";

    /** A named ROI: the union of some mask labels, e.g. {@code vertebra=1-5}. */
    public record Structure(String name, int[] labels) {
        public Structure {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*"))
                throw new SpineRadException("structure name '" + name + "' must be letters, digits, '_' or '-'");
            if (labels.length == 0) throw new SpineRadException("structure '" + name + "' has no labels");
        }

        /** The lumbar vertebral bodies L1-L5. */
        public static Structure vertebra() { return new Structure("vertebra", new int[]{1, 2, 3, 4, 5}); }

        /** Parses {@code name=l1,l2,a-b}. */
        public static Structure parse(String spec) {
            int eq = spec.indexOf('=');
            if (eq < 1) throw new SpineRadException("structure '" + spec + "' must look like name=labels, e.g. vertebra=1-5");
            List<Integer> labels = new ArrayList<>();
            try {
                for (String part : spec.substring(eq + 1).split(",")) {
                    String p = part.trim();
                    int dash = p.indexOf('-', 1);
                    if (dash > 0) {
                        int a = Integer.parseInt(p.substring(0, dash).trim()), b = Integer.parseInt(p.substring(dash + 1).trim());
                        if (b < a || b - a > 10_000) throw new NumberFormatException("bad range " + p);
                        for (int l = a; l <= b; l++) labels.add(l);
                    } else labels.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new SpineRadException("structure '" + spec + "': labels must be integers or ranges a-b (" + e.getMessage() + ")");
            }
            return new Structure(spec.substring(0, eq).trim(), labels.stream().mapToInt(Integer::intValue).toArray());
        }

        @Override
        public String toString() { return name + "=" + Arrays.toString(labels); }
    }

    /** One patient's row: image and mask file per sequence (null when the cell is empty). */
    public record Entry(String patientId, Map<String, Path> images, Map<String, Path> masks) {}

    private final Path manifest;
    private final List<String> sequences;
    private final List<Entry> entries;

    private DeepCohort(Path manifest, List<String> sequences, List<Entry> entries) {
        this.manifest = manifest;
        this.sequences = sequences;
        this.entries = entries;
    }

    /** Reads a manifest; {@code sequences} null or empty means every column that has a {@code _mask} partner. */
    public static DeepCohort read(Path manifest, List<String> sequences) {
        Csv csv = Csv.read(manifest);
        String src = manifest.toString();
        int idCol = csv.requireColumn(ID, src);
        List<String> seqs = new ArrayList<>();
        if (sequences == null || sequences.isEmpty()) {
            for (String h : csv.header())
                if (!h.endsWith(MASK_SUFFIX) && csv.column(h + MASK_SUFFIX) >= 0) seqs.add(h);
            if (seqs.isEmpty())
                throw new SpineRadException(src + ": no image column with a '<name>" + MASK_SUFFIX + "' mask column (columns: "
                        + String.join(", ", csv.header()) + ")");
        } else {
            seqs.addAll(sequences);
            for (String s : seqs) {
                csv.requireColumn(s, src);
                csv.requireColumn(s + MASK_SUFFIX, src);
            }
        }
        Path dir = manifest.toAbsolutePath().getParent();
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int r = 0; r < csv.rowCount(); r++) {
            String id = csv.cell(r, idCol).trim();
            if (id.isEmpty()) throw new SpineRadException(src + ": row " + (r + 2) + " has an empty " + ID);
            if (seen.put(id, r) != null) throw new SpineRadException(src + ": " + ID + " '" + id + "' appears twice");
            Map<String, Path> images = new LinkedHashMap<>(), masks = new LinkedHashMap<>();
            for (String s : seqs) {
                String img = csv.cell(r, csv.column(s)).trim();
                String mask = csv.cell(r, csv.column(s + MASK_SUFFIX)).trim();
                if (img.isEmpty()) continue;
                if (mask.isEmpty())
                    throw new SpineRadException(src + ": patient '" + id + "' has a " + s + " image but no " + s + MASK_SUFFIX);
                images.put(s, dir.resolve(img));
                masks.put(s, dir.resolve(mask));
            }
            entries.add(new Entry(id, images, masks));
        }
        return new DeepCohort(manifest, List.copyOf(seqs), entries);
    }

    /** The patients of one shard of the manifest (the manifest as a whole was checked by {@link #read}). */
    public DeepCohort shard(Shard shard) {
        return shard.isAll() ? this : new DeepCohort(manifest, sequences, entries.stream().filter(e -> shard.contains(e.patientId())).toList());
    }

    public Path manifest() { return manifest; }
    public List<String> sequences() { return sequences; }
    public List<Entry> entries() { return entries; }

    /**
     * Binary outcome per patient id from column {@code column} of the manifest or, when the manifest lacks it, of
     * {@code clinical} (joined on {@code patient_id}). Empty / NaN cells are left out; values must be 0 or 1.
     */
    public Map<String, Integer> outcomes(String column, Path clinical) {
        Csv csv = Csv.read(manifest);
        Path file = manifest;
        if (csv.column(column) < 0) {
            if (clinical == null)
                throw new SpineRadException(manifest + ": no outcome column '" + column + "' (columns: "
                        + String.join(", ", csv.header()) + "); give a clinical table that has it");
            csv = Csv.read(clinical);
            file = clinical;
        }
        int idCol = csv.requireColumn(ID, file.toString()), yCol = csv.requireColumn(column, file.toString());
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int r = 0; r < csv.rowCount(); r++) {
            String where = file + " row " + (r + 2) + " column " + column;
            String cell = csv.cell(r, yCol).trim();
            double v = cell.equalsIgnoreCase("true") ? 1 : cell.equalsIgnoreCase("false") ? 0 : Csv.parseNum(cell, where);
            if (Double.isNaN(v)) continue;
            if (v != 0 && v != 1) throw new SpineRadException(where + ": outcome must be 0 or 1, got '" + cell + "'");
            out.put(csv.cell(r, idCol).trim(), (int) v);
        }
        return out;
    }

    /** A patient's image and mask of one sequence, checked to share the voxel grid. */
    public record Scan(Volume image, Volume mask, String source) {
        /** The network input for one structure of this scan. */
        public float[] input(Structure s, VitPreprocessing p) {
            return p.prepare(image, mask, s.labels(), source + " (" + s.name() + ")");
        }
    }

    /** Reads one patient's image and mask of a sequence. */
    public static Scan scan(Entry e, String sequence) {
        Path imageFile = e.images().get(sequence), maskFile = e.masks().get(sequence);
        if (imageFile == null) throw new SpineRadException("patient '" + e.patientId() + "' has no " + sequence + " image");
        Volume image = VolumeIO.read(imageFile);
        Volume mask = VolumeIO.readLabelMap(maskFile).volume();
        VolumeIO.requireSameGrid(image.geometry(), mask.geometry(), imageFile, maskFile, 1e-3);
        return new Scan(image, mask, imageFile + " with mask " + maskFile);
    }
}
