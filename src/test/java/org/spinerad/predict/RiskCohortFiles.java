package org.spinerad.predict;

import java.nio.file.Path;

/** The planted test cohort (300 patients) as a risk run's input files, radiomics.csv and clinical.csv, for any test. */
public final class RiskCohortFiles {
    private RiskCohortFiles() {}

    public static void write(Path dir, long seed) {
        FeatureTable t = RiskFixtures.planted(seed, false);
        RiskFixtures.writeFeatures(t, dir.resolve("radiomics.csv"));
        RiskFixtures.clinical(t, 3).write(dir.resolve("clinical.csv"));
    }
}
