package org.spinerad.phantom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.cli.SpineRadCli;
import org.spinerad.image.SpineLabels;
import org.spinerad.io.VolumeIO;
import org.spinerad.phantom.SyntheticCohort.Patient;
import org.spinerad.phantom.SyntheticCohort.Spec;
import org.spinerad.testutil.Python;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.*;

class SyntheticCohortTest {

    /** The default field of view on a very coarse grid: a patient takes milliseconds. */
    private static final PhantomParams TINY = PhantomParams.builder().grid(32, 28, 24).spacing(6, 6, 8).mriSpacing(6, 8).build();

    private static double[] column(List<Patient> ps, ToDoubleFunction<Patient> f) {
        return ps.stream().mapToDouble(f).toArray();
    }

    private static double correlation(double[] a, double[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) { ma += a[i]; mb += b[i]; }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Welch t statistic of a variable between outcome 1 and outcome 0. */
    private static double welchT(double[] x, double[] outcome) {
        double[] s = new double[2], s2 = new double[2], n = new double[2];
        for (int i = 0; i < x.length; i++) {
            int g = (int) outcome[i];
            s[g] += x[i];
            s2[g] += x[i] * x[i];
            n[g]++;
        }
        double m0 = s[0] / n[0], m1 = s[1] / n[1];
        double v0 = (s2[0] - n[0] * m0 * m0) / (n[0] - 1), v1 = (s2[1] - n[1] * m1 * m1) / (n[1] - 1);
        return (m1 - m0) / Math.sqrt(v0 / n[0] + v1 / n[1]);
    }

    @Test
    void plantedOutcomeDependsOnLowBmdAndMuscleFat() {
        List<Patient> ps = SyntheticCohort.patients(Spec.of(200, 2024, false, false));
        double[] y = column(ps, p -> p.outcome());
        double prevalence = java.util.Arrays.stream(y).average().orElseThrow();
        assertTrue(prevalence > 0.2 && prevalence < 0.6, "prevalence " + prevalence);
        assertTrue(welchT(column(ps, p -> p.phantom().bmdHu()), y) < -3, "events have lower BMD");
        assertTrue(welchT(column(ps, p -> p.phantom().muscleFatFraction()), y) > 2, "events have fattier muscles");
        // the recorded probability is the logistic of the documented linear predictor
        for (Patient p : ps) {
            double lp = -1.0 + 1.2 * (150 - p.phantom().bmdHu()) / 40 + 0.8 * (p.phantom().muscleFatFraction() - 0.12) / 0.06
                    + 0.4 * (p.segments() - 2);
            assertEquals(1 / (1 + Math.exp(-lp)), p.probability(), 1e-12);
        }
        // the planted variables behave clinically: BMD falls with age, osteoporosis flags low BMD
        assertTrue(correlation(column(ps, Patient::age), column(ps, p -> p.phantom().bmdHu())) < -0.3);
        assertTrue(welchT(column(ps, p -> p.phantom().bmdHu()), column(ps, Patient::osteoporosis)) < -5);
    }

    @Test
    void nullOutcomeIsIndependentOfEveryVariable() {
        List<Patient> ps = SyntheticCohort.patients(Spec.of(200, 2024, true, false));
        List<Patient> planted = SyntheticCohort.patients(Spec.of(200, 2024, false, false));
        double[] y = column(ps, p -> p.outcome());
        List<ToDoubleFunction<Patient>> vars = List.of(p -> p.phantom().bmdHu(), p -> p.phantom().muscleFatFraction(),
                p -> p.phantom().discHeightMm(), p -> p.phantom().noiseSd(), Patient::age, Patient::bmi,
                Patient::segments, Patient::osteoporosis);
        for (ToDoubleFunction<Patient> v : vars) assertTrue(Math.abs(correlation(column(ps, v), y)) < 0.2);
        assertEquals(1 / (1 + Math.exp(1.0)), java.util.Arrays.stream(y).average().orElseThrow(), 0.08);
        for (int i = 0; i < ps.size(); i++) assertEquals(planted.get(i).phantom(), ps.get(i).phantom(), "same patients");
    }

    @Test
    void writesImagesTablesAndResumes(@TempDir Path dir) throws Exception {
        Spec spec = Spec.of(3, 5, false, true).withBase(TINY);
        SyntheticCohort.Result r = SyntheticCohort.write(spec, dir, 2, Progress.NONE);
        assertEquals(3, r.generated());
        Csv manifest = Csv.read(dir.resolve("manifest.csv"));
        assertEquals(List.of("patient_id", "CT", "CT_mask", "T1", "T1_mask", "T2", "T2_mask"), manifest.header());
        assertEquals(3, manifest.rowCount());
        for (int row = 0; row < 3; row++)
            for (int c = 1; c < manifest.header().size(); c++)
                assertTrue(Files.isRegularFile(dir.resolve(manifest.cell(row, c))), manifest.cell(row, c));
        assertEquals(SyntheticCohort.CLINICAL_COLUMNS, Csv.read(dir.resolve("clinical.csv")).header());
        Csv truth = Csv.read(dir.resolve("truth.csv"));
        assertEquals(r.patients().get(1).phantom().bmdHu(), Csv.parseNum(truth.cell(1, truth.column("bmd_hu")), "truth"));

        // images read back equal a fresh phantom with the recorded parameters
        Patient p0 = r.patients().get(0);
        SpinePhantom.PhantomImage ct = new SpinePhantom(p0.phantom()).ct();
        assertArrayEquals((short[]) ct.image().array(), (short[]) VolumeIO.read(dir.resolve("P001_ct.nii.gz")).array());
        var seg = VolumeIO.readLabelMap(dir.resolve("P001_seg.nii.gz"));
        assertEquals("psoas_L", seg.name(SpineLabels.PSOAS_L));
        assertEquals(ct.labels().count(SpineLabels.L3), seg.count(SpineLabels.L3));

        // resume: nothing to do; then a lost file is regenerated and only its patient
        Path kept = dir.resolve("P001_ct.nii.gz");
        FileTime before = Files.getLastModifiedTime(kept);
        SyntheticCohort.Result again = SyntheticCohort.write(spec, dir, 2, Progress.NONE);
        assertEquals(0, again.generated());
        assertEquals(3, again.skipped());
        Files.delete(dir.resolve("P002_t2.nii.gz"));
        SyntheticCohort.Result third = SyntheticCohort.write(spec, dir, 2, Progress.NONE);
        assertEquals(1, third.generated());
        assertTrue(Files.isRegularFile(dir.resolve("P002_t2.nii.gz")));
        assertEquals(before, Files.getLastModifiedTime(kept));
    }

    @Test
    void phantomCliWritesNiftiWithLeftMusclesOnThePatientsLeftInNibabel(@TempDir Path dir) {
        assertEquals(0, SpineRadCli.execute("phantom", "--out", dir.toString(), "--seed", "3", "--bmd", "120"));
        // nibabel's RAS+ world: the patient's left is -x
        String out = Python.run("""
                import sys, numpy as np, nibabel as nib
                seg = nib.load(sys.argv[1]); ct = nib.load(sys.argv[2])
                lab = np.asarray(seg.dataobj); hu = np.asarray(ct.dataobj)
                assert np.allclose(seg.affine, ct.affine)
                def cx(l):
                    ijk = np.argwhere(lab == l).mean(axis=0)
                    return (seg.affine @ np.append(ijk, 1))[:3]
                print(cx(21)[0], cx(22)[0], cx(1)[2], cx(5)[2], hu[lab == 3].mean())
                """, dir.resolve("phantom_seg.nii.gz").toString(), dir.resolve("phantom_ct.nii.gz").toString());
        String[] v = out.trim().split("\\s+");
        assertTrue(Double.parseDouble(v[0]) < -10, "psoas_L at RAS x < 0: " + out);
        assertTrue(Double.parseDouble(v[1]) > 10, "psoas_R at RAS x > 0: " + out);
        assertTrue(Double.parseDouble(v[2]) > Double.parseDouble(v[3]) + 80, "L1 above L5: " + out);
        // L3 = cortical shell + trabecular interior around --bmd 120
        double l3 = Double.parseDouble(v[4]);
        assertTrue(l3 > 120 && l3 < 300, "L3 mean HU " + l3);
        assertEquals(2, SpineRadCli.execute("cohort", "--out", dir.toString(), "--n", "0"));
    }
}
