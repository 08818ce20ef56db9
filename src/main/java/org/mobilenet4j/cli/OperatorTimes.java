package org.mobilenet4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.xnnpack.OperatorProfiler;
import org.mobilenet4j.graph.Graph;

/**
 * {@code bench --profile}: the median microseconds of each XNNPACK operator over the timed runs, in the order
 * they run, and per operator kind (XNNPACK's operator name), largest first.
 *
 * @param operators   XNNPACK's operator names, in run order
 * @param medianMicros each operator's median
 * @param runs        timed runs
 */
record OperatorTimes(List<String> operators, long[] medianMicros, int runs) {

    /** Runs {@code graph} {@code warmup} times, then times its operators over {@code runs} runs on {@code in}. */
    static OperatorTimes measure(Graph graph, int threads, ByteBuffer[] in, ByteBuffer[] out, int warmup, int runs) {
        try (OperatorProfiler p = OperatorProfiler.compile(graph, new BackendOptions(threads))) {
            for (int i = 0; i < warmup; i++) {
                p.run(in, out);
            }
            List<String> ops = p.operators();
            long[][] micros = new long[ops.size()][runs];
            for (int r = 0; r < runs; r++) {
                long[] m = p.run(in, out);
                for (int i = 0; i < m.length; i++) {
                    micros[i][r] = m[i];
                }
            }
            long[] medians = new long[ops.size()];
            for (int i = 0; i < medians.length; i++) {
                Arrays.sort(micros[i]);
                medians[i] = micros[i][runs / 2];
            }
            return new OperatorTimes(ops, medians, runs);
        }
    }

    long total() {
        return Arrays.stream(medianMicros).sum();
    }

    /** Operator kind → {count, summed median µs}, largest time first. */
    Map<String, long[]> byKind() {
        Map<String, long[]> kinds = new LinkedHashMap<>();
        for (int i = 0; i < operators.size(); i++) {
            long[] k = kinds.computeIfAbsent(operators.get(i), n -> new long[2]);
            k[0]++;
            k[1] += medianMicros[i];
        }
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(kinds.entrySet());
        sorted.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[1]));
        Map<String, long[]> out = new LinkedHashMap<>();
        sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    void print(PrintWriter o) {
        long total = total();
        o.printf("XNNPACK operators, median us over %d profiled runs (sum of medians %d us):%n", runs, total);
        o.printf("%4s  %-40s %10s %7s%n", "#", "operator", "median us", "share");
        for (int i = 0; i < operators.size(); i++) {
            o.printf("%4d  %-40s %10d %6.1f%%%n", i, operators.get(i), medianMicros[i], share(medianMicros[i], total));
        }
        o.println("by kind:");
        byKind().forEach((name, k) -> o.printf("      %-40s %3d op(s) %7d us %6.1f%%%n", name, k[0], k[1],
                share(k[1], total)));
    }

    void addTo(JsonObject r) {
        JsonArray ops = new JsonArray();
        for (int i = 0; i < operators.size(); i++) {
            JsonObject op = new JsonObject();
            op.addProperty("index", i);
            op.addProperty("name", operators.get(i));
            op.addProperty("medianUs", medianMicros[i]);
            ops.add(op);
        }
        JsonArray kinds = new JsonArray();
        byKind().forEach((name, k) -> {
            JsonObject kind = new JsonObject();
            kind.addProperty("name", name);
            kind.addProperty("count", k[0]);
            kind.addProperty("medianUs", k[1]);
            kinds.add(kind);
        });
        JsonObject profile = new JsonObject();
        profile.addProperty("runs", runs);
        profile.add("operators", ops);
        profile.add("kinds", kinds);
        r.add("profile", profile);
    }

    private static double share(long part, long total) {
        return total == 0 ? 0 : 100.0 * part / total;
    }
}
