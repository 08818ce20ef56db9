package org.mobilenet4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory as Linux reports it in /proc/self/status (-1 where there is no such file), and
 * its CPU time: on a shared machine, CPU ms per image is steadier than images per second.
 */
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

    /**
     * Resident memory of the Java heap's reservation, in MB: the /proc/self/smaps mapping whose size is the
     * maximum heap ({@code -Xmx}, one contiguous reservation in HotSpot's G1, Parallel and Serial collectors);
     * -1 where it cannot be told. RSS minus this is what the process holds outside the heap (code, metaspace,
     * thread stacks, native buffers), which does not follow the JVM's heap sizing.
     */
    public static double heapRssMb() {
        long heapKb = Runtime.getRuntime().maxMemory() / 1024;
        try {
            long size = -1;
            long best = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                if (line.startsWith("Size:")) {
                    size = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Rss:") && size >= heapKb && size <= heapKb + 4096) {
                    best = Math.max(best, Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
            return best < 0 ? -1 : best / 1024.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time this process has used (all threads, user + system), in ms; -1 where the JVM does not say. */
    public static double cpuMs() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e6 : -1;
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
