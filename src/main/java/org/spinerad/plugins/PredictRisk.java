package org.spinerad.plugins;

import ij.IJ;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import org.spinerad.predict.analysis.RiskModel;
import org.spinerad.predict.workflow.RiskWorkflow;

import java.nio.file.Path;
import java.util.List;

/**
 * "Predict Risk": applies a saved risk model (model.json) to new patients' feature rows and clinical values; one
 * Results-table row per patient (probability, risk class, contributing features), optionally saved as CSV.
 * Macro: {@code run("Predict Risk", "model=/d/run/model.json features=/d/new_radiomics.csv clinical=/d/new_clinical.csv
 * id=patient_id output=/d/predictions.csv");}
 */
public class PredictRisk implements PlugIn {
    static final String COMMAND = "Predict Risk";

    @Override
    public void run(String arg) {
        CommandSupport.run(COMMAND, () -> {
            MacroParams p = new MacroParams(COMMAND)
                    .addFile("model file (model.json)", "")
                    .addFileList("features (CSV files separated by ';')", "")
                    .addFile("clinical table (CSV, optional)", "")
                    .addString("id column", "patient_id")
                    .addFile("output CSV (optional)", "");
            if (!p.show()) return;
            Path model = Path.of(p.nextString());
            List<Path> features = MacroParams.split(p.nextString().replace(';', ',')).stream().map(Path::of).toList();
            String clinical = p.nextString();
            String id = p.nextString();
            String out = p.nextString();
            List<RiskModel.Prediction> preds = RiskWorkflow.apply(model, features, clinical.isEmpty() ? null : Path.of(clinical), id,
                    out.isEmpty() ? null : Path.of(out));
            double threshold = RiskModel.load(model).threshold();
            ResultsTable rt = ResultsTable.getResultsTable();
            rt.reset();
            for (RiskModel.Prediction pr : preds) {
                rt.incrementCounter();
                rt.addValue("Patient", pr.id());
                rt.addValue("Probability", pr.probability());
                rt.addValue("Threshold", threshold);
                rt.addValue("RiskClass", pr.riskClass() == 1 ? "high" : "low");
                pr.contributions().forEach(rt::addValue);
            }
            if (!java.awt.GraphicsEnvironment.isHeadless()) rt.show("Results");
            IJ.log(COMMAND + ": " + preds.size() + " patient(s) scored with " + model + "; risk class high when probability >= threshold "
                    + String.format(java.util.Locale.ROOT, "%.3f", threshold));
        });
    }
}
