package org.spinerad.segment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A TorchScript net saved by PyTorch 1.13 (scripts/make_torchscript_unet.py) runs in SpineRad's libtorch and gives
 * the logits PyTorch printed for the same input (reference.json, written by that script).
 */
class TorchScriptSegmenterTest {
    static final Path DIR = Path.of("src/test/resources/segment/tiny_unet");

    @Test
    void logitsMatchPyTorchReference() throws Exception {
        JsonObject ref = JsonParser.parseString(Files.readString(DIR.resolve("reference.json"))).getAsJsonObject();
        int[] size = new int[3];
        for (int a = 0; a < 3; a++) size[a] = ref.getAsJsonArray("patchSizeXYZ").get(a).getAsInt();
        float[] patch = new float[size[0] * size[1] * size[2]];
        for (int z = 0, i = 0; z < size[2]; z++)
            for (int y = 0; y < size[1]; y++)
                for (int x = 0; x < size[0]; x++, i++)
                    patch[i] = (float) (Math.sin(0.3 * x + 0.2 * y) * Math.cos(0.15 * z) + 0.01 * x);
        ModelManifest m = ModelManifest.read(DIR);
        try (TorchScriptSegmenter net = TorchScriptSegmenter.load(DIR, m)) {
            float[] logits = net.predict(patch, size);
            assertEquals(6 * patch.length, logits.length);
            for (JsonElement e : ref.getAsJsonArray("probes")) {
                JsonObject p = e.getAsJsonObject();
                int c = p.get("class").getAsInt(), z = p.get("z").getAsInt(), y = p.get("y").getAsInt(), x = p.get("x").getAsInt();
                assertEquals(p.get("logit").getAsDouble(), logits[c * patch.length + x + size[0] * (y + size[1] * z)], 1e-4, p.toString());
            }
            double sum = 0;
            for (float v : logits) sum += v;
            assertEquals(ref.get("sum").getAsDouble(), sum, 1e-2);
        }
    }

    @Test
    void segmentsAVolumeOnItsOwnGrid() {
        Geometry g = new Geometry(new int[]{21, 9, 30}, new double[]{1.2, 1.2, 1.6}, new double[]{-10, 5, 30},
                new double[]{1, 0, 0, 0, 1, 0, 0, 0, 1});
        Volume ct = Volume.create(g, DataType.INT16);
        for (int i = 0; i < ct.size(); i++) ct.set(i, (i * 37 % 1400) - 200);
        try (Segmenter seg = Segmenter.load(DIR)) {
            LabelMap labels = seg.segment(ct, Progress.NONE);
            assertNull(labels.geometry().mismatch(g, 1e-9));
            assertEquals("L3", labels.name(3));
            for (int l : labels.presentLabels()) assertTrue(l >= 1 && l <= 5, "label " + l);
        }
    }
}
