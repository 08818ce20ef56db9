package org.mobilenet4j.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.mobilenet4j.vision.imageio.Images;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.backend.TensorBuffers;
import org.mobilenet4j.backend.reference.ReferenceBackend;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Tensor;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.vision.ImagePreprocessor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tflite-outputs}: TFLite's own outputs on the quantized models of ../shared, as the truth the reference
 * backend must equal byte for byte. For each model and each image of the data set (image-0, image-1, ... in
 * order): decode, centre crop, half-pixel bilinear resize, encode the input tensor (mobilenet4j's
 * pre-processing), run TFLite's builtin kernels (no delegate) and record the raw output bytes. With
 * {@code --out} it writes {@code <key>.bin.gz} per model (outputs of all images concatenated) and
 * {@code manifest.properties} (TFLite version, crop, image count, per model its file(s), output size and the
 * SHA-256 of all its input tensors). With {@code --compare} it runs mobilenet4j's reference backend on the
 * same inputs and reports per model the images whose output bytes differ and the largest difference in steps
 * (LSB). With {@code --tensors} it compares every intermediate tensor of the first image, to find the first
 * node that differs.
 */
@Command(name = "tflite-outputs", mixinStandardHelpOptions = true,
        description = "Record TFLite's builtin-kernel outputs for quantized models over a data set; compare the "
                + "reference backend's bytes with them.")
public final class TfliteOutputsCommand implements Callable<Integer> {

    @Mixin
    QuantizedDataSet data;

    @Option(names = "--limit", defaultValue = "0", description = "first N images only (0: all)")
    int limit;

    @Option(names = "--out", description = "folder for <key>.bin.gz and manifest.properties")
    Path out;

    @Option(names = "--backend", defaultValue = "reference",
            description = "the backend --compare runs (default: ${DEFAULT-VALUE}; xnnpack to measure its drift; "
                    + TFLITE_XNNPACK + ": TFLite's own XNNPACK delegate)")
    String backend;

    @Option(names = "--compare", description = "run --backend and report bytes that differ, the largest difference "
            + "and on how many images the top-1 class differs from TFLite's")
    boolean compare;

    @Option(names = "--tensors", description = "compare every intermediate tensor on the first image")
    boolean tensors;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code --backend} value naming TFLite with its XNNPACK delegate rather than a mobilenet4j backend. */
    static final String TFLITE_XNNPACK = "tflite-xnnpack";

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        List<Path> images = data.images(limit);
        StringBuilder manifest = new StringBuilder();
        manifest.append("# written by: java -jar target/mobilenet4j-bench.jar ")
                .append(String.join(" ", spec.commandLine().getParseResult().originalArgs())).append('\n');
        manifest.append("tflite.version=").append(TfliteBuiltinInterpreter.version()).append('\n');
        manifest.append("tflite.kernels=builtin (BuiltinOpResolverWithoutDefaultDelegates, 1 thread, no XNNPACK)\n");
        manifest.append("images=").append(images.size()).append('\n');
        manifest.append("crop=").append(data.crop).append('\n');
        List<String> list = data.modelSpecs();
        List<String> done = new ArrayList<>();
        if (out != null) {
            Files.createDirectories(out);
        }
        pw.printf("TFLite %s builtin kernels, %d images, crop %s%n", TfliteBuiltinInterpreter.version(),
                images.size(), data.crop);
        int failures = 0;
        for (String m : list) {
            failures += model(m, images, manifest, pw) ? 0 : 1;
            pw.flush();
            done.add(m);
            if (out != null) {
                // rewritten after every model, listing the models done, so that a cut run is still usable
                Files.writeString(out.resolve("manifest.properties"),
                        manifest + "models=" + String.join(",", done) + "\n");
            }
        }
        return compare && failures > 0 ? 1 : 0;
    }

    /** A model's key in file names: its path(s) with '/' and '+' replaced, without ".tflite". */
    static String key(String model) {
        return model.replace(".tflite", "").replace('/', '_').replace('+', '-');
    }

    private boolean model(String spec, List<Path> images, StringBuilder manifest, PrintWriter pw) throws Exception {
        String[] parts = spec.split("\\+");
        Graph graph = data.graph(spec);
        TensorType inType = graph.inputType(0);
        ImagePreprocessor pre = data.preprocessor(inType);
        List<TfliteBuiltinInterpreter> chain = new ArrayList<>();
        MessageDigest inputDigest = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int differing = 0;
        int maxLsb = 0;
        int firstDiffering = -1;
        int top1Differing = 0;
        // top-1 disagreements by the gap, in TFLite's own output, between its top-1 score and the score it gives
        // our top-1 class: 0 (a tie TFLite breaks by index), 1, 2, more
        int[] top1Gap = new int[4];
        boolean delegate = compare && backend.equals(TFLITE_XNNPACK);
        List<TfliteBuiltinInterpreter> delegated = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Executable ref = (compare && !delegate) || tensors
                ? (compare ? Backends.byName(backend) : new ReferenceBackend()).compile(graph, BackendOptions.defaults())
                : null) {
            for (String p : parts) {
                chain.add(new TfliteBuiltinInterpreter(data.model(p), tensors));
                if (delegate) {
                    delegated.add(new TfliteBuiltinInterpreter(data.model(p), false, true));
                }
            }
            for (int n = 0; n < images.size(); n++) {
                byte[] input = pre.encode(Images.read(images.get(n)), null);
                inputDigest.update(input);
                byte[] y = input;
                for (TfliteBuiltinInterpreter t : chain) {
                    t.run(y);
                    y = t.output();
                }
                all.write(y);
                if (tensors && n == 0) {
                    compareTensors(graph, input, chain.get(0).tensorsByName(), pw);
                }
                if (compare) {
                    byte[] ours = input;
                    if (delegate) {
                        for (TfliteBuiltinInterpreter t : delegated) {
                            t.run(ours);
                            ours = t.output();
                        }
                    } else {
                        ours = run(ref, graph, input);
                    }
                    int d = maxDifference(graph.outputType(0).dataType(), ours, y);
                    org.mobilenet4j.graph.DataType type = graph.outputType(0).dataType();
                    int ourTop = argmax(ours, type);
                    int theirTop = argmax(y, type);
                    if (ourTop != theirTop) {
                        top1Differing++;
                        java.nio.ByteBuffer f = java.nio.ByteBuffer.wrap(y).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                        float gap = value(y, f, type, theirTop) - value(y, f, type, ourTop);
                        top1Gap[(int) Math.min(3, Math.ceil(type == DataType.FLOAT32 ? gap * 256 : gap))]++;
                    }
                    if (d > 0) {
                        differing++;
                        maxLsb = Math.max(maxLsb, d);
                        if (firstDiffering < 0) {
                            firstDiffering = n;
                        }
                    }
                }
            }
        } finally {
            for (TfliteBuiltinInterpreter t : chain) {
                t.close();
            }
            for (TfliteBuiltinInterpreter t : delegated) {
                t.close();
            }
        }
        String key = key(spec);
        byte[] outputs = all.toByteArray();
        manifest.append("model.").append(key).append(".file=").append(spec).append('\n');
        manifest.append("model.").append(key).append(".outputBytes=").append(outputs.length / images.size())
                .append('\n');
        manifest.append("model.").append(key).append(".inputSha256=")
                .append(HexFormat.of().formatHex(inputDigest.digest())).append('\n');
        if (out != null) {
            try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(out.resolve(key + ".bin.gz")))) {
                os.write(outputs);
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (compare) {
            pw.printf("%-110s %s: images differing %4d / %d, max %3d LSB, top-1 differs on %d (%.2f %%; TFLite's "
                            + "top-1 gap 0/1/2/>2 LSB: %d/%d/%d/%d)%s (%.0f s)%n",
                    spec, backend, differing, images.size(), maxLsb, top1Differing, 100.0 * top1Differing / images.size(),
                    top1Gap[0], top1Gap[1], top1Gap[2], top1Gap[3],
                    firstDiffering >= 0 ? ", first image-" + firstDiffering : "", s);
        } else {
            pw.printf("%-110s recorded (%.0f s)%n", spec, s);
        }
        return differing == 0;
    }

    /** Index of the largest score (the first on a tie): uint8, int8, or little-endian float32 outputs. */
    private static int argmax(byte[] scores, org.mobilenet4j.graph.DataType type) {
        int n = type == org.mobilenet4j.graph.DataType.FLOAT32 ? scores.length / 4 : scores.length;
        java.nio.ByteBuffer f = java.nio.ByteBuffer.wrap(scores).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (value(scores, f, type, i) > value(scores, f, type, best)) {
                best = i;
            }
        }
        return best;
    }

    private static float value(byte[] scores, java.nio.ByteBuffer f, org.mobilenet4j.graph.DataType type, int i) {
        return switch (type) {
            case FLOAT32 -> f.getFloat(4 * i);
            case INT8 -> scores[i];
            default -> scores[i] & 0xff;
        };
    }

    private static byte[] run(Executable exe, Graph g, byte[] input) {
        ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
        in.put(input).flip();
        ByteBuffer[] outs = new ByteBuffer[g.outputs().length];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = TensorBuffers.allocate(g.outputType(i));
        }
        exe.run(new ByteBuffer[] {in}, outs);
        ByteBuffer o = outs[0];
        o.rewind();
        byte[] b = new byte[(int) g.outputType(0).byteSize()];
        o.get(b);
        return b;
    }

    /** The largest element difference in steps (float outputs: in units of 1e-6). */
    static int maxDifference(DataType dt, byte[] a, byte[] b) {
        if (a.length != b.length) {
            return Integer.MAX_VALUE;
        }
        int max = 0;
        if (dt == DataType.FLOAT32) {
            ByteBuffer fa = ByteBuffer.wrap(a).order(java.nio.ByteOrder.nativeOrder());
            ByteBuffer fb = ByteBuffer.wrap(b).order(java.nio.ByteOrder.nativeOrder());
            for (int i = 0; i < a.length; i += 4) {
                max = Math.max(max, (int) Math.ceil(Math.abs(fa.getFloat(i) - fb.getFloat(i)) * 1e6));
            }
            return max;
        }
        for (int i = 0; i < a.length; i++) {
            int x = dt == DataType.INT8 ? a[i] : a[i] & 0xff;
            int y = dt == DataType.INT8 ? b[i] : b[i] & 0xff;
            max = Math.max(max, Math.abs(x - y));
        }
        return max;
    }

    /** The reference backend with every tensor as an output, against TFLite's preserved tensors, by name. */
    private static void compareTensors(Graph g, byte[] input, Map<String, byte[]> theirs, PrintWriter pw) {
        List<Integer> ids = new ArrayList<>();
        for (Tensor t : g.tensors()) {
            if (!t.isConstant() && theirs.containsKey(t.name()) && t.id() != g.inputs()[0]) {
                ids.add(t.id());
            }
        }
        Graph all = new Graph(g.name(), g.tensors(), g.nodes(), g.inputs(), ids.stream().mapToInt(i -> i).toArray());
        try (Executable exe = new ReferenceBackend().compile(all, BackendOptions.defaults())) {
            ByteBuffer in = TensorBuffers.allocate(g.inputType(0));
            in.put(input).flip();
            ByteBuffer[] outs = new ByteBuffer[ids.size()];
            for (int i = 0; i < outs.length; i++) {
                outs[i] = TensorBuffers.allocate(all.outputType(i));
            }
            exe.run(new ByteBuffer[] {in}, outs);
            Map<Integer, Integer> diff = new java.util.HashMap<>();
            Map<Integer, Integer> count = new java.util.HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                Tensor t = g.tensor(ids.get(i));
                byte[] ours = new byte[(int) t.type().byteSize()];
                outs[i].rewind();
                outs[i].get(ours);
                byte[] ref = theirs.get(t.name());
                diff.put(t.id(), maxDifference(t.type().dataType(), ours, ref));
                int c = 0;
                for (int k = 0; k < Math.min(ours.length, ref.length); k++) {
                    c += ours[k] != ref[k] ? 1 : 0;
                }
                count.put(t.id(), c);
            }
            // a node whose inputs agree and whose output and consumers' outputs do not is where a difference
            // starts (TFLite may reuse an input's buffer for an in-place op's output: an intermediate that
            // differs while its consumer's output agrees was overwritten, not computed differently)
            int shown = 0;
            for (int n = 0; n < g.nodes().size() && shown < 6; n++) {
                org.mobilenet4j.graph.Node node = g.nodes().get(n);
                int y = node.output(0);
                if (diff.getOrDefault(y, 0) == 0) {
                    continue;
                }
                boolean inputsEqual = true;
                for (int x : node.inputs()) {
                    inputsEqual &= x < 0 || diff.getOrDefault(x, 0) == 0;
                }
                boolean consumersDiffer = true;
                for (org.mobilenet4j.graph.Node c : g.nodes()) {
                    if (java.util.Arrays.stream(c.inputs()).anyMatch(x -> x == y)) {
                        consumersDiffer &= diff.getOrDefault(c.output(0), 0) > 0;
                    }
                }
                if (inputsEqual && consumersDiffer) {
                    Tensor t = g.tensor(y);
                    pw.printf("  node %d %s -> %s: %d of %d elements differ, max %d%n", n, node.op(),
                            t.type(), count.get(y), t.type().byteSize(), diff.get(y));
                    shown++;
                }
            }
            if (shown == 0) {
                pw.println("  every intermediate tensor equal");
            }
        }
    }
}
