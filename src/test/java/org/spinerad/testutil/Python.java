package org.spinerad.testutil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a Python script with Debian's /usr/bin/python3 (numpy, scipy, nibabel, pywt installed by .ci/run) to produce
 * or check reference data written by other tools. Fails the test clearly when Python or a module is missing.
 */
public final class Python {
    private Python() {}

    public static String run(String script, String... args) {
        try {
            Path tmp = Files.createTempFile("spinerad-ref", ".py");
            Files.writeString(tmp, script);
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", tmp.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("Python reference script timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(tmp);
            if (p.exitValue() != 0)
                fail("Python reference script failed (install python3-nibabel python3-scipy python3-pywt, see .ci/run):\n" + text);
            return text;
        } catch (IOException e) {
            return fail("Cannot run /usr/bin/python3: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
