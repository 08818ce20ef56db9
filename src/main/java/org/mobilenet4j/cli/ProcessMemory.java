package org.mobilenet4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * This process's resident memory as Linux reports it in /proc/self/status (empty where there is no such file),
 * and its CPU time: on a shared machine, CPU ms per image is steadier than images per second. A measure that is
 * not available is reported as such ({@link #text}, {@link #json}), never as a number.
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Peak resident set size (VmHWM), in MB. */
    public static OptionalDouble peakRss() {
        return field("VmHWM");
    }

    /** Current resident set size (VmRSS), in MB. */
    public static OptionalDouble rss() {
        return field("VmRSS");
    }

    /** {@link #peakRss()}, -1 when unavailable. */
    public static double peakRssMb() {
        return peakRss().orElse(-1);
    }

    /** {@link #rss()}, -1 when unavailable. */
    public static double rssMb() {
        return rss().orElse(-1);
    }

    /**
     * The Java heap the JVM has committed, in MB (what its heap sizing decides; at least the part of the heap that
     * is resident). RSS minus this is a floor for what the process holds outside the heap (code, metaspace, thread
     * stacks, native buffers and libraries), which does not follow heap sizing.
     */
    public static double committedHeapMb() {
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1048576.0;
    }

    /** CPU time this process has used (all threads, user + system), in ms; empty where the JVM does not say. */
    public static OptionalDouble cpuTime() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long ns = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        return ns < 0 ? OptionalDouble.empty() : OptionalDouble.of(ns / 1e6);
    }

    /** {@link #cpuTime()}, -1 when unavailable. */
    public static double cpuMs() {
        return cpuTime().orElse(-1);
    }

    /** A measure for a JSON field: its value, or null (written as JSON null) when unavailable. */
    static Double json(OptionalDouble measure) {
        return measure.isPresent() ? measure.getAsDouble() : null;
    }

    /** A measure for text, with {@code format} (e.g. "%.0f MB"), or "unavailable". */
    static String text(OptionalDouble measure, String format) {
        return measure.isPresent() ? String.format(Locale.ROOT, format, measure.getAsDouble()) : "unavailable";
    }

    private static OptionalDouble field(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return OptionalDouble.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unavailable
        }
        return OptionalDouble.empty();
    }
}
