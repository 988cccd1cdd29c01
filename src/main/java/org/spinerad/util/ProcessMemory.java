package org.spinerad.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process from Linux's /proc/PID/status (0 where unavailable). */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** A {@code /proc/<pid>/status} field in kB, e.g. {@code VmHWM:} (peak resident set) or {@code VmRSS:}; pid "self" for this JVM. */
    public static long statusKb(String pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status")))
                if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
