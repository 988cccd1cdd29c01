package org.spinerad.plugins;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.testutil.HeadlessMacro;
import org.spinerad.testutil.Xvfb;

import javax.imageio.ImageIO;
import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Segment Vertebrae in a real ImageJ window (child JVM on Xvfb, see {@link SegmentVertebraeGuiTest}): on example_ct
 * the result becomes the CT's coloured, editable label overlay; on an MR, a lumbar cut-out without anchors and the
 * thoracic DICOM slab the domain warnings go to the Log window. Args: output folder, example_ct, MR, TPTBox CT,
 * DICOM series folder. Writes result.properties and segment-ct-overlay.png.
 */
public final class SegmentVertebraeGuiScenario {
    private final Properties out = new Properties();
    private final Path dir;
    private final Robot robot = new Robot();

    private SegmentVertebraeGuiScenario(Path dir) throws Exception { this.dir = dir; }

    public static void main(String[] args) throws Exception {
        SegmentVertebraeGuiScenario s = new SegmentVertebraeGuiScenario(Path.of(args[0]));
        int rc = s.runCatching(args);
        s.out.setProperty("log", String.valueOf(IJ.getLog()));
        Xvfb.write(s.out, s.dir.resolve("result.properties"));
        System.exit(rc);
    }

    /** Exit code 0, or 1 with the error recorded. */
    private int runCatching(String[] args) {
        try {
            new ImageJ();
            HeadlessMacro.registerCommands(HeadlessMacro.pluginsConfig());
            run(args);
            return 0;
        } catch (Throwable t) {
            t.printStackTrace();
            put("error", t);
            return 1;
        }
    }

    private void put(String key, Object value) { out.setProperty(key, String.valueOf(value)); }

    private void settle() throws Exception {
        robot.waitForIdle();
        Thread.sleep(300);
        java.awt.EventQueue.invokeAndWait(() -> {});
    }

    private void run(String[] args) throws Exception {
        IJ.run("Open NIfTI...", "open=[" + args[1] + "]");
        ImagePlus ct = WindowManager.getCurrentImage();
        IJ.run("Segment Vertebrae (3D U-Net)", "model=[] overlap=0.5");
        settle();
        put("ct.current", WindowManager.getCurrentImage().getTitle());
        put("ct.windows", WindowManager.getImageCount());
        put("ct.overlay", ct.getOverlay() == null ? 0 : ct.getOverlay().size());
        ImagePlus companion = LabelSession.companionOf(ct);
        put("ct.companion", companion == null ? "" : companion.getTitle());
        LabelMap labels = LabelSession.of(ct, "test").editor.labels();
        StringBuilder counts = new StringBuilder();
        for (int l : new int[]{SpineLabels.T12, SpineLabels.L1, SpineLabels.L2, SpineLabels.L3, SpineLabels.L4, SpineLabels.L5, SpineLabels.S1})
            counts.append(SpineLabels.NAMES.get(l)).append('=').append(labels.count(l)).append(' ');
        put("ct.labelCounts", counts.toString().trim());
        put("ct.overlayVisible", LabelOverlay.state(LabelSession.companionOf(ct)).visible);
        if (companion != null && companion.getWindow() != null) companion.getWindow().setLocation(3000, 3000); // off screen
        ct.setSlice(ct.getStackSize() / 2 + 8); // an axial slice through L3
        ct.getWindow().setLocation(10, 10);
        ct.updateAndDraw();
        put("ct.slice", ct.getCurrentSlice());

        IJ.run("Open NIfTI...", "open=[" + args[2] + "]");
        IJ.run("Segment Vertebrae (3D U-Net)", "model=[] overlap=0.5");
        IJ.run("Open NIfTI...", "open=[" + args[3] + "]");
        IJ.run("Segment Vertebrae (3D U-Net)", "model=[] overlap=0.5");
        IJ.run("Import DICOM Series...", "directory=[" + args[4] + "] series=");
        IJ.run("Segment Vertebrae (3D U-Net)", "model=[] overlap=0.5");
        settle();
        ImagePlus dicom = WindowManager.getCurrentImage();
        put("dicom.companion", LabelSession.companionOf(dicom) == null ? "" : LabelSession.companionOf(dicom).getTitle());
        // the CT with its overlay in front, the Log window beside it
        for (int id : WindowManager.getIDList()) {
            ImagePlus imp = WindowManager.getImage(id);
            if (imp != ct && imp.getWindow() != null) imp.getWindow().setLocation(3000, 3000);
        }
        Frame log = WindowManager.getFrame("Log");
        if (log != null) log.setBounds(ct.getWindow().getWidth() + 20, 10, 760, 420);
        IJ.getInstance().setLocation(10, ct.getWindow().getHeight() + 30);
        ct.getWindow().toFront();
        settle();
        Thread.sleep(800);
        ImageIO.write(robot.createScreenCapture(new Rectangle(Toolkit.getDefaultToolkit().getScreenSize())), "png",
                dir.resolve("segment-ct-overlay.png").toFile());
    }
}
