package org.spinerad.cli;

import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.stenosis.learn.GradesTable;
import org.spinerad.stenosis.learn.MeasurementGrader;
import org.spinerad.stenosis.learn.StenosisTraining;
import org.spinerad.stenosis.learn.cnn.CnnGrader;
import org.spinerad.stenosis.learn.cnn.CnnTraining;
import org.spinerad.stenosis.measure.StenosisAnalysis;
import org.spinerad.stenosis.phantom.StenosisCohort;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code spinerad stenosis cohort|train|grade}: phantom cohorts, training and applying the stenosis grader. */
final class StenosisLearnCommands {
    private StenosisLearnCommands() {}

    @Command(name = "cohort", mixinStandardHelpOptions = true,
            description = "Write a stenosis phantom cohort: CT + label map per patient, manifest.csv, grades.csv (per rater) and truth.csv.")
    static final class Cohort implements Callable<Integer> {
        @Option(names = "--out", required = true) Path out;
        @Option(names = "--n", defaultValue = "10", description = "Patients (default ${DEFAULT-VALUE}).") int n;
        @Option(names = "--seed", defaultValue = "1") long seed;
        @Option(names = "--spacing", defaultValue = "1.0", description = "Voxel size mm (default ${DEFAULT-VALUE}).") double spacing;
        @Option(names = "--noise", defaultValue = "15", description = "CT noise SD HU (default ${DEFAULT-VALUE}).") double noise;
        @Option(names = "--raters", defaultValue = "2") int raters;
        @Option(names = "--rater-noise", defaultValue = "0.1", description = "Probability that a rater's grade is one step off (default ${DEFAULT-VALUE}).") double raterNoise;
        @Option(names = "--thresholds") Path thresholds;

        @Override
        public Integer call() {
            int[] segment = {SpineLabels.L2, SpineLabels.L3, SpineLabels.L4, SpineLabels.L5, SpineLabels.S1};
            var patients = StenosisCohort.patients(n, seed, segment, spacing, noise, StenosisCommand.thresholds(thresholds));
            StenosisCohort.write(patients, StenosisCohort.raterGrades(patients, raters, raterNoise, seed + 1), out);
            System.out.println("Wrote " + n + " stenosis phantoms to " + out);
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Train the measurement grader (ordinal random forest) from a measurement table (output of 'stenosis batch')",
                    "and a grades table (patient_id, level, side, grade, rater); patient-level k-fold CV; writes grader.json,",
                    "cv_predictions.csv and report.html into --out."})
    static final class Train implements Callable<Integer> {
        @Option(names = "--measurements", required = true) Path measurements;
        @Option(names = "--grades", required = true) Path grades;
        @Option(names = "--out", required = true) Path out;
        @Option(names = "--rater", description = "Train on this rater's grades (default: the median over raters).") String rater;
        @Option(names = "--folds", defaultValue = "5") int folds;
        @Option(names = "--seed", defaultValue = "1") long seed;

        @Override
        public Integer call() {
            Csv m = Csv.read(measurements);
            List<Map<String, String>> rows = new ArrayList<>();
            for (int i = 0; i < m.rowCount(); i++) rows.add(m.rowMap(i));
            var r = StenosisTraining.run(rows, measurements.toString(), GradesTable.read(grades), rater, folds, seed, 2);
            r.model().write(out.resolve("grader.json"));
            r.cv().writePredictions(out.resolve("cv_predictions.csv"));
            r.cv().writeReport(out.resolve("report.html"));
            r.cv().evaluations().forEach((k, v) -> System.out.printf(java.util.Locale.ROOT, "%s: accuracy %.3f, quadratic kappa %.3f, binary AUC %.3f%n",
                    k, v.accuracy(), v.kappaQuadratic(), v.auc()));
            System.out.println("Wrote " + out.resolve("grader.json"));
            return 0;
        }
    }

    @Command(name = "train-cnn", mixinStandardHelpOptions = true,
            description = {"Train the ROI + CNN grader (DJL, 2.5D crops of the central canal and both recesses placed from the localisation,",
                    "class-weighted cross-entropy) from a manifest (patient_id, ct, labels) and a grades table; writes manifest.json,",
                    "central.params and recess.params into --out; with --folds K first a patient-level K-fold cross-validation (report.html, cv_predictions.csv)."})
    static final class TrainCnn implements Callable<Integer> {
        @Option(names = "--manifest", required = true) Path manifest;
        @Option(names = "--grades", required = true) Path grades;
        @Option(names = "--out", required = true) Path out;
        @Option(names = "--rater", description = "Train on this rater's grades (default: the median over raters).") String rater;
        @Option(names = "--epochs", defaultValue = "100") int epochs;
        @Option(names = "--seed", defaultValue = "1") long seed;
        @Option(names = "--folds", defaultValue = "0", description = "Also a patient-level k-fold cross-validation (k >= 2): report.html and cv_predictions.csv.") int folds;

        @Override
        public Integer call() {
            Csv m = Csv.read(manifest);
            int id = m.requireColumn("patient_id", manifest.toString()), ctCol = m.requireColumn("ct", manifest.toString()),
                    labCol = m.requireColumn("labels", manifest.toString());
            Path base = manifest.toAbsolutePath().getParent();
            Map<String, float[]> crops = new LinkedHashMap<>();
            Progress progress = Progress.console("stenosis train-cnn");
            for (int i = 0; i < m.rowCount(); i++) {
                String patient = m.cell(i, id).trim();
                progress.update(i, m.rowCount(), "cropping " + patient);
                Path ctFile = base.resolve(m.cell(i, ctCol).trim()), labFile = base.resolve(m.cell(i, labCol).trim());
                CnnTraining.crops(VolumeIO.read(ctFile), VolumeIO.readLabelMap(labFile), labFile.toString())
                        .forEach((k, v) -> crops.put(patient + "|" + k, v));
            }
            GradesTable table = GradesTable.read(grades);
            if (folds != 0) {
                progress.update(m.rowCount(), m.rowCount(), folds + "-fold cross-validation");
                var cv = CnnTraining.crossValidate(crops, table, rater, folds, epochs, seed, 2);
                cv.writePredictions(out.resolve("cv_predictions.csv"));
                cv.writeReport(out.resolve("report.html"));
                cv.evaluations().forEach((k, v) -> System.out.printf(java.util.Locale.ROOT, "%s: accuracy %.3f, quadratic kappa %.3f, binary AUC %.3f%n",
                        k, v.accuracy(), v.kappaQuadratic(), v.auc()));
            }
            progress.update(m.rowCount(), m.rowCount(), "training");
            CnnTraining.train(crops, table, rater, epochs, seed, out);
            System.out.println("Wrote " + out.resolve(CnnGrader.FILE));
            return 0;
        }
    }

    @Command(name = "grade", mixinStandardHelpOptions = true,
            description = "Grade Stenosis: measure a CT + label map and grade each disc level with a trained grader (adds model_grade).")
    static final class Grade implements Callable<Integer> {
        @Option(names = "--ct", required = true) Path ct;
        @Option(names = "--labels", required = true) Path labels;
        @Option(names = "--model", required = true, description = "grader.json from 'stenosis train'.") Path model;
        @Option(names = "--cnn", description = "Also the CNN grader folder from 'stenosis train-cnn' (adds cnn_grade).") Path cnn;
        @Option(names = "--out", required = true) Path out;
        @Option(names = "--thresholds") Path thresholds;

        @Override
        public Integer call() {
            MeasurementGrader g = MeasurementGrader.read(model);
            Volume image = VolumeIO.read(ct);
            LabelMap map = VolumeIO.readLabelMap(labels);
            var r = StenosisAnalysis.run(image, ct.toString(), map, labels.toString(), StenosisCommand.thresholds(thresholds), List.of(),
                    Progress.console("stenosis grade"));
            List<String> columns = new ArrayList<>(StenosisAnalysis.COLUMNS);
            columns.add("model_grade");
            Map<String, Integer> cnnGrades = cnn == null ? Map.of() : CnnTraining.grade(image, map, cnn, labels.toString());
            if (cnn != null) columns.add("cnn_grade");
            List<Map<String, String>> rows = new ArrayList<>();
            for (var row : r.rows()) {
                Map<String, String> withModel = new LinkedHashMap<>(row);
                withModel.put("model_grade", g.gradeRow(row));
                Integer c = cnnGrades.get(row.get("level") + "|" + row.get("side"));
                withModel.put("cnn_grade", c == null ? "" : String.valueOf(c));
                rows.add(withModel);
            }
            StenosisCommand.writeRows(rows, columns, out);
            System.out.println("Graded " + r.discs().size() + " disc levels; table: " + out);
            return 0;
        }
    }
}
