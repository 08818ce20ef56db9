package org.mobilenet4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory as Linux reports it in /proc/self/status; -1 where there is no such file. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Peak resident set size (VmHWM), in MB. */
    public static double peakRssMb() {
        return field("VmHWM") / 1024.0;
    }

    /** Current resident set size (VmRSS), in MB. */
    public static double rssMb() {
        return field("VmRSS") / 1024.0;
    }

    private static long field(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: reported as unknown
        }
        return -1024;
    }
}
