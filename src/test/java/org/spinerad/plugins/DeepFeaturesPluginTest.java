package org.spinerad.plugins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.deep.DeepFeatureExport;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Fiji command's export with dialog-style string parameters, and its menu registration. */
class DeepFeaturesPluginTest {

    @Test
    void exportsWithDialogParameters(@TempDir Path dir) throws Exception {
        Path manifest = org.spinerad.deep.DeepFeatureExportTest.cohort(dir);
        Path out = dir.resolve("f.csv");
        DeepFeatureExport.Summary s = DeepFeaturesPlugin.export(manifest, out, null, "cpuSmall", "T2",
                "vertebra=1-2; upper=2", 5, 42);
        assertEquals(new DeepFeatureExport.Summary(3, 0), s);
        Csv csv = Csv.read(out);
        assertEquals(1 + 2 * 128, csv.header().size());
        assertEquals("DL_T2_upper_0", csv.header().get(129));
        SpineRadException e = assertThrows(SpineRadException.class, () -> DeepFeaturesPlugin.export(manifest, out, null,
                "cpuSmall", "T2", "vertebra", 5, 42));
        assertTrue(e.getMessage().contains("name=labels"), e.getMessage());
    }

    @Test
    void runsByNameFromAHeadlessMacro(@TempDir Path dir) throws Exception {
        Path manifest = org.spinerad.deep.DeepFeatureExportTest.cohort(dir);
        Path out = dir.resolve("macro.csv");
        org.spinerad.testutil.HeadlessMacro.run("run(\"Deep Features (ViT-3D)\", \"manifest=" + manifest + " output=" + out
                + " weights=[] network=cpuSmall sequences=T2 structures=[vertebra=1-2] margin=5 seed=42\");");
        Csv csv = Csv.read(out);
        assertEquals(3, csv.rowCount());
        assertEquals("DL_T2_vertebra_0", csv.header().get(1));
        AssertionError e = assertThrows(AssertionError.class, () -> org.spinerad.testutil.HeadlessMacro.run(
                "run(\"Deep Features (ViT-3D)\", \"manifest=" + dir.resolve("none.csv") + " output=" + out + " network=cpuSmall\");"));
        assertTrue(e.getMessage().contains("none.csv"), e.getMessage());
    }

    @Test
    void registeredUnderDeepLearning() throws Exception {
        String config = Files.readString(Path.of("src/main/resources/plugins.config"));
        assertTrue(config.contains("Plugins>SpineRad>Deep Learning, \"Deep Features (ViT-3D)\", " + DeepFeaturesPlugin.class.getName()));
        assertTrue(ij.plugin.PlugIn.class.isAssignableFrom(DeepFeaturesPlugin.class));
    }
}
