package org.spinerad.plugins;

import ij.ImagePlus;
import ij.plugin.PlugIn;
import org.spinerad.image.Volume;
import org.spinerad.io.DicomSeriesReader;

import java.nio.file.Path;

/**
 * "Import DICOM Series...": reads a DICOM series directory (the largest series, or the SeriesInstanceUID given) with
 * exact LPS geometry and rescaled values (CT in HU). Macro:
 * {@code run("Import DICOM Series...", "directory=/data/ct series=");}
 */
public class ImportDicomSeries implements PlugIn {
    static final String COMMAND = "Import DICOM Series...";

    @Override
    public void run(String arg) {
        MacroParams params = new MacroParams(COMMAND).addDirectory("directory", "").addString("series", "");
        if (!params.show()) return;
        String dir = params.nextString(), series = params.nextString();
        CommandSupport.run(COMMAND, () -> {
            Path path = Path.of(dir);
            Volume v = DicomSeriesReader.read(path, series.isEmpty() ? null : series, CommandSupport.progress("DICOM"));
            String description = v.metadata().getOrDefault("seriesDescription", "");
            ImagePlus imp = ImagePlusAdapter.toImagePlus(v, description.isEmpty() ? path.getFileName().toString() : description);
            Viewer.display(imp);
        });
    }
}
