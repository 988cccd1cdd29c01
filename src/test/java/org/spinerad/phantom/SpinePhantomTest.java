package org.spinerad.phantom;

import org.junit.jupiter.api.Test;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.phantom.SpinePhantom.MriSequence;
import org.spinerad.phantom.SpinePhantom.MriView;
import org.spinerad.phantom.SpinePhantom.PhantomImage;
import org.spinerad.phantom.SpinePhantom.TissueMap;
import org.spinerad.util.SpineRadException;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

class SpinePhantomTest {

    /** Same field of view as the default, coarser voxels: fast. */
    private static PhantomParams.Builder small() {
        return PhantomParams.builder().grid(64, 56, 64).spacing(3, 3, 3);
    }

    /** Closed form of the rounded elliptic cylinder: middle part plus two caps whose semi-axes shrink by r(1 - sqrt(1-u^2)). */
    private static double roundedCylinderVolume(double a, double b, double h, double r) {
        double cap = Math.PI * r * ((a - r) * (b - r) + r * (a + b - 2 * r) * Math.PI / 4 + 2 * r * r / 3);
        return Math.PI * a * b * (h - 2 * r) + 2 * cap;
    }

    @Test
    void vertebralBodyVolumesMatchTheAnalyticShape() {
        SpinePhantom ph = new SpinePhantom(PhantomParams.defaults());
        List<VertebraShape> bodies = ph.vertebrae();
        assertEquals(6, bodies.size());
        LabelMap ctLabels = ph.tissues(ph.ctGeometry()).labels();
        for (int i = 0; i < 5; i++) {
            VertebraShape v = bodies.get(i);
            assertEquals(SpineLabels.LUMBAR[i], v.label());
            assertEquals(40 * (1 + 0.04 * i), 2 * v.semiAxisX(), 1e-9);
            double expected = roundedCylinderVolume(v.semiAxisX(), v.semiAxisY(), v.height(), v.edgeRadius());
            // fine 0.5 mm grid around the body: sampling error well below 2 %
            Geometry box = new Geometry(new int[]{120, 100, 90}, new double[]{0.5, 0.5, 0.5},
                    new double[]{v.center()[0] - 30, v.center()[1] - 25, v.center()[2] - 22.5}, Geometry.identity());
            double fine = ph.tissues(box).labels().count(v.label()) * box.voxelVolume();
            assertEquals(expected, fine, 0.02 * expected, "volume of " + ctLabels.name(v.label()) + " on a 0.5 mm grid");
            // default CT grid: 2 mm slices quantise the 25 mm height by up to one slice
            double ct = ctLabels.count(v.label()) * ph.ctGeometry().voxelVolume();
            assertEquals(expected, ct, 0.09 * expected, "volume of " + ctLabels.name(v.label()) + " on the CT grid");
        }
        // without rounding the body is a plain elliptic cylinder, pi a b h
        SpinePhantom sharp = new SpinePhantom(PhantomParams.builder().edgeRadiusMm(0).build());
        VertebraShape l3 = sharp.vertebrae().get(2);
        Geometry box = new Geometry(new int[]{120, 100, 90}, new double[]{0.5, 0.5, 0.5},
                new double[]{l3.center()[0] - 30, l3.center()[1] - 25, l3.center()[2] - 22.5}, Geometry.identity());
        double measured = sharp.tissues(box).labels().count(SpineLabels.L3) * box.voxelVolume();
        double expected = Math.PI * l3.semiAxisX() * l3.semiAxisY() * l3.height();
        assertEquals(expected, measured, 0.02 * expected);
    }

    @Test
    void discVolumeFollowsTheDiscHeightParameter() {
        for (double height : new double[]{9, 4}) {
            SpinePhantom ph = new SpinePhantom(PhantomParams.builder().discHeightMm(height).build());
            VertebraShape l3 = ph.vertebrae().get(2), l4 = ph.vertebrae().get(3);
            double z = l3.center()[2] - l3.height() / 2 - height / 2;
            Geometry box = new Geometry(new int[]{120, 100, 60}, new double[]{0.5, 0.5, 0.5},
                    new double[]{-30, l3.center()[1] - 25, z - 15}, Geometry.identity());
            double measured = ph.tissues(box).labels().count(SpineLabels.DISC_L3_L4) * box.voxelVolume();
            // elliptic slab between the endplates: semi-axes the neighbours' mean minus 0.5 mm
            double a = (l3.semiAxisX() + l4.semiAxisX()) / 2 - 0.5, b = (l3.semiAxisY() + l4.semiAxisY()) / 2 - 0.5;
            double expected = Math.PI * a * b * height;
            assertEquals(expected, measured, 0.05 * expected, "L3-L4 disc volume at height " + height);
        }
    }

    @Test
    void optionalStructuresCanBeLeftOut() {
        SpinePhantom ph = new SpinePhantom(small().includeS1(false).posteriorElements(false).build());
        TissueMap tm = ph.tissues(ph.ctGeometry());
        assertFalse(tm.labels().presentLabels().contains(SpineLabels.S1));
        assertTrue(tm.labels().presentLabels().contains(SpineLabels.DISC_L5_S1));
        for (int i = 0; i < tm.tissue().length; i++) assertNotEquals(Tissue.ARCH_BONE, tm.tissue(i));
        assertEquals(5, ph.vertebrae().size());
    }

    @Test
    void labelsAreOrderedTopToBottomAndMusclesOnTheirSide() {
        SpinePhantom ph = new SpinePhantom(small().build());
        TissueMap tm = ph.tissues(ph.ctGeometry());
        LabelMap labels = tm.labels();
        Set<Integer> expected = new TreeSet<>(List.of(1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 21, 22, 23, 24, 25, 26, 30));
        assertEquals(expected, labels.presentLabels());
        double[][] c = centroids(labels);
        for (int i = 0; i < 4; i++) {
            int upper = SpineLabels.LUMBAR[i], lower = SpineLabels.LUMBAR[i + 1], disc = SpineLabels.LUMBAR_DISCS[i];
            assertTrue(c[upper][2] > c[disc][2] && c[disc][2] > c[lower][2], "disc " + labels.name(disc) + " between bodies");
        }
        assertTrue(c[SpineLabels.L5][2] > c[SpineLabels.DISC_L5_S1][2] && c[SpineLabels.DISC_L5_S1][2] > c[SpineLabels.S1][2]);
        // LPS: +x is the patient's left
        int[][] pairs = {{SpineLabels.PSOAS_L, SpineLabels.PSOAS_R}, {SpineLabels.QUADRATUS_L, SpineLabels.QUADRATUS_R},
                {SpineLabels.PARASPINAL_L, SpineLabels.PARASPINAL_R}};
        for (int[] lr : pairs) {
            assertTrue(c[lr[0]][0] > 5, labels.name(lr[0]) + " on the left (+x)");
            assertTrue(c[lr[1]][0] < -5, labels.name(lr[1]) + " on the right (-x)");
        }
        // paraspinal muscles and canal behind (+y) the vertebral bodies, psoas beside them
        assertTrue(c[SpineLabels.CANAL][1] > c[SpineLabels.L3][1] + 15);
        assertTrue(c[SpineLabels.PARASPINAL_L][1] > c[SpineLabels.CANAL][1]);
        // every labelled voxel has the tissue of its structure
        for (int i = 0; i < tm.tissue().length; i++) {
            int l = labels.volume().getInt(i);
            Tissue t = tm.tissue(i);
            if (l >= 1 && l <= 6) assertTrue(t == Tissue.CORTICAL_BONE || t == Tissue.TRABECULAR_BONE);
            else if (l >= 11 && l <= 15) assertEquals(Tissue.DISC, t);
            else if (l >= 21 && l <= 26) assertEquals(Tissue.MUSCLE, t);
            else if (l == 30) assertEquals(Tissue.CSF, t);
            else assertEquals(0, l);
        }
    }

    /** Label centroids in LPS world mm, indexed by label value. */
    private static double[][] centroids(LabelMap labels) {
        Geometry g = labels.geometry();
        double[][] sum = new double[256][4];
        for (int z = 0; z < g.nz(); z++)
            for (int y = 0; y < g.ny(); y++)
                for (int x = 0; x < g.nx(); x++) {
                    int l = labels.get(x, y, z);
                    if (l == 0) continue;
                    double[] w = g.indexToWorld(x, y, z);
                    for (int d = 0; d < 3; d++) sum[l][d] += w[d];
                    sum[l][3]++;
                }
        for (double[] s : sum) if (s[3] > 0) for (int d = 0; d < 3; d++) s[d] /= s[3];
        return sum;
    }

    private static double meanOf(Volume img, TissueMap tm, Tissue tissue) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < img.size(); i++) if (tm.tissue(i) == tissue) { s += img.get(i); n++; }
        assertTrue(n > 100, "enough " + tissue + " voxels");
        return s / n;
    }

    @Test
    void trabecularHuTracksBmdWithSlopeOne() {
        double[] bmd = {50, 100, 150, 200, 250};
        double[] mean = new double[bmd.length];
        for (int k = 0; k < bmd.length; k++) {
            SpinePhantom ph = new SpinePhantom(small().seed(100 + k).bmdHu(bmd[k]).build());
            mean[k] = meanOf(ph.ct().image(), ph.tissues(ph.ctGeometry()), Tissue.TRABECULAR_BONE);
            assertEquals(bmd[k], mean[k], 8, "trabecular mean at BMD " + bmd[k]);
        }
        double mx = Arrays.stream(bmd).average().orElseThrow(), my = Arrays.stream(mean).average().orElseThrow();
        double sxy = 0, sxx = 0;
        for (int k = 0; k < bmd.length; k++) { sxy += (bmd[k] - mx) * (mean[k] - my); sxx += (bmd[k] - mx) * (bmd[k] - mx); }
        assertEquals(1.0, sxy / sxx, 0.05);
    }

    @Test
    void muscleHuFollowsTheFatMixingModel() {
        for (double f : new double[]{0, 0.2, 0.4}) {
            SpinePhantom ph = new SpinePhantom(small().seed(7).muscleFatFraction(f).build());
            double mean = meanOf(ph.ct().image(), ph.tissues(ph.ctGeometry()), Tissue.MUSCLE);
            double model = (1 - f) * SpinePhantom.MUSCLE_HU + f * SpinePhantom.FAT_HU;
            assertEquals(model, mean, 8, "muscle mean HU at fat fraction " + f);
        }
    }

    @Test
    void noiseSdMeasuredInHomogeneousTissueMatchesTheParameter() {
        for (double sd : new double[]{5, 30}) {
            SpinePhantom ph = new SpinePhantom(small().noiseSd(sd).build());
            Volume ct = ph.ct().image();
            TissueMap tm = ph.tissues(ph.ctGeometry());
            double s = 0, s2 = 0;
            int n = 0;
            for (int i = 0; i < ct.size(); i++)
                if (tm.tissue(i) == Tissue.SOFT_TISSUE) { double v = ct.get(i); s += v; s2 += v * v; n++; }
            double mean = s / n, measured = Math.sqrt(s2 / n - mean * mean);
            assertEquals(SpinePhantom.SOFT_TISSUE_HU, mean, 1.0);
            // rounding to integer HU adds variance 1/12
            assertEquals(Math.sqrt(sd * sd + 1.0 / 12), measured, 0.04 * sd);
        }
    }

    @Test
    void sameSeedGivesIdenticalVoxelsAndOtherSeedsDiffer() {
        PhantomImage a = new SpinePhantom(small().seed(42).build()).ct();
        PhantomImage b = new SpinePhantom(small().seed(42).build()).ct();
        PhantomImage c = new SpinePhantom(small().seed(43).build()).ct();
        assertArrayEquals((short[]) a.image().array(), (short[]) b.image().array());
        assertArrayEquals((byte[]) a.labels().volume().array(), (byte[]) b.labels().volume().array());
        assertFalse(Arrays.equals((short[]) a.image().array(), (short[]) c.image().array()));
        assertArrayEquals((byte[]) a.labels().volume().array(), (byte[]) c.labels().volume().array(), "anatomy is seed-free");
        SpinePhantom mr = new SpinePhantom(small().seed(42).build());
        assertArrayEquals((short[]) mr.mri(MriSequence.T2, MriView.AXIAL).image().array(),
                (short[]) new SpinePhantom(small().seed(42).build()).mri(MriSequence.T2, MriView.AXIAL).image().array());
    }

    @Test
    void mriContrastsFollowTissueBiology() {
        PhantomParams base = small().mriBiasAmplitude(0).mriNoiseSd(10).build();
        SpinePhantom ph = new SpinePhantom(base);
        Geometry g = ph.mriGeometry(MriView.AXIAL);
        TissueMap tm = ph.tissues(g);
        Volume t1 = ph.mri(MriSequence.T1, MriView.AXIAL).image(), t2 = ph.mri(MriSequence.T2, MriView.AXIAL).image();
        assertTrue(meanOf(t1, tm, Tissue.FAT) > 2 * meanOf(t1, tm, Tissue.MUSCLE), "T1: fat bright");
        assertTrue(meanOf(t2, tm, Tissue.CSF) > 3 * meanOf(t2, tm, Tissue.MUSCLE), "T2: CSF bright");
        assertTrue(meanOf(t2, tm, Tissue.DISC) > 3 * meanOf(t2, tm, Tissue.MUSCLE), "T2: healthy disc bright");
        // pure noise in air is Rayleigh distributed: mean sigma * sqrt(pi / 2)
        assertEquals(10 * Math.sqrt(Math.PI / 2), meanOf(t1, tm, Tissue.AIR), 0.5);

        SpinePhantom degenerated = new SpinePhantom(base.toBuilder().discDegeneration(1).build());
        assertTrue(meanOf(degenerated.mri(MriSequence.T2, MriView.AXIAL).image(), tm, Tissue.DISC)
                < 0.5 * meanOf(t2, tm, Tissue.DISC), "degenerated disc dark on T2");
        SpinePhantom osteoporotic = new SpinePhantom(base.toBuilder().bmdHu(60).build());
        assertTrue(meanOf(osteoporotic.mri(MriSequence.T1, MriView.AXIAL).image(), tm, Tissue.TRABECULAR_BONE)
                > meanOf(t1, tm, Tissue.TRABECULAR_BONE) + 100, "fatty marrow of low BMD raises T1");
    }

    @Test
    void sagittalMriHasThickSlicesAlongXAndTheSameAnatomy() {
        SpinePhantom ph = new SpinePhantom(small().build());
        Geometry sag = ph.mriGeometry(MriView.SAGITTAL);
        assertEquals("PIL", sag.orientationCode());
        assertEquals(4.0, sag.spacing(2));
        PhantomImage t2 = ph.mri(MriSequence.T2, MriView.SAGITTAL);
        double ctVol = ph.tissues(ph.ctGeometry()).labels().count(SpineLabels.L3) * ph.ctGeometry().voxelVolume();
        double sagVol = t2.labels().count(SpineLabels.L3) * sag.voxelVolume();
        assertEquals(ctVol, sagVol, 0.1 * ctVol);
        // the first row is the top of the field of view: L1 appears in a lower row index than L5
        double rowL1 = 0, rowL5 = 0;
        int nL1 = 0, nL5 = 0;
        for (int z = 0; z < sag.nz(); z++)
            for (int y = 0; y < sag.ny(); y++)
                for (int x = 0; x < sag.nx(); x++) {
                    int l = t2.labels().get(x, y, z);
                    if (l == SpineLabels.L1) { rowL1 += y; nL1++; }
                    if (l == SpineLabels.L5) { rowL5 += y; nL5++; }
                }
        assertTrue(rowL1 / nL1 < rowL5 / nL5);
    }

    @Test
    void badParametersAreClearErrors() {
        SpineRadException e = assertThrows(SpineRadException.class, () -> small().muscleFatFraction(1.5).build());
        assertTrue(e.getMessage().contains("fat fraction"));
        assertThrows(SpineRadException.class, () -> small().grid(4, 50, 50).build());
        assertThrows(SpineRadException.class, () -> small().edgeRadiusMm(20).build());
    }
}
