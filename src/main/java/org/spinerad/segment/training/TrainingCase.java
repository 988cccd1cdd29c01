package org.spinerad.segment.training;

import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.phantom.PhantomParams;
import org.spinerad.phantom.SpinePhantom;
import org.spinerad.phantom.SyntheticCohort;
import org.spinerad.util.Csv;
import org.spinerad.util.SpineRadException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One image + label map pair for training, loaded on demand (the trainer keeps only the resampled arrays, so a
 * cohort of full-resolution CTs need not fit in memory at once).
 */
public record TrainingCase(String id, Supplier<Pair> loader) {

    /** An image and its label map. */
    public record Pair(Volume image, LabelMap labels) {}

    /** Cases from a manifest CSV with image and mask columns (paths relative to the CSV's folder). */
    public static List<TrainingCase> fromManifest(Path csv, String imageColumn, String maskColumn) {
        Csv table = Csv.read(csv);
        int ic = table.requireColumn(imageColumn, csv.toString()), mc = table.requireColumn(maskColumn, csv.toString());
        int idc = table.column("patient_id");
        Path base = csv.toAbsolutePath().getParent();
        List<TrainingCase> out = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            String img = table.cell(r, ic), mask = table.cell(r, mc);
            if (img == null || img.isBlank() || mask == null || mask.isBlank())
                throw new SpineRadException(csv + ": row " + (r + 2) + " lacks the " + imageColumn + " or " + maskColumn + " path");
            Path ip = base.resolve(img), mp = base.resolve(mask);
            for (Path p : new Path[]{ip, mp})
                if (!Files.isRegularFile(p)) throw new SpineRadException(csv + ": row " + (r + 2) + ": file not found: " + p);
            String id = idc >= 0 ? table.cell(r, idc) : VolumeIO.baseName(ip);
            out.add(new TrainingCase(id, () -> new Pair(VolumeIO.read(ip), VolumeIO.readLabelMap(mp))));
        }
        if (out.isEmpty()) throw new SpineRadException(csv + ": the manifest lists no cases");
        return out;
    }

    /**
     * Synthetic CT phantoms with cohort-like variation (BMD, disc height, cortical thickness, texture, noise from
     * {@link SyntheticCohort#patients}) on the default phantom field of view at an isotropic spacing.
     */
    public static List<TrainingCase> phantoms(int n, long seed, double spacingMm) {
        return phantoms(n, seed, spacingMm, false);
    }

    /**
     * As {@link #phantoms(int, long, double)}; with {@code mixed}, every second phantom keeps the default 1.5 x 1.5 x
     * 2 mm grid (as the sample cohort), so training also sees images resampled to the model spacing.
     */
    public static List<TrainingCase> phantoms(int n, long seed, double spacingMm, boolean mixed) {
        return phantoms(n, seed, spacingMm, mixed, phantom -> {
            SpinePhantom.PhantomImage ct = phantom.ct();
            return new Pair(ct.image(), ct.labels());
        });
    }

    /** As {@link #phantoms(int, long, double, boolean)} with the image and labels made by {@code toPair}. */
    public static List<TrainingCase> phantoms(int n, long seed, double spacingMm, boolean mixed,
                                              java.util.function.Function<SpinePhantom, Pair> toPair) {
        PhantomParams d = PhantomParams.defaults();
        PhantomParams coarse = d.toBuilder().spacing(spacingMm, spacingMm, spacingMm)
                .grid((int) Math.round(d.nx() * d.sx() / spacingMm), (int) Math.round(d.ny() * d.sy() / spacingMm),
                        (int) Math.round(d.nz() * d.sz() / spacingMm)).build();
        List<TrainingCase> out = new ArrayList<>();
        List<SyntheticCohort.Patient> patients = SyntheticCohort.patients(SyntheticCohort.Spec.of(n, seed, false, false).withBase(coarse));
        for (int i = 0; i < patients.size(); i++) {
            SyntheticCohort.Patient p = patients.get(i);
            boolean defaultGrid = mixed && i % 2 == 1;
            PhantomParams params = defaultGrid ? p.phantom().toBuilder().grid(d.nx(), d.ny(), d.nz()).spacing(d.sx(), d.sy(), d.sz()).build()
                    : p.phantom();
            SpinePhantom phantom = new SpinePhantom(params);
            out.add(new TrainingCase("phantom-" + seed + "-" + p.id() + (defaultGrid ? "-default-grid" : ""), () -> toPair.apply(phantom)));
        }
        return out;
    }
}
