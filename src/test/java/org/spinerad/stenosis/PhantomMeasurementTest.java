package org.spinerad.stenosis;

import org.junit.jupiter.api.Test;
import org.spinerad.image.SpineLabels;
import org.spinerad.stenosis.geometry.LevelPlane;
import org.spinerad.stenosis.geometry.Localizer;
import org.spinerad.stenosis.measure.DiscMeasurement;
import org.spinerad.stenosis.measure.PedicleMeasurement;
import org.spinerad.stenosis.measure.StenosisMeasurer;
import org.spinerad.stenosis.phantom.StenosisPhantom;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Measurements on phantoms against the planted (analytic) truth, across the parameter range. */
class PhantomMeasurementTest {
    static final int[] SEGMENT = {SpineLabels.L2, SpineLabels.L3, SpineLabels.L4, SpineLabels.L5, SpineLabels.S1};

    @Test
    void measurementsMatchPlantedTruth() {
        for (long seed = 2; seed <= 2; seed += 10) {
            StenosisPhantom ph = new StenosisPhantom(StenosisPhantom.random(seed, SEGMENT, 0.4, 0));
            var img = ph.render();
            var loc = Localizer.locate(img.labels(), "phantom " + seed);
            StenosisMeasurer m = new StenosisMeasurer(img.labels());
            for (DiscMeasurement t : ph.discTruth()) {
                LevelPlane plane = loc.plane(t.level());
                assertNotNull(plane, t.level() + " " + loc.skipped());
                DiscMeasurement d = m.disc(plane);
                System.out.printf("tilt %.2f deg%n", Math.toDegrees(Math.acos(org.spinerad.stenosis.geometry.Vec.dot(plane.normal(), ph.canalAxis()))));
                System.out.printf("seed %d %s area %.1f/%.1f sac %.1f/%.1f ap %.2f/%.2f if %.2f/%.2f depth %.2f/%.2f %.2f/%.2f ang %.1f/%.1f %.1f/%.1f h %.2f/%.2f lis %.2f/%.2f%n",
                        seed, t.level(), d.ctCanalArea(), t.ctCanalArea(), d.duralSacArea(), t.duralSacArea(), d.apDiameter(), t.apDiameter(),
                        d.interfacet(), t.interfacet(), d.recessDepth()[0], t.recessDepth()[0], d.recessDepth()[1], t.recessDepth()[1],
                        d.recessAngle()[0], t.recessAngle()[0], d.recessAngle()[1], t.recessAngle()[1], d.discHeight(), t.discHeight(), d.listhesis(), t.listhesis());
            }
            for (PedicleMeasurement t : ph.pedicleTruth()) {
                PedicleMeasurement d = m.pedicle(loc.plane(t.level()));
                System.out.printf("seed %d %s pedicle area %.1f/%.1f ap %.2f/%.2f%n", seed, t.level(), d.canalArea(), t.canalArea(), d.apDiameter(), t.apDiameter());
            }
        }
    }
}
