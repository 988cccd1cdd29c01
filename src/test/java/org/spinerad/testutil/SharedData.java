package org.spinerad.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.fail;

/** Locates the reference data in {@code ../shared/data} beside the checkout; a missing file fails the test clearly. */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        String prop = System.getProperty("spinerad.shared", System.getenv("SPINERAD_SHARED"));
        Path p = prop != null ? Paths.get(prop) : Paths.get("..", "shared").toAbsolutePath().normalize();
        return p.resolve("data");
    }

    /** A file under shared/data, e.g. {@code file("totalsegmentator/example_ct.nii.gz")}. */
    public static Path file(String relative) {
        Path f = root().resolve(relative);
        if (!Files.exists(f))
            fail("Reference data missing: " + f + " (expected ../shared/data beside the checkout, or -Dspinerad.shared=DIR)");
        return f;
    }
}
