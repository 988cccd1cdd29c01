package org.spinerad.plugins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.io.VolumeIO;
import org.spinerad.phantom.PhantomParams;
import org.spinerad.phantom.SpinePhantom;
import org.spinerad.testutil.HeadlessMacro;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The typed MacroParams widgets headless: choices, checkboxes and numbers read from macro options, validated. */
class MacroParamsTest {
    @TempDir
    static Path dir;
    static final Path ITK_SNAP_CT = Path.of("docs", "itksnap", "totalsegmentator-ct-vertebrae.txt");

    private static Path image() {
        Path p = dir.resolve("ct.nii.gz");
        if (!Files.exists(p)) VolumeIO.write(new SpinePhantom(PhantomParams.builder().grid(32, 28, 20).spacing(2, 2, 3).build()).ct().image(), p);
        return p;
    }

    @Test
    void widgetsReadMacroOptionsHeadless() {
        Path exported = dir.resolve("labels.txt");
        HeadlessMacro.Result r = HeadlessMacro.run("""
                run("Open NIfTI...", "open=[%s]");
                run("New Label Map");
                run("Window Preset...", "preset=soft_tissue");
                getMinAndMax(lo, hi);
                run("Label Overlay...", "opacity=25 show");
                run("Label Brush Options...", "radius=2.5 mode=erase");
                run("Select Label...", "label=psoas_L");
                setSlice(5); makeRectangle(4, 4, 10, 10);
                run("Add ROI to Label", "label=L3 paint=all brush=0");
                makeRectangle(4, 4, 5, 10);
                run("Erase ROI from Labels");
                run("Label Statistics");
                run("Import ITK-SNAP Labels...", "open=[%s]");
                run("Export ITK-SNAP Labels...", "save=[%s]");
                return "" + lo + "," + hi;
                """.formatted(image(), ITK_SNAP_CT, exported));
        assertEquals("-160,240", r.returnValue(), "soft tissue window W400 L40 in HU");
        assertEquals(50, r.results().getValue("voxels", 0), 0, "10 x 10 square, left half erased");
        var palette = org.spinerad.annotate.LabelPalette.readItkSnap(exported);
        assertEquals("L3", palette.get(3).name()); // the map's labels with their names and colours
        var imported = org.spinerad.annotate.LabelPalette.readItkSnap(ITK_SNAP_CT);
        for (var e : imported.entries().entrySet()) assertEquals(e.getValue(), palette.get(e.getKey()), "ITK-SNAP label " + e.getKey());
    }

    @Test
    void invalidValuesAreOneClearLine() {
        String[][] cases = {
                {"run(\"Window Preset...\", \"preset=lung\");", "'lung' is not a valid choice for preset; choose one of: soft_tissue, bone, spine, mr_auto, full_range"},
                {"run(\"New Label Map\"); run(\"Label Overlay...\", \"opacity=150\");", "opacity must be between 0 and 100, got 150"},
                {"run(\"New Label Map\"); run(\"Label Brush Options...\", \"radius=abc mode=paint\");", "radius must be a number, got 'abc'"},
                {"run(\"New Label Map\"); run(\"Select Label...\", \"label=liver\");", "'liver' is not a valid choice for label"},
                {"run(\"Train Risk Model\", \"clinical=c.csv features=[] learners=lr,SVN folds=5 seed=1 output=o\");",
                        "'SVN' is not a valid choice for learners; choose from: LR, GNB, SVM_linear"}};
        for (String[] c : cases) {
            AssertionError e = assertThrows(AssertionError.class, () -> HeadlessMacro.run("run(\"Open NIfTI...\", \"open=[" + image() + "]\");\n" + c[0]));
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }
}
