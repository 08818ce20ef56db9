package org.mobilenet4j.bench;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mobilenet4j.vision.imageio.Images;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.vision.ImagePreprocessor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xnnpack-node-drift}: where the XNNPACK backend's outputs leave the reference backend's (which equals
 * TFLite's builtin kernels byte for byte, see {@code tflite-outputs}). Per image, the reference computes every
 * intermediate tensor; then each node runs alone on XNNPACK, fed the reference's exact inputs, and its output
 * is compared with the reference's ("isolated": the node's own error). The whole graph also runs on XNNPACK
 * with every tensor as an output ("chained": the error a node sees accumulated from upstream). Reported per
 * node and per op kind and data type: how often an element differs by exactly 1 step and by more, and the
 * largest difference.
 */
@Command(name = "xnnpack-node-drift", mixinStandardHelpOptions = true,
        description = "Per node, the XNNPACK backend's output against the reference backend's when both get the "
                + "same (the reference's) inputs, and along the whole graph.")
public final class XnnpackNodeDriftCommand implements Callable<Integer> {

    @Mixin
    QuantizedDataSet data;

    @Option(names = "--limit", defaultValue = "10", description = "first N images (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--backend", defaultValue = "xnnpack", description = "backend to measure (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--nodes", description = "print every node, not only the op-kind summary")
    boolean perNode;

    @Option(names = "--what-if", split = ";",
            description = "instead: run the graph node by node on the backend except the op kinds listed (comma "
                    + "separated, e.g. HardSwish,Mul), which run on the reference; report top-1 agreement with the "
                    + "reference per list (';' separates lists; an empty list is the backend alone)")
    List<String> whatIf;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Element counts of one node's (or one op kind's) comparison. */
    static final class Diff {
        long elements;
        long plusOne;
        long minusOne;
        long more;
        int max;
        double absSum;

        void add(DataType dt, byte[] ours, byte[] ref) {
            for (int i = 0; i < ref.length; i++) {
                int d = value(dt, ours[i]) - value(dt, ref[i]);
                elements++;
                absSum += Math.abs(d);
                if (d == 1) {
                    plusOne++;
                } else if (d == -1) {
                    minusOne++;
                } else if (d != 0) {
                    more++;
                }
                max = Math.max(max, Math.abs(d));
            }
        }

        void add(Diff o) {
            elements += o.elements;
            plusOne += o.plusOne;
            minusOne += o.minusOne;
            more += o.more;
            max = Math.max(max, o.max);
            absSum += o.absSum;
        }

        @Override
        public String toString() {
            double n = Math.max(1, elements);
            return String.format("+1 %6.3f %%  -1 %6.3f %%  >1 %6.3f %%  mean|d| %6.4f  max %3d",
                    100.0 * plusOne / n, 100.0 * minusOne / n, 100.0 * more / n, absSum / n, max);
        }

        private static int value(DataType dt, byte b) {
            return dt == DataType.INT8 ? b : b & 0xff;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        List<Path> images = data.images(limit);
        Map<String, Diff[]> byKind = new LinkedHashMap<>();
        for (String m : data.modelSpecs()) {
            if (whatIf != null) {
                whatIf(m, images, pw);
                continue;
            }
            model(m, images, pw, byKind);
            pw.flush();
        }
        if (whatIf != null) {
            return 0;
        }
        pw.printf("%nall models, by op kind and output type (isolated | chained):%n");
        for (Map.Entry<String, Diff[]> e : byKind.entrySet()) {
            pw.printf("  %-34s %s | %s%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        return 0;
    }

    private void model(String spec, List<Path> images, PrintWriter pw, Map<String, Diff[]> byKind) {
        Graph g = data.graph(spec);
        TensorType inType = g.inputType(0);
        ImagePreprocessor pre = data.preprocessor(inType);
        List<Node> nodes = g.nodes();
        int[] outs = new int[nodes.size()];
        for (int k = 0; k < outs.length; k++) {
            outs[k] = nodes.get(k).output(0);
        }
        Graph all = g.withOutputs(outs);
        Diff[] isolated = new Diff[nodes.size()];
        Diff[] chained = new Diff[nodes.size()];
        List<Executable> single = new ArrayList<>();
        Map<String, Diff[]> modelKinds = new LinkedHashMap<>();
        try (Executable ref = new ReferenceBackend().compile(all, BackendOptions.defaults());
             Executable chain = Backends.byName(backend).compile(all, BackendOptions.defaults())) {
            for (Node n : nodes) {
                int[] ins = Arrays.stream(n.inputs()).filter(i -> i >= 0 && !g.tensor(i).isConstant()).distinct().toArray();
                Graph one = new Graph(g.name() + ":" + n.name(), g.tensors(), List.of(n), ins, new int[] {n.output(0)});
                single.add(Backends.byName(backend).compile(one, BackendOptions.defaults()));
            }
            for (int k = 0; k < nodes.size(); k++) {
                isolated[k] = new Diff();
                chained[k] = new Diff();
            }
            for (Path image : images) {
                byte[] input = pre.encode(Images.read(image), null);
                Map<Integer, byte[]> refT = runAll(ref, all, input);
                Map<Integer, byte[]> chainT = runAll(chain, all, input);
                for (int k = 0; k < nodes.size(); k++) {
                    int y = outs[k];
                    DataType dt = g.tensor(y).type().dataType();
                    if (dt != DataType.UINT8 && dt != DataType.INT8) {
                        continue;
                    }
                    chained[k].add(dt, chainT.get(y), refT.get(y));
                    Executable e = single.get(k);
                    Graph one = e.graph();
                    ByteBuffer[] in = new ByteBuffer[one.inputs().length];
                    for (int i = 0; i < in.length; i++) {
                        int id = one.inputs()[i];
                        in[i] = TensorBuffers.allocate(g.tensor(id).type());
                        in[i].put(id == g.inputs()[0] ? input : refT.get(id)).flip();
                    }
                    ByteBuffer o = TensorBuffers.allocate(g.tensor(y).type());
                    e.run(in, new ByteBuffer[] {o});
                    byte[] ours = new byte[refT.get(y).length];
                    o.rewind();
                    o.get(ours);
                    isolated[k].add(dt, ours, refT.get(y));
                }
            }
        } finally {
            for (Executable e : single) {
                e.close();
            }
        }
        pw.printf("%s (%d images): per node isolated (reference inputs) | chained (whole graph on %s)%n",
                spec, images.size(), backend);
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            TensorType t = g.tensor(outs[k]).type();
            if (isolated[k].elements == 0) {
                continue;
            }
            String kind = n.op().kind() + " " + t.dataType().name().toLowerCase() + detail(g, n);
            byKind.computeIfAbsent(kind, x -> new Diff[] {new Diff(), new Diff()});
            byKind.get(kind)[0].add(isolated[k]);
            byKind.get(kind)[1].add(chained[k]);
            modelKinds.computeIfAbsent(kind, x -> new Diff[] {new Diff(), new Diff()});
            modelKinds.get(kind)[0].add(isolated[k]);
            modelKinds.get(kind)[1].add(chained[k]);
            if (perNode) {
                pw.printf("  %3d %-34s %-14s %s | %s%n", k, kind, t.shapeString(), isolated[k], chained[k]);
            }
        }
        for (Map.Entry<String, Diff[]> e : modelKinds.entrySet()) {
            pw.printf("  %-34s %s | %s%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
    }

    /** Top-1 agreement with the reference when the listed op kinds run on the reference, the rest on the backend. */
    private void whatIf(String spec, List<Path> images, PrintWriter pw) {
        Graph g = data.graph(spec);
        TensorType inType = g.inputType(0);
        ImagePreprocessor pre = data.preprocessor(inType);
        List<Node> nodes = g.nodes();
        List<Executable> ours = new ArrayList<>();
        List<Executable> theirs = new ArrayList<>();
        try {
            for (Node n : nodes) {
                int[] ins = Arrays.stream(n.inputs()).filter(i -> i >= 0 && !g.tensor(i).isConstant()).distinct().toArray();
                Graph one = new Graph(g.name() + ":" + n.name(), g.tensors(), List.of(n), ins, new int[] {n.output(0)});
                ours.add(Backends.byName(backend).compile(one, BackendOptions.defaults()));
                theirs.add(new ReferenceBackend().compile(one, BackendOptions.defaults()));
            }
            List<byte[]> inputs = new ArrayList<>();
            List<byte[]> truth = new ArrayList<>();
            for (Path image : images) {
                byte[] input = pre.encode(Images.read(image), null);
                inputs.add(input);
                truth.add(nodeByNode(g, input, theirs, theirs, List.of()));
            }
            DataType dt = g.outputType(0).dataType();
            for (String list : whatIf) {
                List<String> exact = list.isBlank() ? List.of() : Arrays.asList(list.split(","));
                int agree = 0;
                int equal = 0;
                for (int i = 0; i < inputs.size(); i++) {
                    byte[] y = nodeByNode(g, inputs.get(i), ours, theirs, exact);
                    agree += argmax(y, dt) == argmax(truth.get(i), dt) ? 1 : 0;
                    equal += Arrays.equals(y, truth.get(i)) ? 1 : 0;
                }
                pw.printf("%s: exact %-40s top-1 equal on %d / %d (%.2f %%), output equal on %d%n", spec,
                        exact.isEmpty() ? "(none)" : String.join(",", exact), agree, inputs.size(),
                        100.0 * agree / inputs.size(), equal);
                pw.flush();
            }
        } finally {
            ours.forEach(Executable::close);
            theirs.forEach(Executable::close);
        }
    }

    private static byte[] nodeByNode(Graph g, byte[] input, List<Executable> ours, List<Executable> theirs,
                                     List<String> exact) {
        Map<Integer, byte[]> values = new java.util.HashMap<>();
        values.put(g.inputs()[0], input);
        for (int k = 0; k < g.nodes().size(); k++) {
            Node n = g.nodes().get(k);
            Executable e = exact.contains(n.op().kind()) ? theirs.get(k) : ours.get(k);
            Graph one = e.graph();
            ByteBuffer[] in = new ByteBuffer[one.inputs().length];
            for (int i = 0; i < in.length; i++) {
                in[i] = TensorBuffers.allocate(g.tensor(one.inputs()[i]).type());
                in[i].put(values.get(one.inputs()[i])).flip();
            }
            ByteBuffer o = TensorBuffers.allocate(g.tensor(n.output(0)).type());
            e.run(in, new ByteBuffer[] {o});
            byte[] b = new byte[(int) g.tensor(n.output(0)).type().byteSize()];
            o.rewind();
            o.get(b);
            values.put(n.output(0), b);
        }
        return values.get(g.outputs()[0]);
    }

    private static int argmax(byte[] y, DataType dt) {
        int best = 0;
        for (int i = 1; i < y.length; i++) {
            if (Diff.value(dt, y[i]) > Diff.value(dt, y[best])) {
                best = i;
            }
        }
        return best;
    }

    /** A convolution's kernel size, so that 1x1 and 3x3 are told apart in the summary. */
    private static String detail(Graph g, Node n) {
        if (n.op() instanceof org.mobilenet4j.graph.Op.Conv2d || n.op() instanceof org.mobilenet4j.graph.Op.DepthwiseConv2d) {
            int[] w = g.tensor(n.input(1)).type().shape();
            return " " + w[1] + "x" + w[2];
        }
        return "";
    }

    private static Map<Integer, byte[]> runAll(Executable exe, Graph all, byte[] input) {
        ByteBuffer in = TensorBuffers.allocate(all.inputType(0));
        in.put(input).flip();
        ByteBuffer[] outs = new ByteBuffer[all.outputs().length];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = TensorBuffers.allocate(all.outputType(i));
        }
        exe.run(new ByteBuffer[] {in}, outs);
        Map<Integer, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < outs.length; i++) {
            byte[] b = new byte[(int) all.outputType(i).byteSize()];
            outs[i].rewind();
            outs[i].get(b);
            m.put(all.outputs()[i], b);
        }
        return m;
    }
}
