package org.spinerad.radiomics;

import org.junit.jupiter.api.Test;
import org.spinerad.testutil.Python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * All default texture features against scripts/ref/texture_reference.py, an independent numpy/scipy implementation
 * of PyRadiomics' definitions (zones by scipy.ndimage.label, MCC by numpy.linalg.eigvals with PyRadiomics' eps), on
 * a random ROI with holes and empty grey levels (2, 3, 6, 8, 10, 11 absent).
 */
class TexturePythonReferenceTest {
    @Test
    void matchesNumpyReference() throws IOException {
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
        for (String line : Python.run(script, file.toString()).split("\n")) {
            String[] t = line.trim().split(" ");
            if (t.length == 2) reference.put(t[0], Double.parseDouble(t[1]));
        }
        Files.delete(file);

        Map<String, Double> ours = TextureTestData.all(roi, new RadiomicsSettings());
        assertEquals(ours.keySet(), reference.keySet());
        for (Map.Entry<String, Double> e : ours.entrySet()) {
            double ref = reference.get(e.getKey());
            double tol = (e.getKey().equals("glcm_MCC") ? 1e-6 : 1e-10) * Math.max(1, Math.abs(ref));
            assertEquals(ref, e.getValue(), tol, e.getKey());
        }
    }
}
