package org.spinerad.phantom;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic lumbar-spine phantom: CT (HU) and T1-/T2-like MR images of one analytic anatomy with its label map
 * ({@link SpineLabels} values). Deterministic: the same {@link PhantomParams} give identical voxels. The model
 * (anatomy, intensities, coordinates) is documented in docs/phantom.md.
 */
public final class SpinePhantom {
    /** CT values (HU) of the tissues without parameters. */
    public static final double AIR_HU = -1000, FAT_HU = -100, SOFT_TISSUE_HU = 40, MUSCLE_HU = 50, CSF_HU = 15, DISC_HU = 80;

    public enum MriSequence { T1, T2 }

    /** MR slice orientation: axial = thick slices along z; sagittal = thick slices along x, rows running S to I. */
    public enum MriView { AXIAL, SAGITTAL }

    /** An image with its label map on the same grid. */
    public record PhantomImage(Volume image, LabelMap labels) {}

    /** Tissue class (ordinal of {@link Tissue}) per voxel and the label map of a grid. */
    public record TissueMap(Geometry geometry, byte[] tissue, LabelMap labels) {
        public Tissue tissue(int index) { return Tissue.of(tissue[index]); }
    }

    private static final int STREAM_TEXTURE = 1, STREAM_FAT = 2, STREAM_NOISE = 3, STREAM_NOISE_IMAG = 4;

    private final PhantomParams p;
    private final Anatomy anatomy;

    public SpinePhantom(PhantomParams params) {
        this.p = params;
        this.anatomy = new Anatomy(params);
    }

    public PhantomParams params() { return p; }

    /** The bony bodies L1..L5 (and S1 when included), top to bottom. */
    public List<VertebraShape> vertebrae() { return anatomy.bodies(); }

    /**
     * Marrow fat fraction of the vertebral bodies implied by the BMD: {@code 0.35 + 0.003 * (150 - bmdHu)}, clamped
     * to [0.05, 0.95]; it raises the T1 and T2 signal of the marrow.
     */
    public double marrowFatFraction() { return marrowFatFraction(p.bmdHu()); }

    public static double marrowFatFraction(double bmdHu) { return Math.max(0.05, Math.min(0.95, 0.35 + 0.003 * (150 - bmdHu))); }

    /** CT grid: identity direction (LPS), centred on the anatomy at world (0, -10, 0). */
    public Geometry ctGeometry() {
        return centred(new int[]{p.nx(), p.ny(), p.nz()}, new double[]{p.sx(), p.sy(), p.sz()}, Geometry.identity());
    }

    /** MR grid covering the CT field of view with {@code mriInPlaneMm} pixels and {@code mriSliceMm} slices. */
    public Geometry mriGeometry(MriView view) {
        double ex = p.nx() * p.sx(), ey = p.ny() * p.sy(), ez = p.nz() * p.sz();
        double in = p.mriInPlaneMm(), sl = p.mriSliceMm();
        if (view == MriView.AXIAL)
            return centred(new int[]{count(ex, in), count(ey, in), count(ez, sl)}, new double[]{in, in, sl}, Geometry.identity());
        // index axes: 0 -> posterior (+y), 1 -> inferior (-z), 2 -> left (+x)
        double[] dir = {0, 0, 1, 1, 0, 0, 0, -1, 0};
        return centred(new int[]{count(ey, in), count(ez, in), count(ex, sl)}, new double[]{in, in, sl}, dir);
    }

    private static int count(double extent, double spacing) { return Math.max(1, (int) Math.round(extent / spacing)); }

    private static Geometry centred(int[] dims, double[] spacing, double[] dir) {
        double[] origin = {0, Anatomy.OUTLINE_CY, 0};
        for (int c = 0; c < 3; c++)
            for (int r = 0; r < 3; r++) origin[r] -= dir[r * 3 + c] * (dims[c] - 1) * spacing[c] / 2;
        return new Geometry(dims, spacing, origin, dir);
    }

    /** Rasterises the anatomy at the voxel centres of a grid. */
    public TissueMap tissues(Geometry g) {
        int n = g.voxelCount();
        byte[] tissue = new byte[n];
        Volume labels = Volume.create(g, DataType.UINT8);
        byte[] lab = (byte[]) labels.array();
        int nx = g.nx(), ny = g.ny(), nz = g.nz();
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++) {
                double[] w0 = g.indexToWorld(0, y, z), w1 = g.indexToWorld(1, y, z);
                double dx = w1[0] - w0[0], dy = w1[1] - w0[1], dz = w1[2] - w0[2];
                int base = g.index(0, y, z);
                for (int x = 0; x < nx; x++) {
                    int code = anatomy.classify(w0[0] + x * dx, w0[1] + x * dy, w0[2] + x * dz);
                    tissue[base + x] = (byte) (code >> 8);
                    lab[base + x] = (byte) code;
                }
            }
        return new TissueMap(g, tissue, new LabelMap(labels, SpineLabels.NAMES));
    }

    /** The CT image (INT16 HU) and its label map. */
    public PhantomImage ct() {
        Geometry g = ctGeometry();
        TissueMap tm = tissues(g);
        float[] texture = SmoothNoise.field(g, p.textureScaleMm(), rng(STREAM_TEXTURE));
        boolean[] fatty = fattyStreaks(g, tm);
        SplittableRandom noise = rng(STREAM_NOISE);
        short[] hu = new short[g.voxelCount()];
        double archHu = (p.corticalHu() + p.bmdHu()) / 2;
        for (int i = 0; i < hu.length; i++) {
            double v = switch (tm.tissue(i)) {
                case AIR -> AIR_HU;
                case FAT -> FAT_HU;
                case SOFT_TISSUE -> SOFT_TISSUE_HU;
                case MUSCLE -> fatty[i] ? FAT_HU : MUSCLE_HU;
                case CSF -> CSF_HU;
                case DISC -> DISC_HU;
                case CORTICAL_BONE -> p.corticalHu();
                case TRABECULAR_BONE -> p.bmdHu() + p.textureContrastHu() * texture[i];
                case ARCH_BONE -> archHu + p.textureContrastHu() * texture[i];
            };
            if (p.noiseSd() > 0) v += p.noiseSd() * noise.nextGaussian();
            hu[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.rint(v)));
        }
        Volume ct = Volume.wrap(g, DataType.INT16, hu);
        ct.metadata().put("modality", "CT");
        ct.metadata().put("source", "SpineRad phantom seed " + p.seed());
        return new PhantomImage(ct, tm.labels());
    }

    /**
     * Muscle voxels that are fat: where a correlated Gaussian field lies below its {@code muscleFatFraction} quantile,
     * so the expected fat volume fraction of every muscle equals the parameter.
     */
    private boolean[] fattyStreaks(Geometry g, TissueMap tm) {
        boolean[] fatty = new boolean[g.voxelCount()];
        double f = p.muscleFatFraction();
        if (f <= 0) return fatty;
        double threshold = f >= 1 ? Double.POSITIVE_INFINITY : new NormalDistribution().inverseCumulativeProbability(f);
        float[] field = SmoothNoise.field(g, p.fatScaleMm(), rng(STREAM_FAT));
        for (int i = 0; i < fatty.length; i++) fatty[i] = tm.tissue[i] == Tissue.MUSCLE.ordinal() && field[i] < threshold;
        return fatty;
    }

    /**
     * A T1- or T2-like MR image (INT16, arbitrary units) with Rician noise and a smooth multiplicative bias field, and
     * its label map. T1 and T2 of one view share anatomy, texture and fatty streaks; only the noise differs.
     */
    public PhantomImage mri(MriSequence seq, MriView view) {
        Geometry g = mriGeometry(view);
        TissueMap tm = tissues(g);
        int viewStream = 10 * (view.ordinal() + 1);
        float[] texture = SmoothNoise.field(g, p.textureScaleMm(), rng(viewStream + STREAM_TEXTURE));
        boolean[] fatty = fattyStreaks(g, tm);
        int seqStream = viewStream + 100 * (seq.ordinal() + 1);
        SplittableRandom re = rng(seqStream + STREAM_NOISE), im = rng(seqStream + STREAM_NOISE_IMAG);
        boolean t1 = seq == MriSequence.T1;
        double mf = marrowFatFraction();
        double fat = t1 ? 900 : 650, marrow = t1 ? 250 + 600 * mf : 200 + 400 * mf;
        double disc = t1 ? 300 : 950 - 650 * p.discDegeneration();
        double sigma = p.mriNoiseSd();
        short[] out = new short[g.voxelCount()];
        int nx = g.nx(), ny = g.ny();
        for (int i = 0; i < out.length; i++) {
            double s = switch (tm.tissue(i)) {
                case AIR -> 0;
                case FAT -> fat;
                case SOFT_TISSUE -> t1 ? 400 : 300;
                case MUSCLE -> fatty[i] ? fat : (t1 ? 350 : 180);
                case CSF -> t1 ? 150 : 1000;
                case DISC -> disc;
                case CORTICAL_BONE -> t1 ? 40 : 30;
                case TRABECULAR_BONE -> marrow * (1 + 0.1 * texture[i]);
                case ARCH_BONE -> 0.7 * marrow * (1 + 0.1 * texture[i]);
            };
            if (p.mriBiasAmplitude() > 0) {
                int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
                s *= bias(g, x, y, z);
            }
            if (sigma > 0) s = Math.hypot(s + sigma * re.nextGaussian(), sigma * im.nextGaussian());
            out[i] = (short) Math.min(Short.MAX_VALUE, Math.rint(s));
        }
        Volume mr = Volume.wrap(g, DataType.INT16, out);
        mr.metadata().put("modality", "MR");
        mr.metadata().put("sequence", seq.name());
        mr.metadata().put("source", "SpineRad phantom seed " + p.seed());
        return new PhantomImage(mr, tm.labels());
    }

    /** Smooth bias {@code exp(amplitude * (0.6 X + 0.3 Y - 0.4 Z^2))} over world coordinates normalised to [-1, 1]. */
    private double bias(Geometry g, int x, int y, int z) {
        double[] w = g.indexToWorld(x, y, z);
        double hx = p.nx() * p.sx() / 2, hy = p.ny() * p.sy() / 2, hz = p.nz() * p.sz() / 2;
        double bx = w[0] / hx, by = (w[1] - Anatomy.OUTLINE_CY) / hy, bz = w[2] / hz;
        return Math.exp(p.mriBiasAmplitude() * (0.6 * bx + 0.3 * by - 0.4 * bz * bz));
    }

    /** An independent random stream per purpose, derived from the seed only (so call order never matters). */
    private SplittableRandom rng(int stream) {
        long z = p.seed() * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }
}
