package org.spinerad.cli;

import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.radiomics.NonFiniteVoxels;
import org.spinerad.radiomics.ParameterFile;
import org.spinerad.radiomics.RadiomicsComponents;
import org.spinerad.radiomics.RadiomicsExtractor;
import org.spinerad.radiomics.RadiomicsTable;
import org.spinerad.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code spinerad radiomics}: PyRadiomics-compatible features of one image and mask, one CSV row per label. */
@Command(name = "radiomics", mixinStandardHelpOptions = true,
        description = {"Extracts radiomics features (PyRadiomics definitions and column names) for each label of a mask.",
                "NaN voxels inside the ROI are dropped with a warning (also in the provenance); infinite ones are an error.",
                "Exit codes: 0 done; 2 bad input."})
public final class RadiomicsCommand implements Callable<Integer> {
    @Option(names = "--image", required = true, description = "Image file (NIfTI or NRRD).")
    Path image;
    @Option(names = "--mask", required = true, description = "Mask / label map on the image grid (NIfTI or NRRD).")
    Path mask;
    @Option(names = "--label", description = "Label to extract (repeatable; default: every label present in the mask).")
    List<Integer> labels = new ArrayList<>();
    @Option(names = "--params", description = "PyRadiomics parameter file (YAML or JSON); default: PyRadiomics defaults.")
    Path params;
    @Option(names = "--out", required = true, description = "Output CSV (a provenance sidecar <out>.provenance.json is written beside it).")
    Path out;
    @Option(names = "--threads", description = "Threads for image types (default: all processors).")
    int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--volume", description = "0-based volume of a 4D image (4D images are an error without it).")
    Integer volume;

    @Override
    public Integer call() {
        ParameterFile config = params == null ? ParameterFile.defaults() : ParameterFile.read(params);
        RadiomicsExtractor extractor = RadiomicsComponents.extractor(config, threads);
        for (String w : config.warnings()) System.err.println("spinerad: warning: " + w);
        for (String w : extractor.warnings()) System.err.println("spinerad: warning: " + w);
        Volume img = volume == null ? VolumeIO.read(image) : VolumeIO.read(image, volume);
        LabelMap labelMap = VolumeIO.readLabelMap(mask);
        List<String> dataWarnings = NonFiniteVoxels.warnings(img, labelMap.volume(), labels, image.toString());
        for (String w : dataWarnings) System.err.println("spinerad: warning: " + w);
        var rows = RadiomicsTable.extract(extractor, img, labelMap.volume(), labels, labelMap.names(),
                image.toString(), mask.toString(), Progress.console("radiomics"));
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("image", image.toAbsolutePath().toString());
        inputs.put("mask", mask.toAbsolutePath().toString());
        inputs.put("labels", rows.stream().map(r -> r.get("Label")).toList());
        RadiomicsTable.toCsv(rows).write(out);
        RadiomicsTable.writeProvenance(out, config, inputs, dataWarnings);
        System.out.println("Wrote " + rows.size() + " row(s), " + rows.get(0).size() + " columns to " + out);
        return 0;
    }
}
