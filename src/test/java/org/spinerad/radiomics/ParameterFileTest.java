package org.spinerad.radiomics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.util.SpineRadException;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ParameterFileTest {

    static Path resource(String name) {
        try {
            return Path.of(ParameterFileTest.class.getResource("params/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void defaultsAreOriginalAndAllDefaultClassesButShape2D() {
        ParameterFile p = ParameterFile.defaults();
        assertEquals(List.of("Original"), List.copyOf(p.imageTypes().keySet()));
        assertEquals(List.of("shape", "firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm"), List.copyOf(p.featureClasses().keySet()));
        assertTrue(p.featureClasses().values().stream().allMatch(List::isEmpty));
        assertEquals(25, p.settings().binWidth);
        assertNull(p.settings().resampledPixelSpacing);
    }

    @Test
    void pyradiomicsParamsYaml() {
        ParameterFile p = ParameterFile.read(resource("Params.yaml"));
        RadiomicsSettings s = p.settings();
        assertEquals(25, s.binWidth);
        assertEquals(1, s.label);
        assertEquals("sitkBSpline", s.interpolator);
        assertNull(s.resampledPixelSpacing);
        assertNull(s.weightingNorm);
        assertEquals(List.of("Original"), List.copyOf(p.imageTypes().keySet()));
        assertEquals(List.of("shape", "firstorder", "glcm", "glrlm", "glszm", "gldm"), List.copyOf(p.featureClasses().keySet()));
        assertEquals(List.of(), p.featureClasses().get("shape"));
        assertEquals(List.of(), p.featureClasses().get("firstorder"));
        List<String> glcm = p.featureClasses().get("glcm");
        assertEquals(22, glcm.size());
        assertEquals("Autocorrelation", glcm.get(0));
        assertEquals("SumSquares", glcm.get(21));
        assertFalse(glcm.contains("SumAverage"));
        assertTrue(p.warnings().isEmpty(), p.warnings().toString());
    }

    @Test
    void pyradiomicsExampleCtYaml() {
        ParameterFile p = ParameterFile.read(resource("exampleCT.yaml"));
        RadiomicsSettings s = p.settings();
        assertArrayEquals(new double[]{1, 1, 1}, s.resampledPixelSpacing);
        assertEquals(10, s.padDistance);
        assertEquals(1000, s.voxelArrayShift);
        assertEquals(25, s.binWidth);
        assertFalse(s.normalize);
        assertEquals(List.of("Original", "LoG", "Wavelet"), List.copyOf(p.imageTypes().keySet()));
        assertEquals(Map.of("sigma", List.of(1.0, 2.0, 3.0, 4.0, 5.0)), p.imageTypes().get("LoG"));
        // the LoG sigmas apply to the LoG image type only
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), p.settingsFor("LoG").sigma);
        assertEquals(List.of(), p.settingsFor("Original").sigma);
        assertEquals(List.of("shape", "firstorder", "glcm", "glrlm", "glszm", "gldm"), List.copyOf(p.featureClasses().keySet()));
    }

    @Test
    void pyradiomicsExampleMr3mmYaml() {
        ParameterFile p = ParameterFile.read(resource("exampleMR_3mm.yaml"));
        RadiomicsSettings s = p.settings();
        assertTrue(s.normalize);
        assertEquals(100, s.normalizeScale);
        assertArrayEquals(new double[]{2, 2, 2}, s.resampledPixelSpacing);
        assertEquals(5, s.binWidth);
        assertEquals(300, s.voxelArrayShift);
        assertEquals(5, s.padDistance); // not in the file: PyRadiomics default
        assertEquals(List.of(2.0, 3.0, 4.0, 5.0), p.settingsFor("LoG").sigma);
    }

    @Test
    void pyradiomics2dYaml() {
        ParameterFile p = ParameterFile.read(resource("MR_2D_extraction.yaml"));
        RadiomicsSettings s = p.settings();
        assertTrue(s.force2D);
        assertEquals(0, s.force2Ddimension);
        assertTrue(s.preCrop);
        assertArrayEquals(new double[]{2, 2, 0}, s.resampledPixelSpacing);
        assertEquals(List.of("shape2D", "firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm"), List.copyOf(p.featureClasses().keySet()));
    }

    @Test
    void jsonFileAndAliasesAndUnknownKeys(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(f, """
                {"imageType": {"Original": {}, "LoG": {"sigma": [3.0], "binWidth": 10}},
                 "featureClass": {"firstorder": ["Mean", "Median"], "glcm": null},
                 "setting": {"binCount": 32, "label_channel": 2, "start_level": 1, "symmetricalGlcm": false,
                             "distances": [1, 2], "interpolator": 2, "myOwnKey": "x"}}""");
        ParameterFile p = ParameterFile.read(f);
        RadiomicsSettings s = p.settings();
        assertEquals(32, s.binCount);
        assertEquals(2, s.labelChannel);
        assertEquals(1, s.startLevel);
        assertFalse(s.symmetricalGLCM);
        assertEquals(List.of(1, 2), s.distances);
        assertEquals("sitkLinear", s.interpolator);
        assertEquals("x", s.extra.get("myOwnKey"));
        assertEquals(1, p.warnings().size());
        assertTrue(p.warnings().get(0).contains("myOwnKey"));
        assertEquals(List.of("Mean", "Median"), p.featureClasses().get("firstorder"));
        assertEquals(10, p.settingsFor("LoG").binWidth);
        assertEquals(25, p.settingsFor("Original").binWidth);
        // round trip through our JSON form
        ParameterFile back = ParameterFile.parse(p.toJson(), "roundtrip", true);
        assertEquals(32, back.settings().binCount);
        assertEquals(p.imageTypes().keySet(), back.imageTypes().keySet());
        assertEquals(p.featureClasses(), back.featureClasses());
    }

    @Test
    void wrongTypesNameFileAndKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "setting:\n  binWidth: wide\n");
        SpineRadException e = assertThrows(SpineRadException.class, () -> ParameterFile.read(f));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("binWidth") && e.getMessage().contains("number"), e.getMessage());

        Files.writeString(f, "setting:\n  padDistance: 2.5\n");
        e = assertThrows(SpineRadException.class, () -> ParameterFile.read(f));
        assertTrue(e.getMessage().contains("padDistance") && e.getMessage().contains("whole number"), e.getMessage());

        Files.writeString(f, "imageType:\n  Fourier: {}\n");
        e = assertThrows(SpineRadException.class, () -> ParameterFile.read(f));
        assertTrue(e.getMessage().contains("Fourier"), e.getMessage());

        Files.writeString(f, "imageType:\n  LoG: {sigma: [a]}\n");
        e = assertThrows(SpineRadException.class, () -> ParameterFile.read(f));
        assertTrue(e.getMessage().contains("LoG") && e.getMessage().contains("sigma"), e.getMessage());

        Files.writeString(f, "featureClass:\n  glcm: Contrast\n");
        e = assertThrows(SpineRadException.class, () -> ParameterFile.read(f));
        assertTrue(e.getMessage().contains("glcm"), e.getMessage());

        Files.writeString(f, "setting:\n  resegmentMode: percent\n");
        e = assertThrows(SpineRadException.class, () -> ParameterFile.read(f));
        assertTrue(e.getMessage().contains("resegmentMode") && e.getMessage().contains("sigma"), e.getMessage());

        Files.writeString(f, "setting: [1, 2\n");
        e = assertThrows(SpineRadException.class, () -> ParameterFile.read(f));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("YAML"), e.getMessage());

        assertThrows(SpineRadException.class, () -> ParameterFile.read(dir.resolve("missing.yaml")));
    }
}
