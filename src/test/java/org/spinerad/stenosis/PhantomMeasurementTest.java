package org.spinerad.stenosis;

import org.junit.jupiter.api.Test;
import org.spinerad.image.SpineLabels;
import org.spinerad.stenosis.geometry.LevelPlane;
import org.spinerad.stenosis.geometry.Localizer;
import org.spinerad.stenosis.geometry.Vec;
import org.spinerad.stenosis.measure.DiscMeasurement;
import org.spinerad.stenosis.measure.PedicleMeasurement;
import org.spinerad.stenosis.measure.StenosisMeasurer;
import org.spinerad.stenosis.phantom.StenosisPhantom;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Measurements on tilted phantoms (0.4 mm voxels) against the planted analytic truth, across random stenosis
 * parameters: areas within 5 %, distances within 0.5 mm, recess angles within 6 degrees, planes perpendicular to the
 * canal within 3 degrees (the end levels of the segment, where the centreline is fitted from one side, are the worst).
 */
class PhantomMeasurementTest {
    static final int[] SEGMENT = {SpineLabels.L2, SpineLabels.L3, SpineLabels.L4, SpineLabels.L5, SpineLabels.S1};

    @Test
    void measurementsMatchPlantedTruth() {
        List<String> failures = new ArrayList<>();
        for (long seed : new long[]{1, 2, 3}) {
            StenosisPhantom ph = new StenosisPhantom(StenosisPhantom.random(seed, SEGMENT, 0.4, 0));
            var img = ph.render();
            var loc = Localizer.locate(img.labels(), "phantom " + seed);
            StenosisMeasurer m = new StenosisMeasurer(img.labels(), img.ct()); // the pedicle area from the CT densities
            assertSame(img.labels(), org.spinerad.stenosis.measure.CanalCompletion.complete(img.labels(), img.ct(), loc),
                    "a canal closed at every disc level is measured as labelled");
            for (DiscMeasurement t : ph.discTruth()) {
                LevelPlane plane = loc.plane(t.level());
                assertNotNull(plane, t.level() + " " + loc.skipped());
                String where = "seed " + seed + " " + t.level();
                double tilt = Math.toDegrees(Math.acos(Math.min(1, Vec.dot(plane.normal(), ph.canalAxis()))));
                if (tilt > 3) failures.add(where + " plane tilt " + tilt);
                DiscMeasurement d = m.disc(plane);
                area(failures, where + " CT canal area", d.ctCanalArea(), t.ctCanalArea());
                area(failures, where + " dural sac area", d.duralSacArea(), t.duralSacArea());
                distance(failures, where + " AP", d.apDiameter(), t.apDiameter());
                distance(failures, where + " interfacet", d.interfacet(), t.interfacet());
                distance(failures, where + " disc height", d.discHeight(), t.discHeight());
                distance(failures, where + " listhesis", d.listhesis(), t.listhesis());
                for (int side = 0; side < 2; side++) {
                    distance(failures, where + " recess depth " + side, d.recessDepth()[side], t.recessDepth()[side]);
                    if (!Double.isNaN(d.recessAngle()[side]) && Math.abs(d.recessAngle()[side] - t.recessAngle()[side]) > 6)
                        failures.add(where + " recess angle " + side + ": " + d.recessAngle()[side] + " vs " + t.recessAngle()[side]);
                }
            }
            for (PedicleMeasurement t : ph.pedicleTruth()) {
                PedicleMeasurement d = m.pedicle(m.pedicleLevel(loc.plane(t.level()))); // the arch is as wide over ±9 mm
                area(failures, "seed " + seed + " " + t.level() + " pedicle area", d.canalArea(), t.canalArea());
                distance(failures, "seed " + seed + " " + t.level() + " pedicle AP", d.apDiameter(), t.apDiameter());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /**
     * A coarse canal label that also covers the ligamentum flavum (as a segmentation without flavum would give), on a
     * noisy CT (SD 10 HU): the CT canal area comes from the densities, so the flavum (60 HU) drops out where it is not
     * against bone; its error is at most 0.4 of the label area's at every level.
     */
    @Test
    void ctCanalAreaLeavesOutTheFlavumThatTheLabelsInclude() {
        List<String> failures = new ArrayList<>();
        for (long seed : new long[]{1, 3}) {
            StenosisPhantom ph = new StenosisPhantom(StenosisPhantom.random(seed, SEGMENT, 0.4, 10));
            var img = ph.render();
            var v = img.labels().volume().copy();
            for (int i = 0; i < v.size(); i++)
                if (v.getInt(i) == SpineLabels.LIGAMENTUM_FLAVUM || v.getInt(i) == SpineLabels.DURAL_SAC || v.getInt(i) == SpineLabels.EPIDURAL_FAT)
                    v.set(i, SpineLabels.CANAL);
            var coarse = new org.spinerad.image.LabelMap(v, img.labels().names());
            var loc = Localizer.locate(coarse, "phantom " + seed);
            StenosisMeasurer ct = new StenosisMeasurer(coarse, img.ct()), labelsOnly = new StenosisMeasurer(coarse);
            for (DiscMeasurement t : ph.discTruth()) {
                LevelPlane plane = loc.plane(t.level());
                double fromCt = ct.disc(plane).ctCanalArea(), fromLabels = labelsOnly.disc(plane).ctCanalArea(), truth = t.ctCanalArea();
                System.out.printf("seed %d %s coarse label: CT %.1f, labels %.1f, truth %.1f mm2%n", seed, t.level(), fromCt, fromLabels, truth);
                if (!(Math.abs(fromCt - truth) <= 0.4 * Math.abs(fromLabels - truth)))
                    failures.add("seed " + seed + " " + t.level() + ": CT " + fromCt + ", labels " + fromLabels + ", truth " + truth);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    static void area(List<String> failures, String what, double measured, double truth) {
        System.out.printf("%s: %.2f vs %.2f mm2 (%.1f %%)%n", what, measured, truth, 100 * (measured - truth) / truth);
        if (!(Math.abs(measured - truth) <= 0.05 * truth)) failures.add(what + ": " + measured + " vs " + truth);
    }

    static void distance(List<String> failures, String what, double measured, double truth) {
        System.out.printf("%s: %.2f vs %.2f mm%n", what, measured, truth);
        if (!(Math.abs(measured - truth) <= 0.5)) failures.add(what + ": " + measured + " vs " + truth);
    }
}
