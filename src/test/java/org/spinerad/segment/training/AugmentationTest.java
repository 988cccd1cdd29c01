package org.spinerad.segment.training;

import org.junit.jupiter.api.Test;
import org.spinerad.image.Geometry;
import org.spinerad.image.SpineLabels;
import org.spinerad.segment.UNetConfig;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Domain randomisation warps image and labels together and leaves a constant patch constant under its filters. */
class AugmentationTest {

    private static UNetTrainer.Options options(Augmentation.Level level) {
        return new UNetTrainer.Options(UNetConfig.of(2, 4, 2), new double[]{3, 3, 3}, new int[]{24, 24, 32}, 1, 1,
                0.01, 1, 1, 0, 3, level, 0, new int[]{1}, new String[]{"ball"}, null);
    }

    /** A 40^3 grid with an off-centre ellipsoid: image 1 and class 1 inside, image 0 and class 0 outside. */
    private static UNetTrainer.Prepared ellipsoid() {
        int n = 40;
        float[] img = new float[n * n * n];
        int[] cls = new int[img.length];
        int count = 0;
        for (int z = 0, i = 0; z < n; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++, i++)
                    if (Math.pow((x - 18) / 9.0, 2) + Math.pow((y - 21) / 6.0, 2) + Math.pow((z - 20) / 12.0, 2) <= 1) {
                        img[i] = 1;
                        cls[i] = 1;
                        count++;
                    }
        int[] fg = new int[count];
        for (int i = 0, k = 0; i < cls.length; i++) if (cls[i] == 1) fg[k++] = i;
        return new UNetTrainer.Prepared("ellipsoid", Geometry.of(n, n, n, 3, 3, 3), img, cls, new int[][]{null, fg});
    }

    @Test
    void imageAndLabelsStayAlignedUnderDomainRandomisation() {
        UNetTrainer.Prepared c = ellipsoid();
        UNetTrainer.Options o = options(Augmentation.Level.DOMAIN_RANDOMISATION);
        int pn = 24 * 24 * 32;
        SplittableRandom rng = new SplittableRandom(3);
        double agreeSum = 0, changed = 0; // agreeSum: Dice of (image > threshold) and the labels
        int patches = 40;
        for (int k = 0; k < patches; k++) {
            float[] img = new float[pn], target = new float[2 * pn];
            UNetTrainer.samplePatch(c, o, rng, true, 0, img, target, 0);
            // threshold halfway between the patch's mean inside and outside the sampled labels
            double in = 0, out = 0, nIn = 0;
            for (int i = 0; i < pn; i++) if (target[pn + i] == 1) { in += img[i]; nIn++; } else out += img[i];
            assertTrue(nIn > 0, "foreground patch without foreground");
            double threshold = (in / nIn + out / (pn - nIn)) / 2;
            int both = 0, bright = 0;
            for (int i = 0; i < pn; i++) if (img[i] > threshold) { bright++; if (target[pn + i] == 1) both++; }
            agreeSum += 2.0 * both / (bright + nIn);
            float[] plain = new float[pn], plainTarget = new float[2 * pn];
            UNetTrainer.samplePatch(c, options(Augmentation.Level.NONE), new SplittableRandom(k), true, 0, plain, plainTarget, 0);
            if (!java.util.Arrays.equals(plain, img)) changed++;
        }
        // labels come from the same warped position as the intensities: only boundary voxels may disagree
        System.out.println("mean Dice of the bright voxels and the labels " + agreeSum / patches);
        assertTrue(agreeSum / patches > 0.9, "mean Dice of the bright voxels and the labels " + agreeSum / patches);
        assertEquals(patches, changed, 0.5, "every patch is transformed");
    }

    @Test
    void filtersKeepAConstantPatchAndNoneIsTheIdentity() {
        int[] p = {8, 8, 12};
        int pn = p[0] * p[1] * p[2];
        SplittableRandom rng = new SplittableRandom(1);
        for (int k = 0; k < 200; k++) {
            Augmentation a = Augmentation.draw(Augmentation.Level.DOMAIN_RANDOMISATION, new SplittableRandom(k));
            float[] img = new float[pn];
            java.util.Arrays.fill(img, 0.7f);
            a.intensities(img, 0, p);
            double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
            for (float v : img) { min = Math.min(min, v); max = Math.max(max, v); }
            // scale, shift, bias (<= 4 x 0.2 + 0.2), noise (SD <= 0.1): bounded; blur and thick slices alone keep 0.7
            assertTrue(min > 0.7 * 0.9 - 0.1 - 1.0 - 0.6 && max < 0.7 * 1.1 + 0.1 + 1.0 + 0.6, "constant patch became " + min + ".." + max);
        }
        Augmentation none = Augmentation.draw(Augmentation.Level.NONE, rng);
        double[] src = new double[3];
        none.source(new double[]{1.5, -2, 3}, 0.3, 0.6, 0.9, src);
        assertArrayEquals(new double[]{1.5, -2, 3}, src, 1e-12);
        float[] img = {1, 2, 3, 4, 5, 6, 7, 8};
        none.intensities(img, 0, new int[]{2, 2, 2});
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, img);
    }
}
