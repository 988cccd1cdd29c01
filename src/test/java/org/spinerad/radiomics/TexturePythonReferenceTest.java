package org.spinerad.radiomics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spinerad.testutil.Python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * All default texture features against scripts/ref/texture_reference.py, an independent numpy/scipy implementation
 * of PyRadiomics' definitions (zones by scipy.ndimage.label, MCC by numpy.linalg.eigvals with PyRadiomics' eps), on
 * a random ROI with holes and empty grey levels (3, 6, 8, 10, 11 absent), with default and non-default settings.
 */
class TexturePythonReferenceTest {
    @ParameterizedTest(name = "settings: {0}")
    @ValueSource(strings = {"default", "distances 1,2 + asymmetric GLCM + gldm_a 1", "force2D"})
    void matchesNumpyReference(String config) throws IOException {
        RadiomicsSettings settings = new RadiomicsSettings();
        List<String> args = new ArrayList<>();
        if (config.startsWith("distances")) {
            settings.distances = List.of(1, 2);
            settings.symmetricalGLCM = false;
            settings.gldm_a = 1;
            args.addAll(List.of("--distances", "1,2", "--asymmetric", "--gldm-a", "1"));
        } else if (config.equals("force2D")) {
            settings.force2D = true;
            args.add("--force2D");
        }
        int nx = 9, ny = 8, nz = 6;
        int[] choices = {0, 1, 2, 4, 5, 7, 9, 12};
        int[] lv = new int[nx * ny * nz];
        Random r = new Random(11);
        for (int i = 0; i < lv.length; i++) lv[i] = choices[r.nextInt(choices.length)];
        lv[5] = 2; // keep level 2 present but rare
        DiscretizedRoi roi = TextureTestData.roi(nx, ny, nz, lv);

        Path file = Files.createTempFile("spinerad-levels", ".txt");
        StringJoiner sj = new StringJoiner(" ", nx + " " + ny + " " + nz + "\n", "\n");
        for (int v : lv) sj.add(Integer.toString(v));
        Files.writeString(file, sj.toString());
        String script = Files.readString(Path.of("scripts/ref/texture_reference.py"));
        Map<String, Double> reference = new HashMap<>();
        args.add(0, file.toString());
        for (String line : Python.run(script, args.toArray(new String[0])).split("\n")) {
            String[] t = line.trim().split(" ");
            if (t.length == 2) reference.put(t[0], Double.parseDouble(t[1]));
        }
        Files.delete(file);

        Map<String, Double> ours = TextureTestData.all(roi, settings);
        assertEquals(ours.keySet(), reference.keySet());
        for (Map.Entry<String, Double> e : ours.entrySet()) {
            double ref = reference.get(e.getKey());
            double tol = (e.getKey().equals("glcm_MCC") ? 1e-6 : 1e-10) * Math.max(1, Math.abs(ref));
            assertEquals(ref, e.getValue(), tol, e.getKey() + " (" + config + ")");
        }
    }
}
