package org.spinerad.segment;

import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.util.Progress;

import java.util.ArrayList;
import java.util.List;

/**
 * The column model's inference cascade: reorient to canonical LPS ({@link Reorientation}); a coarse pass (sliding
 * window without overlap) over the whole image at the model spacing finds the vertebral column (largest connected
 * bony component of body, posterior, disc and sacrum classes behind the body's centre); the fine pass (overlapping, Gaussian-weighted) covers only
 * the column's bounding box plus a margin, and its class scores are resampled to the input resolution there.
 * Only the column component is kept, no label is written in air (below {@value #AIR_HU} HU) or outside the source
 * image, and {@link ColumnLabeller} names the levels. Labels are mapped back to the input grid exactly.
 */
public final class ColumnSegmenter {
    static final double AIR_HU = -200, MARGIN_MM = 24, LATERAL_MARGIN_MM = 60, MIN_COLUMN_ML = 10, MIN_BONE_HU = 150, MAX_MIDLINE_OFFSET_MM = 50, MAX_ANTERIOR_MM = 30;
    static final float FILL_HU = -1024;

    /** Labels on the input grid, the levels found and the warnings (empty when nothing is doubtful). */
    public record Result(LabelMap labels, List<ColumnLabeller.Level> levels, List<String> warnings) {}

    private final ModelManifest manifest;
    private final PatchPredictor net;
    private final double overlap;

    public ColumnSegmenter(ModelManifest manifest, PatchPredictor net, double overlap) {
        this.manifest = manifest;
        this.net = net;
        this.overlap = overlap;
    }

    public Result segment(Volume image, Progress progress) {
        List<String> warnings = new ArrayList<>();
        Geometry source = image.geometry();
        String domain = domainWarning(image);
        if (domain != null) warnings.add(domain);
        Reorientation r = Reorientation.of(source);
        Geometry cg = r.canonical();
        float[] ct = r.toCanonical(image.floats(), FILL_HU);
        int[] cd = cg.dims();

        int[] coarseDims = Resample.dimsAt(cg, manifest.spacing());
        float[] coarseHu = Resample.linear(ct, cd, coarseDims);
        // constant (air) padding as in training; an image thinner than the patch along z whose column is not found
        // that way (a slab of one or two levels) is extrapolated by mirroring instead, in both passes
        boolean mirrorZ = false;
        int[] box = columnBox(coarseClasses(coarseHu, coarseDims, false, progress), coarseHu, coarseDims, cd, cg);
        if (box == null && coarseDims[2] < manifest.patchSize()[2]) {
            mirrorZ = true;
            box = columnBox(coarseClasses(coarseHu, coarseDims, true, progress), coarseHu, coarseDims, cd, cg);
        }
        int[] canonicalLabels = new int[cg.voxelCount()];
        List<ColumnLabeller.Level> levels = List.of();
        if (box == null) {
            warnings.add("no spine found: no vertebral column in the image (outside the model's validated domain?)");
        } else {
            int[] size = {box[3] - box[0], box[4] - box[1], box[5] - box[2]};
            Volume crop = Volume.ofFloats(cg, ct).crop(box[0], box[1], box[2], size[0], size[1], size[2]);
            float[] cropHu = crop.floats();
            int[] fineDims = Resample.dimsAt(crop.geometry(), manifest.spacing());
            float[] logits = predictMirrored(manifest.normalization().apply(Resample.linear(cropHu, size, fineDims)), fineDims, mirrorZ, progress);
            int[] classes = java.util.Arrays.equals(size, fineDims) ? SlidingWindow.argmax(logits, manifest.classes())
                    : Resample.argmaxLinear(logits, manifest.classes(), fineDims, size);
            toValues(classes);
            boolean[] valid = cropOf(r.validMask(), cd, box, size);
            for (int i = 0; i < classes.length; i++) if (!valid[i] || cropHu[i] < AIR_HU) classes[i] = 0;
            keepColumn(classes, cropHu, size, null);
            ColumnLabeller.Labelled labelled = new ColumnLabeller(size, crop.geometry().spacing()).label(classes, cropHu);
            warnings.addAll(labelled.warnings());
            levels = labelled.levels();
            for (int z = 0; z < size[2]; z++)
                for (int y = 0; y < size[1]; y++)
                    System.arraycopy(labelled.labels(), size[0] * (y + size[1] * z), canonicalLabels,
                            box[0] + cd[0] * (box[1] + y + cd[1] * (box[2] + z)), size[0]);
        }
        int[] labels = r.labelsToSource(canonicalLabels);
        Volume out = Volume.create(source, DataType.UINT8);
        byte[] dst = (byte[]) out.array();
        for (int i = 0; i < dst.length; i++) dst[i] = (byte) labels[i];
        out.metadata().put("source", "SpineRad column segmentation, SpineRad " + manifest.spineradVersion());
        return new Result(new LabelMap(out, SpineLabels.NAMES), levels, warnings);
    }

    /**
     * Fine-pass logits averaged over the image and its left-right mirror (nnU-Net's test-time mirroring, here only
     * along the axis the model was trained to be symmetric in: the left-right flip augmentation).
     */
    private float[] predictMirrored(float[] image, int[] dims, boolean mirrorZ, Progress progress) {
        float pad = manifest.normalization().padValue();
        float[] logits = SlidingWindow.predict(image, dims, manifest.patchSize(), overlap, net, pad, mirrorZ, progress);
        float[] mirrored = SlidingWindow.predict(flipX(image, dims[0]), dims, manifest.patchSize(), overlap, net, pad, mirrorZ, progress);
        int nx = dims[0];
        for (int row = 0; row < logits.length; row += nx) // every x row of every channel, mirrored back
            for (int x = 0; x < nx; x++) logits[row + x] = (logits[row + x] + mirrored[row + nx - 1 - x]) / 2;
        return logits;
    }

    /** A volume (x fastest, rows of {@code nx}) mirrored along x. */
    static float[] flipX(float[] v, int nx) {
        float[] out = new float[v.length];
        for (int row = 0; row < v.length; row += nx)
            for (int x = 0; x < nx; x++) out[row + x] = v[row + nx - 1 - x];
        return out;
    }

    /** Coarse pass: classes of the whole image at the model spacing, patches without overlap. */
    private int[] coarseClasses(float[] hu, int[] dims, boolean mirrorZ, Progress progress) {
        int[] coarse = SlidingWindow.argmax(SlidingWindow.predict(manifest.normalization().apply(hu), dims, manifest.patchSize(),
                0, net, manifest.normalization().padValue(), mirrorZ, progress), manifest.classes());
        if (ColumnLabeller.DEBUG) {
            int[] hist = new int[manifest.classes()];
            for (int c : coarse) hist[c]++;
            System.err.println("coarse grid " + java.util.Arrays.toString(dims) + (mirrorZ ? " (mirrored z)" : "") + ", classes " + java.util.Arrays.toString(hist));
        }
        return coarse;
    }

    /** Class indices to column class values (in place). */
    private void toValues(int[] classes) {
        int[] values = manifest.labelValues();
        for (int i = 0; i < classes.length; i++) classes[i] = classes[i] == 0 ? 0 : values[classes[i] - 1];
    }

    private static boolean isColumn(int v) {
        return v == ColumnClasses.BODY || v == ColumnClasses.POSTERIOR || v == ColumnClasses.DISC || v == ColumnClasses.SACRUM;
    }

    /**
     * Keeps the largest 26-connected component of column classes whose bone classes (body, posterior, sacrum) have a
     * mean of at least {@value #MIN_BONE_HU} HU (soft organs the network mistakes for vertebrae have less) and clears
     * the other column voxels (in place). Returns false when no component qualifies.
     */
    static boolean keepColumn(int[] classes, float[] hu, int[] dims, double[] spacing) {
        int[] column = new int[classes.length];
        for (int i = 0; i < classes.length; i++) column[i] = isColumn(classes[i]) ? 1 : 0;
        int[] count = new int[1];
        int[] comp = PostProcess.components(column, dims, 1, count);
        long[] size = new long[count[0] + 1], bone = new long[count[0] + 1];
        double[] huSum = new double[count[0] + 1];
        for (int i = 0; i < comp.length; i++) {
            if (comp[i] == 0) continue;
            size[comp[i]]++;
            if (classes[i] != ColumnClasses.DISC) { bone[comp[i]]++; huSum[comp[i]] += hu[i]; }
        }
        boolean[] plausible = spacing == null ? null : behindBodyCentre(comp, count[0], hu, dims, spacing);
        int best = 0;
        if (ColumnLabeller.DEBUG)
            for (int c = 1; c <= count[0]; c++)
                if (size[c] > 20) System.err.printf(java.util.Locale.ROOT, "column component %d: %d voxels, bone HU %.0f, plausible %s%n",
                        c, size[c], bone[c] == 0 ? Double.NaN : huSum[c] / bone[c], plausible == null ? "-" : plausible[c]);
        for (int c = 1; c <= count[0]; c++)
            if (bone[c] > 0 && huSum[c] / bone[c] >= MIN_BONE_HU && (plausible == null || plausible[c])
                    && (best == 0 || size[c] > size[best])) best = c;
        for (int i = 0; i < classes.length; i++) if (isColumn(classes[i]) && comp[i] != best) classes[i] = 0;
        return best > 0;
    }

    /**
     * Components whose centroid lies within {@value #MAX_MIDLINE_OFFSET_MM} mm of the left-right centre of the
     * patient's body (voxels above -300 HU) and at most {@value #MAX_ANTERIOR_MM} mm anterior to its antero-posterior
     * centre: where a spine can be.
     */
    static boolean[] behindBodyCentre(int[] comp, int n, float[] hu, int[] dims, double[] spacing) {
        double bx = 0, by = 0;
        long nb = 0;
        double[] cx = new double[n + 1], cy = new double[n + 1];
        long[] size = new long[n + 1];
        for (int i = 0; i < comp.length; i++) {
            int x = i % dims[0], y = (i / dims[0]) % dims[1];
            if (hu[i] > -300) { bx += x; by += y; nb++; }
            if (comp[i] > 0) { cx[comp[i]] += x; cy[comp[i]] += y; size[comp[i]]++; }
        }
        boolean[] ok = new boolean[n + 1];
        for (int c = 1; c <= n; c++)
            ok[c] = nb == 0 || Math.abs(cx[c] / size[c] - bx / nb) * spacing[0] <= MAX_MIDLINE_OFFSET_MM && (by / nb - cy[c] / size[c]) * spacing[1] <= MAX_ANTERIOR_MM;
        return ok;
    }

    /**
     * Canonical-grid box {x0, y0, z0, x1, y1, z1} (exclusive ends) of the column found by the coarse pass, with a
     * margin (wider laterally, so that rib evidence for T12 is inside), or null when the largest column component is smaller than {@value #MIN_COLUMN_ML} ml.
     */
    private int[] columnBox(int[] coarseClasses, float[] coarseHu, int[] coarseDims, int[] cd, Geometry cg) {
        toValues(coarseClasses);
        if (!keepColumn(coarseClasses, coarseHu, coarseDims, manifest.spacing())) return null;
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, hi = {-1, -1, -1};
        long n = 0;
        for (int i = 0; i < coarseClasses.length; i++) {
            if (!isColumn(coarseClasses[i])) continue;
            n++;
            int[] xyz = {i % coarseDims[0], (i / coarseDims[0]) % coarseDims[1], i / (coarseDims[0] * coarseDims[1])};
            for (int a = 0; a < 3; a++) { lo[a] = Math.min(lo[a], xyz[a]); hi[a] = Math.max(hi[a], xyz[a]); }
        }
        double coarseVoxelMl = manifest.spacing()[0] * manifest.spacing()[1] * manifest.spacing()[2] / 1000;
        if (n * coarseVoxelMl < MIN_COLUMN_ML) return null;
        int[] box = new int[6];
        for (int a = 0; a < 3; a++) {
            double scale = (double) cd[a] / coarseDims[a];
            int margin = (int) Math.ceil((a == 0 ? LATERAL_MARGIN_MM : MARGIN_MM) / cg.spacing(a));
            box[a] = Math.max(0, (int) Math.floor(lo[a] * scale) - margin);
            box[a + 3] = Math.min(cd[a], (int) Math.ceil((hi[a] + 1) * scale) + margin);
        }
        return box;
    }

    private static boolean[] cropOf(boolean[] full, int[] d, int[] box, int[] size) {
        boolean[] out = new boolean[size[0] * size[1] * size[2]];
        for (int z = 0; z < size[2]; z++)
            for (int y = 0; y < size[1]; y++)
                System.arraycopy(full, box[0] + d[0] * (box[1] + y + d[1] * (box[2] + z)), out, size[0] * (y + size[1] * z), size[0]);
        return out;
    }

    /** A warning when the image does not look like CT (MR metadata, or no sampled voxel below -500 HU). */
    static String domainWarning(Volume image) {
        String modality = image.metadata().getOrDefault("modality", "");
        if (modality.toUpperCase(java.util.Locale.ROOT).startsWith("MR"))
            return "the image is MR (modality " + modality + "): the segmentation model is validated on CT only";
        long air = 0;
        for (int i = 0, n = image.size(); i < n; i += 7) if (image.get(i) < -500) air++;
        if (air == 0)
            return "the image has no voxel below -500 HU, so it does not look like CT in HU: the segmentation model "
                    + "is validated on CT only";
        return null;
    }
}
