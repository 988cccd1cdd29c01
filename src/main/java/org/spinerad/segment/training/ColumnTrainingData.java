package org.spinerad.segment.training;

import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.phantom.SpinePhantom;
import org.spinerad.phantom.Tissue;
import org.spinerad.phantom.TorsoPhantom;
import org.spinerad.segment.ColumnClasses;
import org.spinerad.segment.ReferenceMasks;
import org.spinerad.segment.Reorientation;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Training cases for the column model ({@link ColumnClasses}), every one reoriented to canonical LPS first:
 * <ul>
 * <li>{@value #EXAMPLE_CT}: TotalSegmentator's example CT with its vertebra masks (26 S1 .. 33 T11) and body/disc
 * mask (1 body, 2 disc): body = vertebra ∩ body mask, posterior elements = vertebra − body, S1 = sacrum, other bone
 * = HU ≥ 200 outside the vertebrae (ribs, pelvis, femora).</li>
 * <li>{@value #TPTBOX}: TPTBox's lumbar cut-out (L2–L4) with its sub-region mask (49/50 body, 41–48 posterior);
 * discs are the non-bone voxels between two adjacent bodies' end plates.</li>
 * <li>SpineRad phantoms: bodies, discs, arch bone (posterior) and S1 (sacrum).</li>
 * </ul>
 */
public final class ColumnTrainingData {
    private ColumnTrainingData() {}

    public static final String EXAMPLE_CT = "example_ct", TPTBOX = "tptbox_sample_ct";
    static final double OTHER_BONE_HU = 200;

    /** The real labelled cases under a shared-data folder, without those whose id is in {@code leaveOut}. */
    public static List<TrainingCase> realCases(Path data, List<String> leaveOut) {
        List<TrainingCase> out = new ArrayList<>();
        if (!leaveOut.contains(EXAMPLE_CT)) out.add(new TrainingCase(EXAMPLE_CT, () -> exampleCt(data)));
        if (!leaveOut.contains(TPTBOX)) out.add(new TrainingCase(TPTBOX, () -> tptbox(data)));
        return out;
    }

    /** Phantoms with column classes (every second one on the default 1.5 x 1.5 x 2 mm grid). */
    public static List<TrainingCase> phantoms(int n, long seed, double spacingMm) {
        return TrainingCase.phantoms(n, seed, spacingMm, true, ColumnTrainingData::phantom);
    }

    /** Whole-trunk phantoms ({@link TorsoPhantom}) with seeds first, first + 1, ... in their random storage order. */
    public static List<TrainingCase> torsoPhantoms(int n, long first) {
        List<TrainingCase> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long seed = first + k;
            out.add(new TrainingCase("torso-" + seed, () -> torso(new TorsoPhantom(seed).render())));
        }
        return out;
    }

    /** Column class of a trunk-phantom structure: S1 is the sacrum class, the rest of the sacrum other bone (as in example_ct). */
    public static int columnClass(TorsoPhantom.Structure s) {
        return switch (s) {
            case VERTEBRAL_BODY -> ColumnClasses.BODY;
            case POSTERIOR -> ColumnClasses.POSTERIOR;
            case DISC -> ColumnClasses.DISC;
            case SACRUM_S1 -> ColumnClasses.SACRUM;
            case SACRUM_LOWER, PELVIS, FEMUR, RIB -> ColumnClasses.OTHER_BONE;
            default -> 0;
        };
    }

    /** A rendered trunk phantom with column classes on the canonical grid. */
    public static TrainingCase.Pair torso(TorsoPhantom.Rendered t) {
        int[] cls = new int[t.structure().length];
        for (int i = 0; i < cls.length; i++) cls[i] = columnClass(t.structure(i));
        return canonical(Volume.ofFloats(t.geometry(), t.hu()), cls);
    }

    static Path need(Path p) {
        if (!Files.isRegularFile(p)) throw new SpineRadException(p + ": reference file not found (see ../shared/data/README.md)");
        return p;
    }

    /** example_ct with column classes on the canonical grid ({@link ReferenceMasks} labels mapped to column classes). */
    public static TrainingCase.Pair exampleCt(Path data) {
        Path ts = data.resolve("totalsegmentator");
        Volume ct = VolumeIO.read(need(ts.resolve("example_ct.nii.gz")));
        Path vert = need(ts.resolve("spine_report/totalseg.nii.gz"));
        Volume spine = ReferenceMasks.fromTotalSegmentator(VolumeIO.readLabelMap(vert),
                VolumeIO.readLabelMap(need(ts.resolve("spine_report/totalseg_vertebrae_body.nii.gz"))), vert.toString()).labels().volume();
        int n = ct.size();
        int[] cls = new int[n];
        boolean[] vertebra = new boolean[n];
        for (int i = 0; i < n; i++) {
            cls[i] = columnClass(spine.getInt(i));
            vertebra[i] = cls[i] == ColumnClasses.BODY || cls[i] == ColumnClasses.POSTERIOR || cls[i] == ColumnClasses.SACRUM;
        }
        boolean[] nearVertebra = dilate(vertebra, ct.geometry().dims());
        for (int i = 0; i < n; i++)
            if (cls[i] == 0 && !nearVertebra[i] && ct.get(i) >= OTHER_BONE_HU) cls[i] = ColumnClasses.OTHER_BONE;
        return canonical(ct, cls);
    }

    /** TPTBox sample_ct with column classes on the canonical grid (discs between adjacent bodies, {@link ReferenceMasks}). */
    public static TrainingCase.Pair tptbox(Path data) {
        Path dir = data.resolve("tptbox/sample_ct");
        Volume ct = VolumeIO.read(need(dir.resolve("sub-ct_label-22_ct.nii.gz")));
        Path vert = need(dir.resolve("sub-ct_seg-vert_label-22_msk.nii.gz"));
        Volume spine = ReferenceMasks.fromTptBox(VolumeIO.readLabelMap(vert),
                VolumeIO.readLabelMap(need(dir.resolve("sub-ct_seg-subreg_label-22_msk.nii.gz"))), ct, vert.toString()).labels().volume();
        int[] cls = new int[ct.size()];
        for (int i = 0; i < cls.length; i++) cls[i] = columnClass(spine.getInt(i));
        return canonical(ct, cls);
    }

    /** The column class of a {@link ReferenceMasks} label (S1 = sacrum; 0 for background and the derived canal). */
    static int columnClass(int spineLabel) {
        if (spineLabel == SpineLabels.S1 || spineLabel == SpineLabels.posteriorOf(SpineLabels.S1)) return ColumnClasses.SACRUM;
        if (spineLabel >= SpineLabels.L1 && spineLabel <= SpineLabels.L6) return ColumnClasses.BODY;
        if (spineLabel >= SpineLabels.DISC_T12_L1 && spineLabel <= ReferenceMasks.DISC_OTHER) return ColumnClasses.DISC;
        if (spineLabel > SpineLabels.POSTERIOR_OFFSET && spineLabel <= SpineLabels.L6_POSTERIOR) return ColumnClasses.POSTERIOR;
        return 0;
    }

    /** A phantom CT with column classes (it is generated in LPS, so it is canonical already). */
    public static TrainingCase.Pair phantom(SpinePhantom phantom) {
        SpinePhantom.PhantomImage ct = phantom.ct();
        SpinePhantom.TissueMap tissues = phantom.tissues(ct.image().geometry());
        int n = ct.image().size();
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) {
            int v = ct.labels().volume().getInt(i);
            if (v >= SpineLabels.L1 && v <= SpineLabels.L5) cls[i] = ColumnClasses.BODY;
            else if (v == SpineLabels.S1) cls[i] = ColumnClasses.SACRUM;
            else if (v >= SpineLabels.DISC_T12_L1 && v <= SpineLabels.DISC_L5_S1) cls[i] = ColumnClasses.DISC;
            else if (tissues.tissue(i) == Tissue.ARCH_BONE) cls[i] = ColumnClasses.POSTERIOR;
        }
        return canonical(ct.image(), cls);
    }

    private static TrainingCase.Pair canonical(Volume ct, int[] cls) {
        Reorientation r = Reorientation.of(ct.geometry());
        return pair(r.canonical(), r.toCanonical(ct.floats(), -1024), r.labelsToCanonical(cls));
    }

    private static TrainingCase.Pair pair(Geometry g, float[] image, int[] cls) {
        Volume lab = Volume.create(g, DataType.UINT8);
        for (int i = 0; i < cls.length; i++) lab.set(i, cls[i]);
        Map<Integer, String> names = new java.util.TreeMap<>();
        for (int k = 0; k < ColumnClasses.VALUES.length; k++) names.put(ColumnClasses.VALUES[k], ColumnClasses.NAMES[k]);
        return new TrainingCase.Pair(Volume.ofFloats(g, image), new LabelMap(lab, names));
    }

    /** 6-connected dilation by one voxel. */
    static boolean[] dilate(boolean[] m, int[] d) {
        boolean[] out = m.clone();
        int nx = d[0], nxy = d[0] * d[1];
        for (int i = 0; i < m.length; i++) {
            if (!m[i]) continue;
            int x = i % nx, y = (i / nx) % d[1], z = i / nxy;
            if (x > 0) out[i - 1] = true;
            if (x < nx - 1) out[i + 1] = true;
            if (y > 0) out[i - nx] = true;
            if (y < d[1] - 1) out[i + nx] = true;
            if (z > 0) out[i - nxy] = true;
            if (z < d[2] - 1) out[i + nxy] = true;
        }
        return out;
    }
}
