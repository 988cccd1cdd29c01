package org.spinerad.segment;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.cli.SpineRadCli;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Segmentation model manifests from elsewhere: parameter files confined to the model folder, sane spacing and patches. */
class ModelManifestValidationTest {
    static final Path SHIPPED = Path.of(Segmenter.DEFAULT_MODEL, ModelManifest.FILE);

    static String error(Path dir, java.util.function.Consumer<JsonObject> change) throws Exception {
        JsonObject o = JsonParser.parseString(Files.readString(SHIPPED)).getAsJsonObject();
        change.accept(o);
        Files.writeString(dir.resolve(ModelManifest.FILE), o.toString());
        return assertThrows(SpineRadException.class, () -> ModelManifest.read(dir)).getMessage();
    }

    static JsonArray spacing(double s) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < 3; i++) a.add(s);
        return a;
    }

    @Test
    void parameterFileMustStayInsideTheModelFolder(@TempDir Path dir) throws Exception {
        for (String p : new String[]{"/etc/passwd", "../../etc/passwd", "sub/../../x.params", ""}) {
            String m = error(dir, o -> o.addProperty("parameterFile", p));
            assertTrue(m.contains("must be a file inside the model folder"), m);
        }
    }

    @Test
    void spacingPatchAndNormalizationBounds(@TempDir Path dir) throws Exception {
        assertTrue(error(dir, o -> o.add("spacing", spacing(1e-9))).contains("spacing must be within 0.05..50.0 mm"));
        String nan = error(dir, o -> o.add("spacing", spacing(Double.NaN)));
        assertTrue(nan.contains("spacing must be within"), nan);
        assertTrue(error(dir, o -> o.getAsJsonArray("patchSize").set(0, new com.google.gson.JsonPrimitive(1 << 20)))
                .contains("patch size 1048576 must be within 1..1024"));
        assertTrue(error(dir, o -> o.getAsJsonObject("normalization").addProperty("std", 0)).contains("std > 0"));
        String m = error(dir, o -> o.remove("labels"));
        assertFalse(m.contains("Exception"), m);
    }

    @Test
    void imageWhoseFieldOfViewCannotBeResampledIsAnError(@TempDir Path dir) {
        Volume v = Volume.create(Geometry.of(64, 64, 64, 1e5, 1e5, 1e5), DataType.INT16); // lying spacing: 6.4 km
        Path f = dir.resolve("huge.nii.gz");
        VolumeIO.write(v, f);
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(2, SpineRadCli.execute("segment", "--image", f.toString(), "--out", dir.resolve("s.nii.gz").toString(),
                    "--model", Segmenter.DEFAULT_MODEL));
        } finally {
            System.setErr(err);
        }
        String m = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(m.contains("huge.nii.gz") && m.contains("more than 2^31"), m);
    }
}
