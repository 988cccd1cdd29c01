package org.spinerad.plugins;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;
import org.spinerad.io.VolumeIO;

import java.nio.file.Path;

/**
 * "Save as NIfTI...": writes the current stack with its geometry to NIfTI (or NRRD by extension); a label map
 * (image with label names) also writes its names sidecar. Macro: {@code run("Save as NIfTI...", "save=/out/x.nii.gz");}
 */
public class SaveNifti implements PlugIn {
    static final String COMMAND = "Save as NIfTI...";

    @Override
    public void run(String arg) {
        ImagePlus imp = ij.WindowManager.getCurrentImage();
        if (imp == null) {
            IJ.noImage();
            return;
        }
        MacroParams params = new MacroParams(COMMAND).addFile("save", defaultName(imp));
        if (!params.show()) return;
        String path = params.nextString();
        CommandSupport.run(COMMAND, () -> save(imp, Path.of(path)));
    }

    private static String defaultName(ImagePlus imp) {
        String t = imp.getTitle();
        return VolumeIO.formatOf(Path.of(t.isEmpty() ? "image" : t)) != null ? t : VolumeIO.baseName(Path.of(t.isEmpty() ? "image" : t)) + ".nii.gz";
    }

    /** Writes an ImagePlus as a volume, or as a label map when it carries label names. */
    public static void save(ImagePlus imp, Path file) {
        IJ.showStatus("Saving " + file.getFileName() + "...");
        if (imp.getProp(ImagePlusAdapter.LABEL_NAMES) != null) VolumeIO.writeLabelMap(ImagePlusAdapter.toLabelMap(imp), file);
        else VolumeIO.write(ImagePlusAdapter.toVolume(imp), file);
        IJ.showStatus("Saved " + file);
    }
}
