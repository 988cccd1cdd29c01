package org.spinerad.util;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Platform names as the ImageJ updater's Platforms.current() gives them, and the messages when libtorch is absent. */
class DjlEngineTest {

    @Test
    void platformNamesFollowTheUpdater() {
        assertEquals("linux64", DjlEngine.platform("Linux", "amd64"));
        assertEquals("win64", DjlEngine.platform("Windows 11", "amd64"));
        assertEquals("macos-arm64", DjlEngine.platform("Mac OS X", "aarch64"));
        assertEquals("macos64", DjlEngine.platform("Mac OS X", "x86_64"));
        assertEquals("linux-arm64", DjlEngine.platform("Linux", "aarch64"));
        assertEquals("win32", DjlEngine.platform("Windows 10", "x86"));
        assertEquals("linux64", DjlEngine.platform());
    }

    @Test
    void failureNamesThePlatformAndWhatIsMissing() {
        String unsupported = DjlEngine.failure("linux-arm64", new UnsatisfiedLinkError("no torch")).getMessage();
        assertEquals("cannot start the DJL PyTorch engine: SpineRad ships libtorch only for linux64, macos-arm64, win64, "
                + "not for this platform (linux-arm64): no torch", unsupported);
        String missing = DjlEngine.failure("win64", new RuntimeException("No deep learning engine found.")).getMessage();
        assertTrue(missing.contains("jars/win64/pytorch-native-cpu-*.jar) is missing or not loadable"), missing);
    }
}
