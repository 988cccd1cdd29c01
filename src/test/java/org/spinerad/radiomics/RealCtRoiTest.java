package org.spinerad.radiomics;

import org.junit.jupiter.api.Test;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.testutil.Python;
import org.spinerad.testutil.SharedData;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real CT (TotalSegmentator example, L1 vertebra = label 31): the CT and labels are read by nibabel, first-order
 * reference values are computed with numpy (PyRadiomics formulas); SpineRad's preprocessing + features must agree.
 */
class RealCtRoiTest {
    private static final String READ = """
            import sys, numpy as np, nibabel as nib
            ct, seg, out = sys.argv[1], sys.argv[2], sys.argv[3]
            a, b = nib.load(ct), nib.load(seg)
            img = np.asarray(a.dataobj).astype(np.float32); lab = np.asarray(b.dataobj).astype(np.uint8)
            img.ravel(order='F').astype('<f4').tofile(out + '.img'); lab.ravel(order='F').tofile(out + '.lab')
            print('dims', *img.shape); print('affine', *a.affine.ravel())
            x = img[lab == 31].astype(float)
            lo = x.min() - (x.min() % 25); edges = np.arange(lo, x.max() + 50, 25)
            _, c = np.unique(np.digitize(x, edges), return_counts=True); p = c / c.sum()
            print('count', x.size); print('Mean', x.mean()); print('Median', np.median(x)); print('10Percentile', np.percentile(x, 10))
            print('90Percentile', np.percentile(x, 90)); print('Variance', x.var()); print('Minimum', x.min()); print('Maximum', x.max())
            print('Entropy', -np.sum(p * np.log2(p + np.spacing(1)))); print('Uniformity', np.sum(p * p))
            """;

    @Test
    void l1VertebraMatchesNumpyAndResamples() throws IOException {
        Path ct = SharedData.file("totalsegmentator/example_ct.nii.gz");
        Path seg = SharedData.file("totalsegmentator/spine_report/totalseg.nii.gz");
        Path tmp = Files.createTempFile("spinerad-ct", "");
        try {
            Map<String, double[]> ref = new HashMap<>();
            for (String line : Python.run(READ, ct.toString(), seg.toString(), tmp.toString()).strip().split("\n")) {
                String[] t = line.trim().split("\\s+");
                double[] v = new double[t.length - 1];
                for (int i = 1; i < t.length; i++) v[i - 1] = Double.parseDouble(t[i]);
                ref.put(t[0], v);
            }
            int[] dims = {(int) ref.get("dims")[0], (int) ref.get("dims")[1], (int) ref.get("dims")[2]};
            Geometry g = Geometry.fromRasAffine(dims, ref.get("affine"));
            float[] img = new float[g.voxelCount()];
            ByteBuffer.wrap(Files.readAllBytes(Path.of(tmp + ".img"))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(img);
            byte[] lab = Files.readAllBytes(Path.of(tmp + ".lab"));
            Volume image = Volume.ofFloats(g, img), labels = Volume.wrap(g, DataType.UINT8, lab);

            RadiomicsSettings s = new RadiomicsSettings();
            s.label = 31;
            RoiImage roi = Preprocessing.roiImage(image, labels, s, ct.getFileName().toString(), seg.getFileName().toString());
            assertEquals(ref.get("count")[0], roi.voxelCount());
            Map<String, Double> fo = new FirstOrderFeatures().compute(roi, Discretization.discretize(roi, s), s, null);
            for (String f : new String[]{"Mean", "Median", "10Percentile", "90Percentile", "Variance", "Minimum", "Maximum", "Entropy", "Uniformity"})
                assertEquals(ref.get(f)[0], fo.get(f), 1e-9 * Math.max(1, Math.abs(ref.get(f)[0])), f);
            Map<String, Double> sh = new ShapeFeatures().compute(roi, null, s, null);
            assertEquals(ref.get("count")[0] * 27, sh.get("VoxelVolume"), 1e-6);
            assertEquals(1, sh.get("MeshVolume") / sh.get("VoxelVolume"), 0.15);
            assertTrue(sh.get("Maximum3DDiameter") > 40 && sh.get("Maximum3DDiameter") < 120, "L1 diameter " + sh.get("Maximum3DDiameter"));

            // resampled to 1 mm (B-spline): the ROI keeps its physical volume and its mean HU approximately
            s.resampledPixelSpacing = new double[]{1, 1, 1};
            long t0 = System.nanoTime();
            RoiImage fine = Preprocessing.roiImage(image, labels, s, "ct", "seg");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds < 10, "resampling took " + seconds + " s");
            Map<String, Double> ff = new FirstOrderFeatures().compute(fine, null, s, null);
            assertEquals(fo.get("Mean"), ff.get("Mean"), 0.1 * Math.sqrt(fo.get("Variance")));
            assertEquals(sh.get("VoxelVolume"), new ShapeFeatures().compute(fine, null, s, null).get("VoxelVolume"), 0.05 * sh.get("VoxelVolume"));
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(Path.of(tmp + ".img"));
            Files.deleteIfExists(Path.of(tmp + ".lab"));
        }
    }
}
