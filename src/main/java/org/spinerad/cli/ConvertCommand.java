package org.spinerad.cli;

import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code spinerad convert IN OUT}: any readable image to NIfTI or NRRD (format by OUT's extension), keeping geometry and voxel type. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert an image to NIfTI (.nii, .nii.gz, .hdr) or NRRD (.nrrd, .nhdr), keeping geometry and voxel type.")
public final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Input image.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output image; the extension chooses the format.")
    Path output;

    @Override
    public Integer call() {
        Volume v = VolumeIO.read(input);
        VolumeIO.write(v, output);
        System.out.println("Wrote " + output + " (" + v.nx() + "x" + v.ny() + "x" + v.nz() + ", " + v.type() + ")");
        return 0;
    }
}
