package org.spinerad.plugins;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;
import org.spinerad.image.LabelMap;
import org.spinerad.segment.ColumnSegmenter;
import org.spinerad.segment.Segmenter;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;

/**
 * "Segment Vertebrae (3D U-Net)": segments the vertebrae, discs and canal of the current CT stack with a model folder
 * (default: the shipped column model), logs its warnings (MR input, no spine found, levels found) and opens the label
 * map as the image's editable label overlay ({@code <title>-labels}). Macro:
 * {@code run("Segment Vertebrae (3D U-Net)", "model=/path/models/unet-spine-column overlap=0.5");} (an empty model
 * uses the shipped one). See docs/segmentation.md.
 */
public class SegmentVertebrae implements PlugIn {
    static final String COMMAND = "Segment Vertebrae (3D U-Net)";

    @Override
    public void run(String arg) {
        CommandSupport.run(COMMAND, () -> {
            ImagePlus imp = CommandSupport.currentImage(COMMAND);
            MacroParams params = new MacroParams(COMMAND).addDirectory("model folder (empty: the shipped column U-Net, trained on real CT + phantoms)", "")
                    .addNumber("overlap", 0.5, 0, 0.95, "of neighbouring patches (default 0.5)");
            if (!params.show()) return;
            String model = params.nextString();
            double overlap = params.nextNumber();
            ImagePlus labels = segment(imp, model.isEmpty() ? null : Path.of(model), overlap);
            ImagePlus old = LabelSession.companionOf(imp);
            if (old != null && old.changes)
                throw new SpineRadException("'" + old.getTitle() + "' has unsaved edits: save or close it before segmenting again");
            if (old != null) old.close();
            // the segmentation becomes the image's editable label overlay (companion stack <title>-labels)
            LabelSession.attachSourceOrder(imp, ImagePlusAdapter.toLabelMap(labels));
        });
    }

    /** The label map of a CT stack as an image titled {@code <title>_unetseg}. */
    public static ImagePlus segment(ImagePlus ct, Path model, double overlap) {
        try (Segmenter seg = Segmenter.load(model != null ? model : Segmenter.defaultModel()).overlap(overlap)) {
            ColumnSegmenter.Result r = seg.segmentWithReport(ImagePlusAdapter.toVolume(ct), CommandSupport.progress(COMMAND));
            for (String w : r.warnings()) IJ.log(COMMAND + ": " + w);
            LabelMap labels = r.labels();
            IJ.showStatus(COMMAND + ": done");
            String title = ct.getTitle().replaceFirst("\\.nii(\\.gz)?$|\\.nrrd$", "");
            return ImagePlusAdapter.toImagePlus(labels, title + "_unetseg");
        }
    }
}
