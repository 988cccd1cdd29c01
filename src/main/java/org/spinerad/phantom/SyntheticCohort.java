package org.spinerad.phantom;

import org.spinerad.io.VolumeIO;
import org.spinerad.phantom.SpinePhantom.MriSequence;
import org.spinerad.phantom.SpinePhantom.MriView;
import org.spinerad.phantom.SpinePhantom.PhantomImage;
import org.spinerad.util.Csv;
import org.spinerad.util.Progress;
import org.spinerad.util.SpineRadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A synthetic patient cohort: clinical table, per-patient phantom images and a binary outcome that is either planted
 * (logistic in low BMD, muscle fat and fused segments) or independent of everything ({@link Spec#nullOutcome}).
 * Patients' clinical values and phantom parameters come from one seeded stream and the outcome from another, so a
 * null cohort and a planted cohort with the same seed share patients and images and differ only in the outcome.
 */
public final class SyntheticCohort {
    private SyntheticCohort() {}

    public static final List<String> CLINICAL_COLUMNS =
            List.of("patient_id", "age", "sex", "BMI", "osteoporosis", "segments", "diagnosis", "center", "outcome");
    public static final List<String> TRUTH_COLUMNS = List.of("patient_id", "bmd_hu", "muscle_fat_fraction",
            "marrow_fat_fraction", "disc_height_mm", "disc_degeneration", "cortical_thickness_mm", "texture_contrast_hu",
            "noise_sd", "phantom_seed", "linear_predictor", "outcome_probability", "outcome");
    static final String[] DIAGNOSES = {"spinal_stenosis", "spondylolisthesis", "degenerative_disc_disease", "deformity"};
    static final String[] CENTERS = {"A", "B", "C"};
    /** CT noise SD per centre: scanners differ, a batch effect for harmonisation methods to remove. */
    static final double[] CENTER_NOISE = {12, 18, 25};

    /**
     * What to generate. The planted outcome is {@code logit p = intercept + wBmd * (150 - bmd_hu) / 40
     * + wFat * (muscle_fat_fraction - 0.12) / 0.06 + wSegments * (segments - 2)}; the null outcome has
     * {@code p = logistic(intercept)} for everyone.
     *
     * @param base grid, spacing and fixed parameters of every phantom (per-patient values replace the rest)
     */
    public record Spec(int n, long seed, boolean nullOutcome, boolean mri, PhantomParams base,
                       double intercept, double wBmd, double wFat, double wSegments) {
        public Spec {
            if (n < 1 || n > 100_000) throw new SpineRadException("cohort size must be 1..100000, got " + n);
        }

        public static Spec of(int n, long seed, boolean nullOutcome, boolean mri) {
            return new Spec(n, seed, nullOutcome, mri, PhantomParams.defaults(), -1.0, 1.2, 0.8, 0.4);
        }

        public Spec withBase(PhantomParams b) { return new Spec(n, seed, nullOutcome, mri, b, intercept, wBmd, wFat, wSegments); }
    }

    /** One synthetic patient: clinical values, the phantom's parameters and the outcome model's truth. */
    public record Patient(String id, double age, String sex, double bmi, int osteoporosis, int segments, String diagnosis,
                          String center, PhantomParams phantom, double linearPredictor, double probability, int outcome) {}

    /** What {@link #write} did. */
    public record Result(List<Patient> patients, int generated, int skipped) {}

    /** The cohort's patients (no images), deterministic in the spec. */
    public static List<Patient> patients(Spec spec) {
        SplittableRandom rng = new SplittableRandom(spec.seed());
        SplittableRandom outcomeRng = new SplittableRandom(spec.seed() ^ 0x5DEECE66DL);
        int width = Math.max(3, String.valueOf(spec.n()).length());
        List<Patient> out = new ArrayList<>(spec.n());
        for (int i = 0; i < spec.n(); i++) {
            double age = clamp(63 + 10 * rng.nextGaussian(), 35, 88);
            boolean female = rng.nextDouble() < 0.55;
            double bmi = clamp(27 + 4.5 * rng.nextGaussian(), 17, 45);
            double bmd = clamp(200 - 1.6 * (age - 50) - 20 * (female ? 1 : 0) + 28 * rng.nextGaussian(), 25, 320);
            double fat = clamp(0.06 + 0.003 * (age - 50) + 0.004 * (bmi - 27) + 0.02 * (female ? 1 : 0)
                    + 0.04 * rng.nextGaussian(), 0.01, 0.6);
            int osteoporosis = bmd + 15 * rng.nextGaussian() < 100 ? 1 : 0;
            int segments = 1 + pick(rng, 0.35, 0.35, 0.2, 0.1);
            String diagnosis = DIAGNOSES[pick(rng, 0.4, 0.3, 0.2, 0.1)];
            int center = pick(rng, 0.5, 0.3, 0.2);
            double discHeight = clamp(10 - 0.05 * (age - 50) + 1.5 * rng.nextGaussian(), 3.5, 14);
            double degeneration = clamp((10.5 - discHeight) / 6, 0, 1);
            double cortical = clamp(1.5 + 0.25 * rng.nextGaussian(), 0.8, 2.5);
            double texture = clamp(40 + 8 * rng.nextGaussian(), 10, 80);
            long phantomSeed = rng.nextLong();
            PhantomParams params = spec.base().toBuilder().seed(phantomSeed).bmdHu(bmd).muscleFatFraction(fat)
                    .discHeightMm(discHeight).discDegeneration(degeneration).corticalThicknessMm(cortical)
                    .textureContrastHu(texture).noiseSd(CENTER_NOISE[center]).build();
            double lp = spec.nullOutcome() ? spec.intercept()
                    : spec.intercept() + spec.wBmd() * (150 - bmd) / 40 + spec.wFat() * (fat - 0.12) / 0.06
                    + spec.wSegments() * (segments - 2);
            double prob = 1 / (1 + Math.exp(-lp));
            int outcome = outcomeRng.nextDouble() < prob ? 1 : 0;
            String id = String.format("P%0" + width + "d", i + 1);
            out.add(new Patient(id, round(age, 1), female ? "F" : "M", round(bmi, 1), osteoporosis, segments, diagnosis,
                    CENTERS[center], params, lp, prob, outcome));
        }
        return out;
    }

    /**
     * Writes the images of every patient ({@code <id>_ct.nii.gz} and {@code <id>_seg.nii.gz}; with MRI also axial
     * {@code <id>_t1.nii.gz}, {@code <id>_t2.nii.gz} and their labels {@code <id>_mr_seg.nii.gz}), then
     * {@code manifest.csv}, {@code clinical.csv} and {@code truth.csv}. Patients whose files are complete (marker
     * {@code .done/<id>} written after the last image) are skipped, so an interrupted run resumes.
     */
    public static Result write(Spec spec, Path outDir, int threads, Progress progress) {
        List<Patient> patients = patients(spec);
        Path doneDir = outDir.resolve(".done");
        try {
            Files.createDirectories(doneDir);
        } catch (IOException e) {
            throw new SpineRadException(outDir + ": cannot create the output folder (" + e.getMessage() + ")", e);
        }
        AtomicInteger finished = new AtomicInteger(), generated = new AtomicInteger();
        int total = patients.size();
        progress.update(0, total, "synthetic cohort");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, total)));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Patient pt : patients)
                futures.add(pool.submit(() -> {
                    if (!isComplete(outDir, pt, spec.mri())) {
                        writeImages(outDir, pt, spec.mri());
                        generated.incrementAndGet();
                    }
                    progress.update(finished.incrementAndGet(), total, pt.id());
                    return null;
                }));
            for (Future<?> f : futures) f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SpineRadException s) throw s;
            throw new SpineRadException(outDir + ": generating the cohort failed: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpineRadException(outDir + ": cohort generation interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        writeTables(outDir, patients, spec.mri());
        return new Result(patients, generated.get(), total - generated.get());
    }

    /** File names of a patient's images, in manifest column order: CT, CT_mask[, T1, T1_mask, T2, T2_mask]. */
    public static List<String> imageFiles(String id, boolean mri) {
        List<String> f = new ArrayList<>(List.of(id + "_ct.nii.gz", id + "_seg.nii.gz"));
        if (mri) f.addAll(List.of(id + "_t1.nii.gz", id + "_mr_seg.nii.gz", id + "_t2.nii.gz", id + "_mr_seg.nii.gz"));
        return f;
    }

    private static boolean isComplete(Path outDir, Patient pt, boolean mri) {
        if (!Files.isRegularFile(outDir.resolve(".done").resolve(pt.id()))) return false;
        for (String f : imageFiles(pt.id(), mri)) if (!Files.isRegularFile(outDir.resolve(f))) return false;
        return true;
    }

    private static void writeImages(Path outDir, Patient pt, boolean mri) throws IOException {
        Path marker = outDir.resolve(".done").resolve(pt.id());
        Files.deleteIfExists(marker);
        SpinePhantom ph = new SpinePhantom(pt.phantom());
        List<String> files = imageFiles(pt.id(), mri);
        PhantomImage ct = ph.ct();
        VolumeIO.write(ct.image(), outDir.resolve(files.get(0)));
        VolumeIO.writeLabelMap(ct.labels(), outDir.resolve(files.get(1)));
        if (mri) {
            PhantomImage t1 = ph.mri(MriSequence.T1, MriView.AXIAL);
            VolumeIO.write(t1.image(), outDir.resolve(files.get(2)));
            VolumeIO.writeLabelMap(t1.labels(), outDir.resolve(files.get(3)));
            VolumeIO.write(ph.mri(MriSequence.T2, MriView.AXIAL).image(), outDir.resolve(files.get(4)));
        }
        Files.writeString(marker, String.join("\n", files) + "\n");
    }

    private static void writeTables(Path outDir, List<Patient> patients, boolean mri) {
        List<String> manifestHeader = new ArrayList<>(List.of("patient_id", "CT", "CT_mask"));
        if (mri) manifestHeader.addAll(List.of("T1", "T1_mask", "T2", "T2_mask"));
        List<List<String>> manifest = new ArrayList<>(), clinical = new ArrayList<>(), truth = new ArrayList<>();
        for (Patient pt : patients) {
            List<String> m = new ArrayList<>(List.of(pt.id()));
            m.addAll(imageFiles(pt.id(), mri));
            manifest.add(m);
            clinical.add(List.of(pt.id(), Csv.num(pt.age()), pt.sex(), Csv.num(pt.bmi()), String.valueOf(pt.osteoporosis()),
                    String.valueOf(pt.segments()), pt.diagnosis(), pt.center(), String.valueOf(pt.outcome())));
            PhantomParams p = pt.phantom();
            truth.add(List.of(pt.id(), Csv.num(p.bmdHu()), Csv.num(p.muscleFatFraction()),
                    Csv.num(SpinePhantom.marrowFatFraction(p.bmdHu())), Csv.num(p.discHeightMm()), Csv.num(p.discDegeneration()),
                    Csv.num(p.corticalThicknessMm()), Csv.num(p.textureContrastHu()), Csv.num(p.noiseSd()),
                    Long.toString(p.seed()), Csv.num(pt.linearPredictor()), Csv.num(pt.probability()),
                    String.valueOf(pt.outcome())));
        }
        new Csv(manifestHeader, manifest).write(outDir.resolve("manifest.csv"));
        new Csv(CLINICAL_COLUMNS, clinical).write(outDir.resolve("clinical.csv"));
        new Csv(TRUTH_COLUMNS, truth).write(outDir.resolve("truth.csv"));
    }

    /** Index drawn from a categorical distribution whose probabilities sum to 1. */
    private static int pick(SplittableRandom rng, double... probs) {
        double u = rng.nextDouble(), c = 0;
        for (int i = 0; i < probs.length - 1; i++) if (u < (c += probs[i])) return i;
        return probs.length - 1;
    }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.rint(v * f) / f;
    }
}
