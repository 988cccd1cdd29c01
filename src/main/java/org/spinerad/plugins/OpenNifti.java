package org.spinerad.plugins;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;
import org.spinerad.io.VolumeIO;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * "Open NIfTI...": opens a NIfTI (.nii, .nii.gz, .hdr/.img) or NRRD file as a calibrated stack with its full
 * geometry, in radiological orientation, CT in the spine window, zoomed to fill a window. A file with a label-name sidecar ({@code x.labels.json}) opens as a label map keeping the names.
 * Macro: {@code run("Open NIfTI...", "open=/path/ct.nii.gz");}
 */
public class OpenNifti implements PlugIn {
    static final String COMMAND = "Open NIfTI...";

    @Override
    public void run(String arg) {
        MacroParams params = new MacroParams(COMMAND).addFile("open", "");
        if (!params.show()) return;
        String path = params.nextString();
        CommandSupport.run(COMMAND, () -> Viewer.display(open(Path.of(path))));
    }

    /** Reads a volume or label map file into an ImagePlus titled by the file name. */
    public static ImagePlus open(Path file) {
        IJ.showStatus("Opening " + file.getFileName() + "...");
        String title = file.getFileName().toString();
        ImagePlus imp = Files.exists(VolumeIO.labelSidecar(file)) && !Files.isDirectory(file)
                ? ImagePlusAdapter.toImagePlus(VolumeIO.readLabelMap(file), title)
                : ImagePlusAdapter.toImagePlus(VolumeIO.read(file), title);
        imp.setProp(ImagePlusAdapter.META_PREFIX + "source", file.toAbsolutePath().toString());
        IJ.showStatus("");
        return imp;
    }
}
