package org.spinerad;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The guard's reading of java.specification.version (old "1.x" and new styles); its run under Java 17 is in ImageJInstallTest. */
class Java21GuardTest {
    @Test
    void parsesSpecificationVersions() {
        assertEquals(8, Java21Guard.javaVersion("1.8"));
        assertEquals(17, Java21Guard.javaVersion("17"));
        assertEquals(21, Java21Guard.javaVersion("21.0.2"));
        assertEquals(25, Java21Guard.javaVersion("25"));
        assertEquals(0, Java21Guard.javaVersion("unknown"));
    }
}
