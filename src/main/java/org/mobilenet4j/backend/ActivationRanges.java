package org.mobilenet4j.backend;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;

/**
 * Calibration for {@link org.mobilenet4j.graph.Int8Quantizer}: the real [min, max] every activation of a float32
 * graph takes over sample inputs, computed on the reference backend (the oracle all backends agree with).
 * Stateless; thread-safe.
 */
public final class ActivationRanges {
    private ActivationRanges() {
    }

    /**
     * @param g       a float32 graph with one input
     * @param samples inputs in the graph's input layout (NHWC floats), at least one
     * @return [min, max] by tensor id, for the graph input and every node output
     */
    public static Map<Integer, float[]> of(Graph g, List<float[]> samples) {
        if (g.inputs().length != 1 || samples.isEmpty()) {
            throw new IllegalArgumentException("calibration needs a graph with one input and at least one sample");
        }
        List<Integer> ids = new ArrayList<>();
        for (Node n : g.nodes()) {
            for (int o : n.outputs()) {
                ids.add(o);
            }
        }
        Graph all = g.withOutputs(ids.stream().mapToInt(Integer::intValue).toArray());
        Map<Integer, float[]> ranges = new HashMap<>();
        try (Executable exe = Backends.byName("reference").compile(all, new BackendOptions(1))) {
            ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
            ByteBuffer[] outs = new ByteBuffer[ids.size()];
            for (int i = 0; i < outs.length; i++) {
                if (all.outputType(i).dataType() != DataType.FLOAT32) {
                    throw new IllegalArgumentException("calibration needs a float32 graph, tensor " + ids.get(i)
                            + " is " + all.outputType(i));
                }
                outs[i] = TensorBuffers.allocate(all.outputType(i));
            }
            for (float[] sample : samples) {
                in.clear();
                in.asFloatBuffer().put(sample);
                update(ranges, g.inputs()[0], sample);
                exe.run(new ByteBuffer[] {in}, outs);
                for (int i = 0; i < outs.length; i++) {
                    float[] v = new float[outs[i].remaining() / 4];
                    outs[i].asFloatBuffer().get(v);
                    update(ranges, ids.get(i), v);
                }
            }
        }
        return ranges;
    }

    private static void update(Map<Integer, float[]> ranges, int id, float[] values) {
        float[] r = ranges.computeIfAbsent(id, k -> new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
        for (float v : values) {
            r[0] = Math.min(r[0], v);
            r[1] = Math.max(r[1], v);
        }
    }
}
