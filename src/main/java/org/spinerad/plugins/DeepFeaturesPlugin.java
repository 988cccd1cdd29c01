package org.spinerad.plugins;

import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
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
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addFileField("Manifest (CSV)", "");
        gd.addFileField("Output features (CSV)", "");
        gd.addFileField("Weights (optional .params)", "");
        gd.addChoice("Network without weights", new String[]{"studies", "cpuSmall"}, "studies");
        gd.addStringField("Sequences (comma-separated, empty = all)", "", 20);
        gd.addStringField("Structures (name=labels; ...)", "vertebra=1-5", 30);
        gd.addNumericField("Margin around ROI (mm)", org.spinerad.deep.VitPreprocessing.DEFAULT_MARGIN_MM, 1);
        gd.addNumericField("Seed (random initialisation)", 42, 0);
        gd.showDialog();
        if (gd.wasCanceled()) return;
        String manifest = gd.getNextString().trim(), out = gd.getNextString().trim(), weights = gd.getNextString().trim();
        String preset = gd.getNextChoice(), sequences = gd.getNextString().trim(), structures = gd.getNextString().trim();
        double margin = gd.getNextNumber();
        long seed = (long) gd.getNextNumber();
        try {
            if (manifest.isEmpty() || out.isEmpty()) throw new SpineRadException(TITLE + ": choose a manifest and an output file");
            DeepFeatureExport.Summary s = export(Path.of(manifest), Path.of(out), weights.isEmpty() ? null : Path.of(weights),
                    preset, sequences, structures, margin, seed);
            IJ.log(TITLE + ": " + s.written() + " patients written to " + out + (s.skipped() > 0 ? ", " + s.skipped() + " already there" : ""));
        } catch (SpineRadException e) {
            IJ.showProgress(1.0);
            IJ.log(TITLE + ": " + e.getMessage());
            if (!java.awt.GraphicsEnvironment.isHeadless()) IJ.error(TITLE, e.getMessage());
            if (ij.macro.Interpreter.getInstance() != null) Macro.abort();
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
                (done, total, message) -> {
                    IJ.showStatus(TITLE + ": " + message);
                    IJ.showProgress(done >= total ? 1.0 : (double) done / Math.max(1, total));
                });
    }
}
