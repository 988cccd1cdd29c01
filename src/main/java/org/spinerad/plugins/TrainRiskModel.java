package org.spinerad.plugins;

import ij.IJ;
import ij.plugin.PlugIn;
import org.spinerad.predict.analysis.RiskAnalysis;
import org.spinerad.predict.workflow.RiskWorkflow;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Train Risk Model": the whole risk analysis from CSV tables into an output folder (tables, model.json, report).
 * Macro: {@code run("Train Risk Model", "clinical=/d/clinical.csv features=[Rad=/d/radiomics.csv] id=patient_id
 * outcome=outcome clinical_variables=age,sex learners=[] folds=10 seed=1 output=/d/run");}
 */
public class TrainRiskModel implements PlugIn {
    static final String COMMAND = "Train Risk Model";

    @Override
    public void run(String arg) {
        CommandSupport.run(COMMAND, () -> {
            String[] learnerNames = org.spinerad.predict.learners.Models.learners().stream().map(org.spinerad.predict.learners.Learner::name)
                    .toArray(String[]::new);
            MacroParams p = new MacroParams(COMMAND)
                    .addFile("clinical table (CSV)", "")
                    .addString("features (NAME=CSV;NAME=CSV)", "")
                    .addString("id column", "patient_id")
                    .addString("outcome column", "outcome")
                    .addString("clinical_variables (comma-separated)", "")
                    .addMultiChoice("learners (comma-separated, empty = all " + learnerNames.length + ")", learnerNames)
                    .addMessage("(the best learner by cross-validated AUC is kept)")
                    .addNumber("folds", 10, 2, 100, "cross-validation folds (default 10)")
                    .addNumber("seed", 1, 0, Integer.MAX_VALUE, "random seed (same seed, same model)")
                    .addDirectory("output folder", "");
            if (!p.show()) return;
            Path clinical = Path.of(p.nextString());
            Map<String, Path> features = parseFeatures(p.nextString());
            String id = p.nextString(), outcome = p.nextString();
            List<String> clinicalVars = MacroParams.split(p.nextString());
            List<String> learners = p.nextItems();
            int folds = (int) p.nextNumber();
            long seed = (long) p.nextNumber();
            Path out = Path.of(p.nextString());
            RiskAnalysis.Config d = RiskAnalysis.Config.defaults(seed);
            RiskAnalysis.Config c = new RiskAnalysis.Config(seed, folds, d.ratios(), null, null, d.validationFraction(),
                    learners.isEmpty() ? null : learners, d.clinicalAlpha(), clinicalVars);
            RiskAnalysis.Result r = RiskWorkflow.train(new RiskWorkflow.TrainRequest(clinical, id, outcome, features, clinicalVars, c,
                    false, 0, 1000, out), CommandSupport.progress(COMMAND));
            for (RiskAnalysis.Warning w : r.warnings()) IJ.log(COMMAND + ": warning: " + w.scope() + ": " + w.message());
            IJ.log(COMMAND + ": combined model (" + r.combined().bestLearner() + ") written to " + out.resolve("model.json"));
            IJ.showStatus(COMMAND + ": done");
            Path report = out.resolve("report.html");
            if (!java.awt.GraphicsEnvironment.isHeadless() && ij.Macro.getOptions() == null && java.nio.file.Files.exists(report))
                openReport(report);
        });
    }

    /** Opens a URL in the system browser; tests put a recorder here. */
    interface Browser { void open(String url) throws java.io.IOException; }

    static Browser browser = ij.plugin.BrowserLauncher::openURL;

    /** Shows the report in the system browser (interactive runs). */
    private static void openReport(Path report) {
        try {
            browser.open(report.toUri().toString());
        } catch (java.io.IOException e) {
            IJ.log(COMMAND + ": report written to " + report + " (no browser: " + e.getMessage() + ")");
        }
    }

    static Map<String, Path> parseFeatures(String spec) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (String part : spec.split(";")) {
            if (part.isBlank()) continue;
            int eq = part.indexOf('=');
            if (eq <= 0) throw new SpineRadException("features must be NAME=FILE.csv entries separated by ';', got '" + part + "'");
            m.put(part.substring(0, eq).trim(), Path.of(part.substring(eq + 1).trim()));
        }
        return m;
    }

    static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new SpineRadException(what + " must be an integer, got '" + s + "'");
        }
    }
}
