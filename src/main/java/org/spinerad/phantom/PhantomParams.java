package org.spinerad.phantom;

import org.spinerad.util.SpineRadException;

/**
 * Parameters of a {@link SpinePhantom}. Lengths in mm, CT intensities in HU, fractions in [0, 1]. See docs/phantom.md.
 *
 * @param seed                 seed of all random textures and noise (same seed and parameters: identical voxels)
 * @param nx                   CT grid size along x (patient right to left)
 * @param ny                   CT grid size along y (anterior to posterior)
 * @param nz                   CT grid size along z (inferior to superior)
 * @param sx                   CT voxel spacing along x
 * @param sy                   CT voxel spacing along y
 * @param sz                   CT voxel spacing along z
 * @param bmdHu                mean HU of trabecular bone (tracks bone mineral density)
 * @param textureContrastHu    standard deviation of the trabecular texture around {@code bmdHu}
 * @param textureScaleMm       Gaussian correlation length of the trabecular texture
 * @param corticalThicknessMm  thickness of the cortical shell of the vertebral bodies
 * @param corticalHu           HU of the cortical shell
 * @param bodyWidthMm          lateral width of L1 (lower levels are 4 % wider per level)
 * @param bodyDepthMm          antero-posterior depth of L1 (4 % more per level)
 * @param bodyHeightMm         cranio-caudal height of L1 (2 % more per level)
 * @param edgeRadiusMm         radius of the rounded endplate rims
 * @param lordosisMm           anterior displacement of the spine's midpoint relative to its ends (lordotic curve)
 * @param discHeightMm         height of the intervertebral discs (lower means degenerated)
 * @param discDegeneration     0 healthy to 1 fully degenerated: darker disc on T2, slightly denser on CT
 * @param muscleFatFraction    volume fraction of fatty infiltration in the muscles
 * @param fatScaleMm           correlation length of the fatty streaks in the muscles
 * @param noiseSd              standard deviation of the Gaussian CT noise (HU)
 * @param posteriorElements    draw the vertebral arch and spinous process (bone in the image, not labelled)
 * @param includeS1            draw the top of the sacrum (label S1) below the L5-S1 disc
 * @param mriNoiseSd           Rician noise sigma of the MR images (signal scale: fat on T1 is about 900)
 * @param mriBiasAmplitude     amplitude of the smooth multiplicative MR bias field (0: none)
 * @param mriInPlaneMm         in-plane spacing of the MR images
 * @param mriSliceMm           slice thickness of the MR images
 */
public record PhantomParams(long seed, int nx, int ny, int nz, double sx, double sy, double sz,
                            double bmdHu, double textureContrastHu, double textureScaleMm,
                            double corticalThicknessMm, double corticalHu,
                            double bodyWidthMm, double bodyDepthMm, double bodyHeightMm, double edgeRadiusMm,
                            double lordosisMm, double discHeightMm, double discDegeneration,
                            double muscleFatFraction, double fatScaleMm, double noiseSd,
                            boolean posteriorElements, boolean includeS1,
                            double mriNoiseSd, double mriBiasAmplitude, double mriInPlaneMm, double mriSliceMm) {

    public PhantomParams {
        if (nx < 8 || ny < 8 || nz < 8 || (long) nx * ny * nz > 64L << 20)
            throw new SpineRadException("phantom grid " + nx + "x" + ny + "x" + nz + " must be at least 8 and at most 64 Mi voxels");
        for (double v : new double[]{sx, sy, sz, bodyWidthMm, bodyDepthMm, bodyHeightMm, mriInPlaneMm, mriSliceMm,
                textureScaleMm, fatScaleMm})
            if (!(v > 0) || !Double.isFinite(v)) throw new SpineRadException("phantom sizes and spacings must be positive, got " + v);
        if (!(corticalThicknessMm >= 0) || !(edgeRadiusMm >= 0) || !(discHeightMm >= 0))
            throw new SpineRadException("phantom thicknesses must be >= 0");
        if (edgeRadiusMm > bodyHeightMm / 2 || edgeRadiusMm >= Math.min(bodyWidthMm, bodyDepthMm) / 2)
            throw new SpineRadException("edge radius " + edgeRadiusMm + " mm is too large for the vertebral body");
        if (!(muscleFatFraction >= 0 && muscleFatFraction <= 1))
            throw new SpineRadException("muscle fat fraction must be in [0, 1], got " + muscleFatFraction);
        if (!(discDegeneration >= 0 && discDegeneration <= 1))
            throw new SpineRadException("disc degeneration must be in [0, 1], got " + discDegeneration);
        if (!(noiseSd >= 0) || !(mriNoiseSd >= 0) || !(textureContrastHu >= 0) || !(mriBiasAmplitude >= 0))
            throw new SpineRadException("noise, texture contrast and bias amplitude must be >= 0");
        if (!Double.isFinite(bmdHu) || !Double.isFinite(corticalHu) || !Double.isFinite(lordosisMm))
            throw new SpineRadException("phantom intensities must be finite");
    }

    /** The default phantom: 128 x 112 x 96 voxels of 1.5 x 1.5 x 2 mm, healthy adult spine. */
    public static PhantomParams defaults() { return builder().build(); }

    public static Builder builder() { return new Builder(); }

    /** A builder starting from these parameters. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.seed = seed; b.nx = nx; b.ny = ny; b.nz = nz; b.sx = sx; b.sy = sy; b.sz = sz;
        b.bmdHu = bmdHu; b.textureContrastHu = textureContrastHu; b.textureScaleMm = textureScaleMm;
        b.corticalThicknessMm = corticalThicknessMm; b.corticalHu = corticalHu;
        b.bodyWidthMm = bodyWidthMm; b.bodyDepthMm = bodyDepthMm; b.bodyHeightMm = bodyHeightMm; b.edgeRadiusMm = edgeRadiusMm;
        b.lordosisMm = lordosisMm; b.discHeightMm = discHeightMm; b.discDegeneration = discDegeneration;
        b.muscleFatFraction = muscleFatFraction; b.fatScaleMm = fatScaleMm; b.noiseSd = noiseSd;
        b.posteriorElements = posteriorElements; b.includeS1 = includeS1;
        b.mriNoiseSd = mriNoiseSd; b.mriBiasAmplitude = mriBiasAmplitude; b.mriInPlaneMm = mriInPlaneMm; b.mriSliceMm = mriSliceMm;
        return b;
    }

    /** Fluent builder; every field starts at its documented default. */
    public static final class Builder {
        private long seed = 1;
        private int nx = 128, ny = 112, nz = 96;
        private double sx = 1.5, sy = 1.5, sz = 2.0;
        private double bmdHu = 150, textureContrastHu = 40, textureScaleMm = 1.5, corticalThicknessMm = 1.5, corticalHu = 850;
        private double bodyWidthMm = 40, bodyDepthMm = 30, bodyHeightMm = 24, edgeRadiusMm = 3, lordosisMm = 8;
        private double discHeightMm = 9, discDegeneration = 0, muscleFatFraction = 0.1, fatScaleMm = 2, noiseSd = 15;
        private boolean posteriorElements = true, includeS1 = true;
        private double mriNoiseSd = 15, mriBiasAmplitude = 0.2, mriInPlaneMm = 1.0, mriSliceMm = 4.0;

        public Builder seed(long v) { seed = v; return this; }
        public Builder grid(int x, int y, int z) { nx = x; ny = y; nz = z; return this; }
        public Builder spacing(double x, double y, double z) { sx = x; sy = y; sz = z; return this; }
        public Builder bmdHu(double v) { bmdHu = v; return this; }
        public Builder textureContrastHu(double v) { textureContrastHu = v; return this; }
        public Builder textureScaleMm(double v) { textureScaleMm = v; return this; }
        public Builder corticalThicknessMm(double v) { corticalThicknessMm = v; return this; }
        public Builder corticalHu(double v) { corticalHu = v; return this; }
        public Builder bodySizeMm(double width, double depth, double height) {
            bodyWidthMm = width; bodyDepthMm = depth; bodyHeightMm = height; return this;
        }
        public Builder edgeRadiusMm(double v) { edgeRadiusMm = v; return this; }
        public Builder lordosisMm(double v) { lordosisMm = v; return this; }
        public Builder discHeightMm(double v) { discHeightMm = v; return this; }
        public Builder discDegeneration(double v) { discDegeneration = v; return this; }
        public Builder muscleFatFraction(double v) { muscleFatFraction = v; return this; }
        public Builder fatScaleMm(double v) { fatScaleMm = v; return this; }
        public Builder noiseSd(double v) { noiseSd = v; return this; }
        public Builder posteriorElements(boolean v) { posteriorElements = v; return this; }
        public Builder includeS1(boolean v) { includeS1 = v; return this; }
        public Builder mriNoiseSd(double v) { mriNoiseSd = v; return this; }
        public Builder mriBiasAmplitude(double v) { mriBiasAmplitude = v; return this; }
        public Builder mriSpacing(double inPlane, double slice) { mriInPlaneMm = inPlane; mriSliceMm = slice; return this; }

        public PhantomParams build() {
            return new PhantomParams(seed, nx, ny, nz, sx, sy, sz, bmdHu, textureContrastHu, textureScaleMm,
                    corticalThicknessMm, corticalHu, bodyWidthMm, bodyDepthMm, bodyHeightMm, edgeRadiusMm,
                    lordosisMm, discHeightMm, discDegeneration, muscleFatFraction, fatScaleMm, noiseSd,
                    posteriorElements, includeS1, mriNoiseSd, mriBiasAmplitude, mriInPlaneMm, mriSliceMm);
        }
    }
}
