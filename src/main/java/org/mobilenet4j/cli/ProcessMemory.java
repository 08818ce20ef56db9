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
     * The Java heap the JVM has committed, in MB (what its heap sizing decides; at least the part of the heap that
     * is resident). RSS minus this is a floor for what the process holds outside the heap (code, metaspace, thread
     * stacks, native buffers and libraries), which does not follow heap sizing.
     */
    public static double committedHeapMb() {
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1048576.0;
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
