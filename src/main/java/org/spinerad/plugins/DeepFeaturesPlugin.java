package org.spinerad.plugins;

import ij.IJ;
import ij.plugin.PlugIn;
import org.spinerad.deep.DeepCohort;
import org.spinerad.deep.DeepFeatureExport;
import org.spinerad.deep.VitConfig;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plugins>SpineRad>Deep Learning>Deep Features (ViT-3D): the {@code spinerad deep features} batch export from a
 * cohort manifest, with its parameters in a GenericDialog so that the macro recorder records them.
 */
public final class DeepFeaturesPlugin implements PlugIn {
    static final String TITLE = "Deep Features (ViT-3D)";

    @Override
    public void run(String arg) {
        CommandSupport.run(TITLE, () -> {
            MacroParams p = new MacroParams(TITLE)
                    .addFile("manifest (CSV)", "")
                    .addFile("output features (CSV)", "")
                    .addFile("weights (optional .params)", "")
                    .addString("network without weights (studies or cpuSmall)", "studies")
                    .addString("sequences (comma-separated, empty = all)", "")
                    .addString("structures (name=labels; ...)", "vertebra=1-5")
                    .addString("margin around ROI (mm)", Double.toString(org.spinerad.deep.VitPreprocessing.DEFAULT_MARGIN_MM))
                    .addString("seed (random initialisation)", "42");
            if (!p.show()) return;
            String manifest = p.nextString(), out = p.nextString(), weights = p.nextString();
            String preset = p.nextString(), sequences = p.nextString(), structures = p.nextString();
            double margin = number(p.nextString(), "margin");
            long seed = (long) number(p.nextString(), "seed");
            if (manifest.isEmpty() || out.isEmpty()) throw new SpineRadException(TITLE + ": choose a manifest and an output file");
            DeepFeatureExport.Summary s = export(Path.of(manifest), Path.of(out), weights.isEmpty() ? null : Path.of(weights),
                    preset, sequences, structures, margin, seed);
            IJ.log(TITLE + ": " + s.written() + " patients written to " + out + (s.skipped() > 0 ? ", " + s.skipped() + " already there" : ""));
        });
    }

    private static double number(String s, String what) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new SpineRadException(TITLE + ": " + what + " must be a number, got '" + s + "'");
        }
    }

    /** The export with the dialog's values; sequences comma-separated, structures separated by ';'. */
    static DeepFeatureExport.Summary export(Path manifest, Path out, Path weights, String preset, String sequences,
                                            String structures, double marginMm, long seed) {
        List<String> seqs = new ArrayList<>();
        for (String s : sequences.split(",")) if (!s.isBlank()) seqs.add(s.trim());
        List<DeepCohort.Structure> structs = new ArrayList<>();
        for (String s : structures.split(";")) if (!s.isBlank()) structs.add(DeepCohort.Structure.parse(s.trim()));
        if (structs.isEmpty()) structs.add(DeepCohort.Structure.vertebra());
        return DeepFeatureExport.run(manifest, seqs, structs, weights, VitConfig.preset(preset), marginMm, seed, out,
                CommandSupport.progress(TITLE));
    }
}
