package org.spinerad.plugins;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.Geometry;
import org.spinerad.image.Reorientation;
import org.spinerad.io.VolumeIO;
import org.spinerad.testutil.Python;
import org.spinerad.testutil.SharedData;
import org.spinerad.testutil.Xvfb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The viewer in a real ImageJ window under Xvfb ({@link ViewerGuiScenario} in a child JVM) on the real CT: radiological
 * display zoomed to fill a window in the spine window, a mouse stroke with the label brush, keyboard shortcuts, the
 * orthogonal views, and a recorder → macro → replay round trip of each new dialog widget.
 */
class ViewerGuiTest {
    @TempDir
    static Path dir;
    static Properties r;
    static Path ct;

    @BeforeAll
    static void runScenario() throws Exception {
        ct = SharedData.file("totalsegmentator/example_ct.nii.gz");
        try (Xvfb x = Xvfb.start()) {
            int rc = x.runJava(ViewerGuiScenario.class.getName(), List.of(dir.toString(), ct.toString()), dir.resolve("log.txt"), 300);
            r = Xvfb.read(dir.resolve("result.properties"));
            assertEquals(0, rc, r.getProperty("error") + "\n" + Files.readString(dir.resolve("log.txt")));
        }
    }

    private static double num(String key) { return Double.parseDouble(r.getProperty(key)); }

    private static double[] nums(String key) {
        String[] s = r.getProperty(key).split(",");
        double[] d = new double[s.length];
        for (int i = 0; i < s.length; i++) d[i] = Double.parseDouble(s[i]);
        return d;
    }

    private static Set<List<Integer>> voxels(String key) {
        Set<List<Integer>> out = new HashSet<>();
        for (String v : r.getProperty(key).split(";"))
            if (!v.isBlank()) out.add(java.util.Arrays.stream(v.trim().split(" ")).map(Integer::valueOf).toList());
        return out;
    }

    /** Distance in mm from a point to a segment, both in voxel coordinates of the given spacing (2D). */
    private static double distanceMm(double px, double py, double[] a, double[] b, double sx, double sy) {
        double ax = a[0] * sx, ay = a[1] * sy, bx = b[0] * sx, by = b[1] * sy, x = px * sx, y = py * sy;
        double dx = bx - ax, dy = by - ay, t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
        return Math.hypot(x - ax - t * dx, y - ay - t * dy);
    }

    @Test
    void opensZoomedInTheSpineWindow() {
        assertEquals("example_ct.nii.gz", r.getProperty("title"));
        assertTrue(num("magnification") >= 4, "122 x 101 pixels fill ~60 % of a 1000-pixel screen: " + num("magnification"));
        assertEquals(250 - 500, num("displayMin"), 1e-6); // spine preset W1000 L250 in HU
        assertEquals(250 + 500, num("displayMax"), 1e-6);
        assertTrue(r.getProperty("tool").startsWith("SpineRad label brush"));
        assertEquals("true", r.getProperty("overlay"));
    }

    @Test
    void brushStrokePaintsTheVoxelsUnderTheMouse() throws Exception {
        double[] s = nums("stroke"); // image pixel positions the canvas received
        assertArrayEquals(new double[]{40, 50, 70, 50}, s, 0.5);
        Geometry shown = Reorientation.radiological(VolumeIO.read(ct).geometry()).display();
        double sx = shown.spacing(0), sy = shown.spacing(1);
        double[] a = {s[0] - 0.5, s[1] - 0.5}, b = {s[2] - 0.5, s[3] - 0.5}; // voxel-centre coordinates
        Set<List<Integer>> painted = voxels("axial.voxels");
        assertEquals((int) num("axial.count"), painted.size());
        for (List<Integer> v : painted) {
            assertEquals(55, v.get(2), "only the slice shown (56) is painted");
            assertTrue(distanceMm(v.get(0), v.get(1), a, b, sx, sy) <= 6 + 0.5, "voxel " + v + " outside the 6 mm brush");
        }
        for (int y = 0; y < shown.ny(); y++)
            for (int x = 0; x < shown.nx(); x++)
                if (distanceMm(x, y, a, b, sx, sy) <= 6 - 0.5) assertTrue(painted.contains(List.of(x, y, 55)), "voxel " + x + "," + y + " missed");
        assertEquals(1, (int) num("axial.undoSteps"), "one stroke, one undo step");
        // the saved label map lies on the CT file's grid, and the stroke's middle (world position) is L3 there (nibabel)
        double[] mid = nums("axial.midWorldLps");
        String nib = Python.run("""
                import sys, numpy as np, nibabel as nib
                ct, lab = nib.load(sys.argv[1]), nib.load(sys.argv[2])
                ras = np.array([-float(sys.argv[3]), -float(sys.argv[4]), float(sys.argv[5]), 1.0])
                ijk = np.rint(np.linalg.inv(lab.affine) @ ras)[:3].astype(int)
                d = np.asarray(lab.dataobj)
                print(np.abs(ct.affine - lab.affine).max() < 1e-4, ct.shape == lab.shape, int(d[tuple(ijk)]), int((d == 3).sum()))
                """, ct.toString(), dir.resolve("brush-labels.nii.gz").toString(), "" + mid[0], "" + mid[1], "" + mid[2]).strip();
        assertEquals("True True 3 " + painted.size(), nib);
    }

    @Test
    void shortcutsChangeLabelUndoAndRedo() {
        assertEquals(4, (int) num("key.next"), "] after L3 selects L4");
        assertEquals(5, (int) num("legend.click"), "a click on the legend's L5 row selects L5");
        assertEquals(0, (int) num("key.undoCount"), "Shift+X undoes the stroke");
        assertEquals(num("axial.count"), num("key.redoCount"), "Shift+R redoes it");
        assertEquals("false,true", r.getProperty("key.toggle"), "Shift+O hides the overlay");
        assertEquals("true", r.getProperty("key.toggleBack"));
    }

    @Test
    void brushPaintsInTheCoronalView() {
        assertEquals("example_ct.nii.gz sagittal|example_ct.nii.gz coronal", r.getProperty("ortho.titles"));
        assertEquals("0,2", r.getProperty("ortho.coronalAxes")); // coronal: x across, slices up the screen
        double[] at = nums("ortho.crosshair"), from = nums("ortho.strokeStart"), to = nums("ortho.strokeEnd");
        assertTrue(from[1] > to[1], "dragging down the coronal view goes to lower slices (head up)");
        Set<List<Integer>> painted = voxels("ortho.voxels");
        assertEquals((int) num("ortho.count"), painted.size());
        Set<Integer> slices = new HashSet<>();
        Geometry shown = Reorientation.radiological(VolumeIO.read(ct).geometry()).display();
        for (List<Integer> v : painted) {
            assertEquals((int) at[1], v.get(1), "painted in the coronal plane y = crosshair");
            assertTrue(distanceMm(v.get(0), v.get(2), from, to, shown.spacing(0), shown.spacing(2)) <= 6 + 0.5, "voxel " + v);
            slices.add(v.get(2));
        }
        assertTrue(slices.size() > 10, "the stroke crosses slices: " + slices.size());
        assertEquals(3, (int) num("ortho.sagittalOverlay"), "sagittal view: label layer + crosshair");
    }

    @Test
    void everyNewWidgetSurvivesRecorderMacroReplay() {
        String[][] expected = {
                {"WindowPreset", "run(\"Window Preset...\", \"preset=bone\");"},
                {"LabelOverlay", "run(\"Label Overlay...\", \"opacity=30\");"},          // number; unticked checkbox omitted
                {"LabelBrushOptions", "run(\"Label Brush Options...\", \"radius=4.5 mode=erase\");"},
                {"SelectLabel", "run(\"Select Label...\", \"label=L3-L4\");"},        // choice of the palette's labels
                {"ExportITKSNAPLabels", "run(\"Export ITK-SNAP Labels...\", \"save=" + dir.resolve("exported-labels.txt") + "\");"},
                {"RadiomicsFeatures", "run(\"Radiomics Features\", \"image=example_ct.nii.gz mask=example_ct.nii.gz-labels labels=[] "
                        + "parameters=[] bin_width=25 log_sigmas=[] image_types=Original families=firstorder output=[]\");"}, // image choices
                {"OpenLabelMap", "run(\"Open Label Map...\", \"open=" + dir.resolve("reopen-labels.nii.gz") + " image=example_ct.nii.gz\");"},
                {"TrainRiskModel", "run(\"Train Risk Model\", \"clinical=" + dir.resolve("cohort/clinical.csv") + " features=Rad=" // learner boxes
                        + dir.resolve("cohort/radiomics.csv") + " id=patient_id outcome=outcome clinical_variables=age learners=LR,GNB folds=3 seed=1 output="
                        + dir.resolve("risk") + "\");"},
                {"PredictRisk", "run(\"Predict Risk\", \"model=" + dir.resolve("risk/model.json") + " features=" + dir.resolve("cohort/radiomics.csv") // Browse
                        + " clinical=" + dir.resolve("cohort/clinical.csv") + " id=patient_id output=[]\");"}};
        for (String[] e : expected) {
            String k = "rec." + e[0];
            String macro = r.getProperty(k + ".macro");
            // the recorded command (the recorder may add a selectImage when a new window is activated after it)
            assertEquals(e[1], macro.lines().findFirst().orElse(""), e[0]);
            assertTrue(macro.lines().skip(1).allMatch(l -> l.startsWith("selectImage(")), macro);
            assertNotEquals(r.getProperty(k + ".dialog"), r.getProperty(k + ".reset"), e[0] + ": reset changes the state");
            assertEquals(r.getProperty(k + ".dialog"), r.getProperty(k + ".replay"), e[0] + ": the recorded macro gives the dialog's result");
        }
        assertEquals("0.3,false", r.getProperty("rec.LabelOverlay.replay"));
        assertEquals("4.5,true", r.getProperty("rec.LabelBrushOptions.replay"));
        assertEquals("13", r.getProperty("rec.SelectLabel.replay"));
        assertTrue(r.getProperty("rec.RadiomicsFeatures.replay").startsWith("2 rows"), r.getProperty("rec.RadiomicsFeatures.replay")); // L3, psoas_L
        assertEquals("LR,GNB", r.getProperty("train.learnersField"), "the ticked learner boxes write the learners field");
        assertEquals("GNB,LR", r.getProperty("rec.TrainRiskModel.replay"), "only the ticked learners were compared");
        assertEquals(dir.resolve("cohort/radiomics.csv").toString(), r.getProperty("predict.featuresField"), "Browse added the chosen file");
        assertTrue(r.getProperty("rec.PredictRisk.replay").startsWith("300 rows, first P000 "), r.getProperty("rec.PredictRisk.replay"));
    }

    @Test
    void trainRiskModelOpensItsReportAfterADialogRunOnly() {
        // exactly once: after the run from the dialog; the replayed macro (same command, macro options) opens nothing
        assertEquals(dir.resolve("risk/report.html").toUri().toString(), r.getProperty("train.opened"));
    }
}
