package org.spinerad.cli;

import org.spinerad.image.Volume;
import org.spinerad.io.DicomSeriesReader;
import org.spinerad.io.VolumeIO;
import org.spinerad.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code spinerad dicom2nifti DIR OUT}: a DICOM series directory to NIfTI/NRRD with exact LPS geometry and HU values. */
@Command(name = "dicom2nifti", mixinStandardHelpOptions = true,
        description = "Convert a DICOM series (directory or single file) to NIfTI (.nii, .nii.gz) or NRRD; CT values in HU.")
public final class DicomCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory with the DICOM files (non-DICOM files are ignored), or one DICOM file.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", arity = "0..1", description = "Output image; the extension chooses the format.")
    Path output;

    @Option(names = "--series", paramLabel = "UID", description = "SeriesInstanceUID to convert (default: the series with most images).")
    String series;

    @Option(names = "--list", description = "List the series found and exit.")
    boolean list;

    @Override
    public Integer call() {
        if (list) {
            for (var s : DicomSeriesReader.listSeries(input))
                System.out.println(s.seriesUid() + "\t" + s.modality() + "\t" + s.fileCount() + " images\t"
                        + (s.description() == null ? "" : s.description()));
            return 0;
        }
        if (output == null) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "Missing OUT");
        Volume v = DicomSeriesReader.read(input, series, Progress.console("dicom2nifti"));
        VolumeIO.write(v, output);
        System.out.println("Wrote " + output + " (" + v.nx() + "x" + v.ny() + "x" + v.nz() + ", " + v.type() + ", "
                + v.geometry().orientationCode() + ")");
        return 0;
    }
}
