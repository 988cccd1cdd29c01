package org.spinerad.radiomics;

import org.junit.jupiter.api.Test;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.testutil.Python;
import org.spinerad.util.SpineRadException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.*;

class RadiomicsExtractorTest {
    static final int NX = 12, NY = 10, NZ = 8;

    /** Intensity (x * 7 + y * 3 - z * 5) % 97 - 20 as int16; label 2 is the box x 2..6, y 3..7, z 1..4; label 3 two blobs. */
    static Volume image() {
        Volume v = Volume.create(Geometry.of(NX, NY, NZ, 0.8, 0.9, 2.5), DataType.INT16);
        for (int z = 0; z < NZ; z++)
            for (int y = 0; y < NY; y++)
                for (int x = 0; x < NX; x++) v.set(x, y, z, Math.floorMod(x * 7 + y * 3 - z * 5, 97) - 20);
        return v;
    }

    static Volume mask() {
        Volume m = Volume.create(Geometry.of(NX, NY, NZ, 0.8, 0.9, 2.5), DataType.UINT8);
        for (int z = 1; z <= 4; z++)
            for (int y = 3; y <= 7; y++)
                for (int x = 2; x <= 6; x++) m.set(x, y, z, 2);
        m.set(9, 1, 1, 3);
        m.set(10, 2, 2, 3); // diagonal neighbour: same 26-connected component
        m.set(10, 8, 6, 3);
        m.set(10, 8, 7, 3);
        return m;
    }

    static ParameterFile config() {
        return ParameterFile.parse("""
                imageType: {Original: {}, LoG: {sigma: [1.0, 2.5], binWidth: 10}}
                featureClass: {shape: , firstorder: , glcm: }
                setting: {binWidth: 5, padDistance: 2}
                """, "test.yaml", false);
    }

    /** The ROI of label 2 built independently of the engine. */
    static RoiImage roi(float scale) {
        Volume img = image();
        int sx = 5, sy = 5, sz = 4;
        float[] v = new float[sx * sy * sz];
        boolean[] m = new boolean[v.length];
        for (int z = 0, i = 0; z < sz; z++)
            for (int y = 0; y < sy; y++)
                for (int x = 0; x < sx; x++, i++) {
                    v[i] = (float) img.get(2 + x, 3 + y, 1 + z) * scale;
                    m[i] = true;
                }
        return new RoiImage(sx, sy, sz, new double[]{0.8, 0.9, 2.5}, v, m);
    }

    @Test
    void columnsInPyRadiomicsOrderWithValuesOfTheFeatureClasses() {
        var row = new RadiomicsExtractor(config(), FeatureDoubles.components(), ForkJoinPool.commonPool()).execute(image(), mask(), 2);
        List<String> features = new ArrayList<>();
        for (String k : row.keySet()) if (!k.startsWith("diagnostics_")) features.add(k);
        assertEquals(List.of("original_shape_VoxelVolume", "original_shape_VoxelNum",
                "original_firstorder_Mean", "original_firstorder_Maximum", "original_glcm_MaxLevel", "original_glcm_BinWidth",
                "log-sigma-1-0-mm-3D_firstorder_Mean", "log-sigma-1-0-mm-3D_firstorder_Maximum",
                "log-sigma-1-0-mm-3D_glcm_MaxLevel", "log-sigma-1-0-mm-3D_glcm_BinWidth",
                "log-sigma-2-5-mm-3D_firstorder_Mean", "log-sigma-2-5-mm-3D_firstorder_Maximum",
                "log-sigma-2-5-mm-3D_glcm_MaxLevel", "log-sigma-2-5-mm-3D_glcm_BinWidth"), features);
        assertTrue(List.copyOf(row.keySet()).indexOf("diagnostics_Mask-original_VoxelNum") < List.copyOf(row.keySet()).indexOf("original_shape_VoxelVolume"));

        RadiomicsSettings general = config().settings();
        RadiomicsSettings log = config().settingsFor("LoG");
        FeatureClass fo = FeatureDoubles.classes().get("firstorder"), glcm = FeatureDoubles.classes().get("glcm");
        assertEquals(100.0, row.get("original_shape_VoxelNum"));
        assertEquals(100 * 0.8 * 0.9 * 2.5, (Double) row.get("original_shape_VoxelVolume"), 1e-9);
        assertEquals(fo.compute(roi(1), null, general, null).get("Mean"), row.get("original_firstorder_Mean"));
        assertEquals(fo.compute(roi(2.5f), null, log, null).get("Maximum"), row.get("log-sigma-2-5-mm-3D_firstorder_Maximum"));
        assertEquals(glcm.compute(roi(1), FeatureDoubles.BIN_WIDTH.discretize(roi(1), general), general, null).get("MaxLevel"),
                row.get("original_glcm_MaxLevel"));
        // image-type settings reach the feature classes of that image type only
        assertEquals(5.0, row.get("original_glcm_BinWidth"));
        assertEquals(10.0, row.get("log-sigma-1-0-mm-3D_glcm_BinWidth"));
        assertEquals(glcm.compute(roi(2.5f), FeatureDoubles.BIN_WIDTH.discretize(roi(2.5f), log), log, null).get("MaxLevel"),
                row.get("log-sigma-2-5-mm-3D_glcm_MaxLevel"));
    }

    @Test
    void parallelEqualsSequentialAndEnabledFeatureListsAreHonoured() {
        ParameterFile p = ParameterFile.parse("imageType: {Original: {}, LoG: {sigma: [1.0, 2.0, 3.0]}}\nfeatureClass: {firstorder: [Maximum], glcm: }\n", "t", false);
        var seq = new RadiomicsExtractor(p, FeatureDoubles.components(), null).execute(image(), mask(), 2);
        var par = new RadiomicsExtractor(p, FeatureDoubles.components(), new ForkJoinPool(3)).execute(image(), mask(), 2);
        assertEquals(List.copyOf(seq.keySet()), List.copyOf(par.keySet()));
        assertEquals(seq, par);
        assertFalse(seq.containsKey("original_firstorder_Mean"));
        assertTrue(seq.containsKey("log-sigma-3-0-mm-3D_firstorder_Maximum"));
        assertFalse(seq.keySet().stream().anyMatch(k -> k.contains("_shape_")));
    }

    @Test
    void diagnosticsMatchNumpyAndHashlib() {
        var row = new RadiomicsExtractor(config(), FeatureDoubles.components(), null).execute(image(), mask(), 3);
        assertEquals("(9, 1, 1, 2, 8, 7)", row.get("diagnostics_Mask-original_BoundingBox"));
        assertEquals(4, row.get("diagnostics_Mask-original_VoxelNum"));
        assertEquals(2, row.get("diagnostics_Mask-original_VolumeNum"));
        assertEquals("(0.8, 0.9, 2.5)", row.get("diagnostics_Image-original_Spacing"));
        assertEquals("(12, 10, 8)", row.get("diagnostics_Image-original_Size"));
        assertEquals("3D", row.get("diagnostics_Image-original_Dimensionality"));
        String ref = Python.run("""
                import numpy as np, hashlib
                z, y, x = np.meshgrid(np.arange(8), np.arange(10), np.arange(12), indexing='ij')
                img = (np.mod(x * 7 + y * 3 - z * 5, 97) - 20).astype('<i2')
                print(hashlib.sha1(img.tobytes()).hexdigest())
                print(repr(float(img.mean())), repr(float(img.min())), repr(float(img.max())))
                """);
        String[] lines = ref.strip().split("\n");
        assertEquals(lines[0], row.get("diagnostics_Image-original_Hash"));
        String[] stats = lines[1].split(" ");
        assertEquals(Double.parseDouble(stats[0]), (Double) row.get("diagnostics_Image-original_Mean"), 1e-12);
        assertEquals(Double.parseDouble(stats[1]), row.get("diagnostics_Image-original_Minimum"));
        assertEquals(Double.parseDouble(stats[2]), row.get("diagnostics_Image-original_Maximum"));
        assertEquals("(9.75, 4.75, 4.0)", row.get("diagnostics_Mask-original_CenterOfMassIndex"));
        assertEquals("(" + 9.75 * 0.8 + ", " + 4.75 * 0.9 + ", 10.0)", row.get("diagnostics_Mask-original_CenterOfMass"));
        String settings = (String) row.get("diagnostics_Configuration_Settings");
        assertTrue(settings.contains("\"binWidth\":5.0") && settings.contains("\"label\":3"), settings);
        assertEquals("{\"Original\":{},\"LoG\":{\"sigma\":[1.0,2.5],\"binWidth\":10}}", row.get("diagnostics_Configuration_EnabledImageTypes"));
        assertNotNull(row.get("diagnostics_Versions_SpineRad"));
    }

    @Test
    void badInputIsAClearError() {
        RadiomicsExtractor ex = new RadiomicsExtractor(config(), FeatureDoubles.components(), null);
        SpineRadException e = assertThrows(SpineRadException.class, () -> ex.execute(image(), mask(), 7));
        assertTrue(e.getMessage().contains("Label 7"), e.getMessage());
        Volume shifted = Volume.wrap(mask().geometry().withOrigin(new double[]{0, 0, 5}), DataType.UINT8, mask().array());
        e = assertThrows(SpineRadException.class, () -> ex.execute(image(), shifted, 2));
        assertTrue(e.getMessage().contains("origin"), e.getMessage());
        e = assertThrows(SpineRadException.class, () -> new RadiomicsExtractor(
                ParameterFile.parse("featureClass: {firstorder: [Meen]}", "p.yaml", false), FeatureDoubles.components(), null));
        assertTrue(e.getMessage().contains("p.yaml") && e.getMessage().contains("Meen"), e.getMessage());
        e = assertThrows(SpineRadException.class, () -> new RadiomicsExtractor(
                ParameterFile.parse("imageType: {Wavelet: {}}\nfeatureClass: {firstorder: }", "p.yaml", false), FeatureDoubles.components(), null));
        assertTrue(e.getMessage().contains("Wavelet"), e.getMessage());
        // a line of voxels spans one dimension: below minimumROIDimensions 2 (the default)
        Volume line = Volume.create(mask().geometry(), DataType.UINT8);
        line.set(3, 3, 3, 1);
        line.set(4, 3, 3, 1);
        e = assertThrows(SpineRadException.class, () -> ex.execute(image(), line, 1));
        assertTrue(e.getMessage().contains("minimumROIDimensions"), e.getMessage());
    }

    @Test
    void standardPipelineEqualsCallingTheClassesDirectly() {
        ParameterFile p = ParameterFile.parse("""
                imageType: {Original: {}, LoG: {sigma: [1.0, 2.0]}, Wavelet: {}}
                featureClass: {shape: , firstorder: , glcm: , ngtdm: }
                setting: {binWidth: 10, padDistance: 3}
                """, "wiring.yaml", false);
        var row = RadiomicsComponents.extractor(p, 2).execute(image(), mask(), 2);
        RadiomicsSettings s = p.settings();
        s.label = 2;
        Preprocessing.Prepared prep = Preprocessing.prepare(image(), mask(), s, "i", "m");
        var img = prep.image;
        var log = filtered("LoG", p, img, "log-sigma-2-0-mm-3D");
        var llh = filtered("Wavelet", p, img, "wavelet-LLH");
        check(row, "original", prep.roi(), s);
        check(row, "log-sigma-2-0-mm-3D", prep.roi(log), p.settingsFor("LoG"));
        check(row, "wavelet-LLH", prep.roi(llh), p.settingsFor("Wavelet"));
        assertEquals(new ShapeFeatures().compute(prep.roi(), null, s, null).get("VoxelVolume"), row.get("original_shape_VoxelVolume"));
        assertFalse(row.containsKey("log-sigma-1-0-mm-3D_shape_VoxelVolume")); // shape only on the original image
        assertEquals(8, row.keySet().stream().filter(k -> k.startsWith("wavelet-") && k.endsWith("_firstorder_Mean")).count());
    }

    /** One derived image from the filters' entry point, called directly. */
    private static float[] filtered(String type, ParameterFile p, Volume img, String prefix) {
        return org.spinerad.radiomics.filters.ImageFilters.apply(type, p.imageTypes().get(type), img.floats(), img.nx(), img.ny(),
                img.nz(), img.geometry().spacing(), p.settings()).stream().filter(f -> f.prefix().equals(prefix)).findFirst()
                .orElseThrow().data();
    }

    private static void check(java.util.Map<String, Object> row, String prefix, RoiImage roi, RadiomicsSettings s) {
        var first = new FirstOrderFeatures().compute(roi, null, s, null);
        var d = Discretization.discretize(roi, s);
        var glcm = new GlcmFeatures().compute(roi, d, s, null);
        var ngtdm = new NgtdmFeatures().compute(roi, d, s, null);
        for (var e : first.entrySet()) assertEquals(e.getValue(), row.get(prefix + "_firstorder_" + e.getKey()), prefix + " " + e.getKey());
        for (var e : glcm.entrySet()) assertEquals(e.getValue(), row.get(prefix + "_glcm_" + e.getKey()), prefix + " " + e.getKey());
        for (var e : ngtdm.entrySet()) assertEquals(e.getValue(), row.get(prefix + "_ngtdm_" + e.getKey()), prefix + " " + e.getKey());
    }

    @Test
    void resampledInputsGetInterpolatedDiagnostics() {
        ParameterFile p = ParameterFile.parse("featureClass: {firstorder: [Mean]}\nsetting: {resampledPixelSpacing: [1.6, 1.8, 2.5], interpolator: sitkLinear}",
                "resampled.yaml", false);
        var row = new RadiomicsExtractor(p, FeatureDoubles.components(), null).execute(image(), mask(), 2);
        List<String> keys = List.copyOf(row.keySet());
        assertEquals("(1.6, 1.8, 2.5)", row.get("diagnostics_Image-interpolated_Spacing"));
        assertEquals("(1.6, 1.8, 2.5)", row.get("diagnostics_Mask-interpolated_Spacing"));
        int voxels = (Integer) row.get("diagnostics_Mask-interpolated_VoxelNum");
        assertTrue(voxels > 0 && voxels < 100, "resampled to a 2x coarser in-plane grid: " + voxels);
        assertTrue(keys.indexOf("diagnostics_Mask-original_CenterOfMass") < keys.indexOf("diagnostics_Image-interpolated_Spacing"));
        assertTrue(keys.indexOf("diagnostics_Mask-interpolated_Maximum") < keys.indexOf("original_firstorder_Mean"));
        assertEquals(row.get("diagnostics_Mask-interpolated_Mean"), row.get("original_firstorder_Mean")); // both: mean over the resampled ROI
    }

    @Test
    void everySupportedImageTypeGivesPyRadiomicsPrefixes() {
        ParameterFile p = ParameterFile.parse("""
                imageType: {Original: {}, Square: {}, SquareRoot: {}, Logarithm: {}, Exponential: {}, Gradient: {}, LBP2D: {}, LBP3D: {}}
                featureClass: {firstorder: [Mean]}
                """, "all.yaml", false);
        var row = RadiomicsComponents.extractor(p, 2).execute(image(), mask(), 2);
        List<String> features = row.keySet().stream().filter(k -> !k.startsWith("diagnostics_")).toList();
        assertEquals(List.of("original_firstorder_Mean", "square_firstorder_Mean", "squareroot_firstorder_Mean",
                "logarithm_firstorder_Mean", "exponential_firstorder_Mean", "gradient_firstorder_Mean",
                "lbp-2D_firstorder_Mean", "lbp-3D-m1_firstorder_Mean", "lbp-3D-m2_firstorder_Mean", "lbp-3D-k_firstorder_Mean"), features);
        SpineRadException e = assertThrows(SpineRadException.class, () -> RadiomicsComponents.extractor(
                ParameterFile.parse("imageType: {LBP4D: {}}", "lbp4d.yaml", false), 1));
        assertTrue(e.getMessage().contains("lbp4d.yaml") && e.getMessage().contains("LBP4D"), e.getMessage());
    }
}
