package org.spinerad.segment.training;

import org.junit.jupiter.api.Test;
import org.spinerad.image.Geometry;
import org.spinerad.phantom.TorsoPhantom;
import org.spinerad.segment.ColumnClasses;

import static org.junit.jupiter.api.Assertions.*;

/** Trunk phantoms as column-model training cases: canonical LPS grid, classes from the structures at the same place. */
class TorsoTrainingDataTest {

    @Test
    void trunkPhantomBecomesACanonicalCaseWithColumnClasses() {
        TorsoPhantom.Rendered r = new TorsoPhantom(4, TorsoPhantom.FieldOfView.ABDOMEN_PELVIS).render();
        assertNotEquals("LPS", r.geometry().orientationCode(), "seed 4 is stored in another axis order");
        TrainingCase.Pair pair = ColumnTrainingData.torso(r);
        Geometry g = pair.image().geometry();
        assertArrayEquals(Geometry.identity(), g.direction(), 1e-9);
        int[] counts = new int[ColumnClasses.VALUES.length + 1];
        long darkLabelled = 0;
        int[] d = r.geometry().dims();
        for (int i = 0; i < r.hu().length; i++) {
            // the same world point in the canonical case carries the structure's class and the same HU
            double[] w = r.geometry().indexToWorld(i % d[0], (i / d[0]) % d[1], i / (d[0] * d[1]));
            double[] q = g.worldToIndex(w);
            int j = g.index((int) Math.round(q[0]), (int) Math.round(q[1]), (int) Math.round(q[2]));
            int cls = pair.labels().volume().getInt(j);
            assertEquals(ColumnTrainingData.columnClass(r.structure(i)), cls);
            assertEquals(r.hu()[i], pair.image().get(j), 1e-3);
            counts[cls]++;
            if (cls != 0 && r.hu()[i] < -500) darkLabelled++;
        }
        for (int c = 1; c < counts.length; c++) assertTrue(counts[c] > 100, "class " + ColumnClasses.NAMES[c - 1] + ": " + counts[c] + " voxels");
        assertEquals(ColumnClasses.OTHER_BONE, ColumnTrainingData.columnClass(TorsoPhantom.Structure.FEMUR));
        assertEquals(ColumnClasses.OTHER_BONE, ColumnTrainingData.columnClass(TorsoPhantom.Structure.RIB));
        assertEquals(0, ColumnTrainingData.columnClass(TorsoPhantom.Structure.CANAL));
        assertTrue(darkLabelled < 0.001 * r.hu().length, darkLabelled + " labelled voxels below -500 HU");
    }
}
