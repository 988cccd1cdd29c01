package org.spinerad.radiomics.filters;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spinerad.radiomics.RadiomicsSettings;
import org.spinerad.testutil.Python;
import org.spinerad.util.SpineRadException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Image-type prefixes against Python's own string formatting of PyRadiomics' name patterns. */
class ImageFiltersNamingTest {
    @Test void logNamesMatchPythonFormatting() {
        List<Number> sigmas = List.of(1.0, 3.0, 4.0, 2.5, 0.5, 1e-5, 1.25e-4, 0.001, 1e16, 12345678.9, 3, 10);
        String py = Python.run("""
                vals = [1.0, 3.0, 4.0, 2.5, 0.5, 1e-05, 1.25e-4, 0.001, 1e16, 12345678.9, 3, 10]
                print('\\n'.join('log-sigma-%s-mm-3D' % (str(s).replace('.', '-')) for s in vals))
                """);
        assertEquals(py.strip().lines().toList(), ImageFilters.prefixes("LoG", Map.of("sigma", sigmas), new RadiomicsSettings()));
        assertEquals("log-sigma-3-0-mm-3D", ImageFilters.logName(3.0));
    }

    @Test void fixedNames() {
        RadiomicsSettings s = new RadiomicsSettings();
        assertEquals(List.of("original"), ImageFilters.prefixes("Original", null, s));
        assertEquals(List.of("squareroot"), ImageFilters.prefixes("SquareRoot", null, s));
        assertEquals(List.of("lbp-3D-m1", "lbp-3D-m2", "lbp-3D-k"), ImageFilters.prefixes("LBP3D", null, s));
        assertEquals(List.of("wavelet-LLH", "wavelet-LHL", "wavelet-LHH", "wavelet-HLL", "wavelet-HLH", "wavelet-HHL",
                "wavelet-HHH", "wavelet-LLL"), ImageFilters.prefixes("Wavelet", null, s));
        for (ImageType t : ImageType.values()) assertEquals(t, ImageType.of(t.pyName));
        assertThrows(SpineRadException.class, () -> ImageType.of("Gabor"));
        assertThrows(SpineRadException.class, () -> ImageFilters.prefixes("LoG", Map.of("sigma", List.of("a")), s));
    }

    @Test void badInputIsAClearError() {
        RadiomicsSettings s = new RadiomicsSettings();
        float[] vol = new float[64];
        assertThrows(SpineRadException.class, () -> ImageFilters.apply("Gradient", Map.of(), vol, 4, 4, 4,
                new double[]{1, 0, 1}, s));
        assertThrows(SpineRadException.class, () -> ImageFilters.apply("Wavelet", Map.of("level", 0), vol, 4, 4, 4,
                new double[]{1, 1, 1}, s));
        assertThrows(SpineRadException.class, () -> ImageFilters.apply("LBP3D", Map.of("lbp3DIcosphereSubdivision", 9),
                vol, new boolean[64], 4, 4, 4, new double[]{1, 1, 1}, s));
        assertThrows(SpineRadException.class, () -> ImageFilters.apply("LoG", Map.of("sigma", "big"), vol, 4, 4, 4,
                new double[]{1, 1, 1}, s));
        assertThrows(IllegalArgumentException.class, () -> ImageFilters.apply("Original", Map.of(), vol, 4, 4, 5,
                new double[]{1, 1, 1}, s));
    }
}
