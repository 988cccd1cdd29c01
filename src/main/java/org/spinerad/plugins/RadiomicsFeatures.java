package org.spinerad.plugins;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.radiomics.NonFiniteVoxels;
import org.spinerad.radiomics.ParameterFile;
import org.spinerad.radiomics.RadiomicsComponents;
import org.spinerad.radiomics.RadiomicsExtractor;
import org.spinerad.radiomics.RadiomicsSettings;
import org.spinerad.radiomics.RadiomicsTable;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Radiomics Features": PyRadiomics-compatible features of an image and a mask (open images by title, or files),
 * one row per label in the ResultsTable "Radiomics Features", optionally saved as CSV (with provenance sidecar).
 * Settings come from a parameter file or from the dialog (bin width, LoG sigmas, image types, feature classes).
 * Macro: {@code run("Radiomics Features", "image=ct.nii.gz mask=seg.nii.gz labels=20,21 parameters=[] bin_width=25
 * log_sigmas=1,3 image_types=Original,LoG,Wavelet families=firstorder,glcm output=/out/features.csv");}
 */
public class RadiomicsFeatures implements PlugIn {
    static final String COMMAND = "Radiomics Features";
    private static volatile ResultsTable last;

    @Override
    public void run(String arg) {
        CommandSupport.run(COMMAND, () -> {
            MacroParams p = new MacroParams(COMMAND)
                    .addImageOrFile("Image (title or file)", currentTitle())
                    .addImageOrFile("Mask (title or file)", maskTitle())
                    .addString("Labels (e.g. 20,21; empty: all)", "")
                    .addFile("Parameters (PyRadiomics YAML/JSON; empty: settings below)", "")
                    .addString("Bin_width", "25")
                    .addString("LoG_sigmas (mm, e.g. 1,3,5)", "")
                    .addString("Image_types (Original, LoG, Wavelet)", "Original")
                    .addString("Families", String.join(",", ParameterFile.DEFAULT_FEATURE_CLASSES))
                    .addFile("Output CSV (optional)", "");
            if (!p.show()) return;
            String image = p.nextImageOrFile(), mask = p.nextImageOrFile(), labels = p.nextString(), params = p.nextString();
            String binWidth = p.nextString(), sigmas = p.nextString(), types = p.nextString(), families = p.nextString();
            String output = p.nextString();
            ParameterFile config = params.isEmpty() ? dialogConfig(binWidth, sigmas, types, families) : ParameterFile.read(Path.of(params));
            Volume img = volume(image);
            LabelMap labelMap = labelMap(mask);
            RadiomicsExtractor extractor = RadiomicsComponents.extractor(config, Runtime.getRuntime().availableProcessors());
            List<String> dataWarnings = NonFiniteVoxels.warnings(img, labelMap.volume(), parseLabels(labels), image);
            for (String w : dataWarnings) IJ.log("SpineRad warning: " + w);
            var rows = RadiomicsTable.extract(extractor, img, labelMap.volume(), parseLabels(labels), labelMap.names(),
                    image, mask, CommandSupport.progress(COMMAND));
            ResultsTable rt = toResultsTable(rows);
            last = rt;
            if (!output.isEmpty()) {
                RadiomicsTable.toCsv(rows).write(Path.of(output));
                RadiomicsTable.writeProvenance(Path.of(output), config, Map.of("image", image, "mask", mask), dataWarnings);
            }
            if (!java.awt.GraphicsEnvironment.isHeadless()) rt.show(COMMAND);
        });
    }

    /** The table of the last run (also shown as window "Radiomics Features" when there is a display). */
    public static ResultsTable lastTable() { return last; }

    static void clearLastTable() { last = null; }

    private static String currentTitle() {
        ImagePlus imp = WindowManager.getCurrentImage();
        return imp == null ? "" : imp.getTitle();
    }

    /** The current image's label map when it has one (the mask one usually wants), else empty. */
    private static String maskTitle() {
        ImagePlus imp = WindowManager.getCurrentImage();
        ImagePlus labels = imp == null ? null : LabelSession.companionOf(imp);
        return labels == null ? "" : labels.getTitle();
    }

    /** Dialog settings as a configuration: bin width, LoG sigmas, image types, feature classes. */
    static ParameterFile dialogConfig(String binWidth, String sigmas, String types, String families) {
        RadiomicsSettings s = new RadiomicsSettings();
        try {
            s.binWidth = Double.parseDouble(binWidth);
        } catch (NumberFormatException e) {
            throw new SpineRadException("bin width '" + binWidth + "' is not a number");
        }
        List<Double> sigmaList = new ArrayList<>();
        for (String t : split(sigmas)) {
            try {
                sigmaList.add(Double.parseDouble(t));
            } catch (NumberFormatException e) {
                throw new SpineRadException("LoG sigma '" + t + "' is not a number");
            }
        }
        LinkedHashMap<String, Map<String, Object>> imageTypes = new LinkedHashMap<>();
        for (String t : split(types)) {
            String type = ParameterFile.IMAGE_TYPES.stream().filter(k -> k.equalsIgnoreCase(t)).findFirst()
                    .orElseThrow(() -> new SpineRadException("unknown image type '" + t + "' (known: " + ParameterFile.IMAGE_TYPES + ")"));
            imageTypes.put(type, type.equals("LoG") ? Map.of("sigma", sigmaList) : Map.of());
        }
        if (!sigmaList.isEmpty()) imageTypes.putIfAbsent("LoG", Map.of("sigma", sigmaList));
        if (imageTypes.containsKey("LoG") && sigmaList.isEmpty()) throw new SpineRadException("LoG needs sigmas (e.g. 1,3,5)");
        if (imageTypes.isEmpty()) imageTypes.put("Original", Map.of());
        LinkedHashMap<String, List<String>> classes = new LinkedHashMap<>();
        for (String f : split(families)) {
            if (!ParameterFile.FEATURE_CLASSES.contains(f))
                throw new SpineRadException("unknown feature family '" + f + "' (known: " + ParameterFile.FEATURE_CLASSES + ")");
            classes.put(f, List.of());
        }
        if (classes.isEmpty()) throw new SpineRadException("no feature family chosen");
        return ParameterFile.defaults().withSettings(s).withImageTypes(imageTypes).withFeatureClasses(classes);
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String t : s.split("[,;\\s]+")) if (!t.isBlank()) out.add(t.trim());
        return out;
    }

    static List<Integer> parseLabels(String s) {
        List<Integer> out = new ArrayList<>();
        for (String t : split(s)) {
            try {
                out.add(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                throw new SpineRadException("label '" + t + "' is not a whole number");
            }
        }
        return out;
    }

    /** An open image with this title, else a file. */
    static Volume volume(String ref) {
        ImagePlus imp = ref.isEmpty() ? null : WindowManager.getImage(ref);
        if (imp != null) return ImagePlusAdapter.toVolume(imp);
        return VolumeIO.read(file(ref));
    }

    static LabelMap labelMap(String ref) {
        ImagePlus imp = ref.isEmpty() ? null : WindowManager.getImage(ref);
        if (imp != null) return ImagePlusAdapter.toLabelMap(imp);
        return VolumeIO.readLabelMap(file(ref));
    }

    private static Path file(String ref) {
        if (ref.isEmpty()) throw new SpineRadException("no image or mask given (an open image's title or a file)");
        Path p = Path.of(ref);
        if (!Files.exists(p)) throw new SpineRadException("'" + ref + "' is neither an open image nor an existing file");
        return p;
    }

    /** Rows as a ResultsTable: numbers as values, text (diagnostics, names) as strings. */
    static ResultsTable toResultsTable(List<? extends Map<String, Object>> rows) {
        ResultsTable rt = new ResultsTable();
        rt.setPrecision(-9);
        for (var row : rows) {
            rt.incrementCounter();
            for (var e : row.entrySet()) {
                if (e.getValue() instanceof Number n) rt.addValue(e.getKey(), n.doubleValue());
                else rt.addValue(e.getKey(), RadiomicsTable.format(e.getValue()));
            }
        }
        return rt;
    }
}
