package org.spinerad.radiomics;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Texture features of the IBSI 1 digital phantom against the IBSI reference values ("3D, averaged" = PyRadiomics'
 * default per-direction mean, "3D, merged" = textureAggregation "merged"). The phantom has no tolerance in IBSI;
 * values are given to 3 significant digits, so the check allows half a unit of the third digit.
 * Writes target/ibsi-report-texture.txt.
 */
class IbsiPhantomTextureTest {
    private static final List<String> REPORT = Collections.synchronizedList(new ArrayList<>());
    private static final DiscretizedRoi PHANTOM = TextureTestData.ibsiPhantom();

    static Stream<Arguments> references() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = IbsiPhantomTextureTest.class.getResourceAsStream("/ibsi/digital_phantom_texture_reference.csv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] t = line.split(",");
                boolean directional = t[0].equals("glcm") || t[0].equals("glrlm");
                out.add(Arguments.of(t[0], t[1], directional ? "averaged" : "3D", Double.parseDouble(t[2])));
                if (directional) out.add(Arguments.of(t[0], t[1], "merged", Double.parseDouble(t[3])));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} ({2}) = {3}")
    @MethodSource("references")
    void matchesIbsi(String cls, String feature, String aggregation, double reference) {
        RadiomicsSettings s = new RadiomicsSettings();
        s.textureAggregation = aggregation.equals("merged") ? "merged" : "pyradiomics";
        TextureFeatureClass fc = TextureTestData.CLASSES.stream().filter(c -> c.name().equals(cls)).findFirst().orElseThrow();
        Map<String, Double> values = fc.compute(null, PHANTOM, s, List.of(feature));
        double ours = values.get(feature);
        double tolerance = 0.5 * Math.pow(10, Math.floor(Math.log10(Math.abs(reference))) - 2);
        boolean pass = Math.abs(ours - reference) <= tolerance;
        REPORT.add(String.format(Locale.ROOT, "%s (%s), %s, %.6g, %s, %.2g, %s", cls, aggregation, feature, ours,
                reference, tolerance, pass ? "pass" : "FAIL"));
        assertEquals(reference, ours, tolerance, cls + " " + feature + " " + aggregation);
    }

    @AfterAll
    static void writeReport() throws IOException {
        List<String> lines = new ArrayList<>(REPORT);
        Collections.sort(lines);
        lines.add(0, "class (aggregation), feature, ours, IBSI, tolerance, pass");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "ibsi-report-texture.txt"), lines);
    }
}
