package org.mobilenet4j.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.mobilenet4j.vision.imageio.Images;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.model.Model;
import org.mobilenet4j.predict.Predictor;
import org.mobilenet4j.tflite.TfliteWriter;
import org.mobilenet4j.vision.ImagePreprocessor;
import org.mobilenet4j.vision.RgbImage;

/**
 * Cross-check of a file written by {@code retrain} against TensorFlow Lite (builtin kernels): the whole
 * file (max score difference), and its two parts written separately, so each is held to its own tolerance:
 * the quantized backbone up to the embedding (difference in LSB of the uint8 embedding) and the float head on
 * the very same embedding bytes (max score difference; a --quantize head's uint8 scores are compared
 * dequantized, so 1 LSB is 1/256).
 * {@code java -cp target/mobilenet4j-bench.jar org.mobilenet4j.bench.RetrainedModelCheck out.tflite image...}
 */
public final class RetrainedModelCheck {
    private RetrainedModelCheck() {
    }

    /** TFLite on one model: bytes in, output bytes out. */
    private static final class Tflite {
        final Interpreter interpreter = new Interpreter((Pointer) null);
        final FlatBufferModel model;
        final long outBytes;

        Tflite(Path file) {
            model = FlatBufferModel.BuildFromFile(file.toString());
            if (model == null || model.isNull()) {
                throw new IllegalStateException("TFLite could not load " + file);
            }
            InterpreterBuilder b = new InterpreterBuilder(model, new BuiltinOpResolverWithoutDefaultDelegates());
            if (b.apply(interpreter) != 0 || interpreter.AllocateTensors() != 0) {
                throw new IllegalStateException("TFLite could not build an interpreter for " + file);
            }
            outBytes = interpreter.output_tensor(0).bytes();
        }

        ByteBuffer run(ByteBuffer in) {
            byte[] bytes = new byte[in.remaining()];
            in.duplicate().get(bytes);
            interpreter.input_tensor(0).data().raw().put(bytes);
            if (interpreter.Invoke() != 0) {
                throw new IllegalStateException("TFLite Invoke failed");
            }
            byte[] out = new byte[(int) outBytes];
            BytePointer p = interpreter.output_tensor(0).data().raw();
            p.get(out);
            return ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static float score(ByteBuffer out, int c, org.mobilenet4j.graph.Quantization q) {
        return q == null ? out.getFloat(4 * c) : q.scale() * ((out.get(c) & 0xff) - q.zeroPoint());
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Model m = Model.load(file);
        Graph whole = m.graph();
        Node dequantize = whole.nodes().stream().filter(n -> n.name().startsWith("retrained/")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + " was not written by retrain"));
        if (!whole.tensor(dequantize.input(0)).type().dataType().isQuantized8()) {
            throw new IllegalArgumentException(file + " has no quantized backbone to split off");
        }
        int embedding = dequantize.input(0);
        Graph backbone = whole.withOutputs(embedding);
        List<Node> headNodes = new ArrayList<>(whole.nodes().subList(whole.nodes().indexOf(dequantize),
                whole.nodes().size()));
        Graph head = new Graph("head", whole.tensors(), headNodes, new int[] {embedding}, whole.outputs());
        Path dir = Files.createTempDirectory("retrained-check");
        Path backboneFile = dir.resolve("backbone.tflite");
        Path headFile = dir.resolve("head.tflite");
        TfliteWriter.write(backbone, backboneFile);
        TfliteWriter.write(head, headFile);
        Tflite tWhole = new Tflite(file);
        Tflite tBackbone = new Tflite(backboneFile);
        Tflite tHead = new Tflite(headFile);
        ImagePreprocessor pre = new ImagePreprocessor(whole.inputType(0), m.info(), null, null, 1.0);
        int classes = (int) whole.outputType(0).elementCount();
        var outQ = whole.outputType(0).quantization(); // null: float scores; else uint8 scores, compared as floats
        for (String backend : new String[] {"reference", "xnnpack"}) {
            double wholeDiff = 0;
            double headDiff = 0;
            int lsb = 0;
            long differing = 0;
            long values = 0;
            try (Predictor pWhole = Predictor.create(whole, Backends.byName(backend), 1);
                 Predictor pBackbone = Predictor.create(backbone, Backends.byName(backend), 1);
                 Predictor pHead = Predictor.create(head, Backends.byName(backend), 1)) {
                for (int i = 1; i < args.length; i++) {
                    ByteBuffer in = ByteBuffer.allocateDirect((int) whole.inputType(0).byteSize());
                    pre.encode(Images.read(Path.of(args[i])), null, in);
                    in.rewind();
                    float[] ours = pWhole.run(in)[0];
                    ByteBuffer theirs = tWhole.run(in);
                    for (int c = 0; c < classes; c++) {
                        wholeDiff = Math.max(wholeDiff, Math.abs(score(theirs, c, outQ) - ours[c]));
                    }
                    // backbone: compare the quantized embedding in LSB (ours is returned dequantized)
                    float[] emb = pBackbone.run(in)[0];
                    ByteBuffer tEmb = tBackbone.run(in);
                    var q = backbone.outputType(0).quantization();
                    for (int k = 0; k < emb.length; k++) {
                        int mine = Math.round(emb[k] / q.scale()) + q.zeroPoint();
                        int d = Math.abs(mine - (tEmb.get(k) & 0xff));
                        lsb = Math.max(lsb, d);
                        differing += d != 0 ? 1 : 0;
                        values++;
                    }
                    // head: the same embedding bytes (TFLite's) into both
                    ByteBuffer e = ByteBuffer.allocateDirect(tEmb.capacity());
                    e.put(tEmb.duplicate().rewind()).flip();
                    float[] h = pHead.run(e)[0];
                    ByteBuffer th = tHead.run(e);
                    for (int c = 0; c < classes; c++) {
                        headDiff = Math.max(headDiff, Math.abs(score(th, c, outQ) - h[c]));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%s vs TFLite %s builtin, %d images: whole file max |score diff| %.3g; "
                            + "backbone embedding max %d LSB (%d of %d values differ); head on equal "
                            + "embeddings max |score diff| %.3g%n", backend, TfliteBuiltinInterpreter.version(), args.length - 1, wholeDiff, lsb,
                    differing, values, headDiff);
        }
    }
}
