package org.mobilenet4j.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.mobilenet4j.batch.ImageSuffixes;
import org.mobilenet4j.batch.InputPaths;
import org.mobilenet4j.cli.ProcessMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tflite-loop}: the baseline of {@code bench --images}: what a user writes with TFLite's C++ API from
 * Java (org.bytedeco:tensorflow-lite, default op resolver, so XNNPACK for float models) and ImageIO: one
 * thread, for each image ImageIO.read, a bilinear Graphics2D resize to the model input, copy into the input
 * tensor, Invoke, arg-max. Same files, same order as {@code classify}.
 */
@Command(name = "tflite-loop", mixinStandardHelpOptions = true,
        description = "Images/s of a plain single-threaded TFLite + ImageIO loop (decode, resize, inference).")
public final class TfliteLoopCommand implements Callable<Integer> {
    private static final int TFLITE_FLOAT32 = 1;
    private static final int TFLITE_UINT8 = 3;

    @Option(names = "--model", required = true, description = "a .tflite file (uint8 or float input)")
    Path model;

    @Option(names = "--threads", defaultValue = "1", description = "TFLite threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--repeat", defaultValue = "1", description = "go over the inputs R times (default: ${DEFAULT-VALUE})")
    int repeat;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "folders, files or globs of images")
    List<String> inputs;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            all.addAll(inputs);
        }
        FlatBufferModel fb = FlatBufferModel.BuildFromFile(model.toString());
        if (fb == null || fb.isNull()) {
            throw new IllegalStateException("TFLite could not load " + model);
        }
        try (BuiltinOpResolver resolver = new BuiltinOpResolver();
             Interpreter interpreter = new Interpreter((Pointer) null)) {
            InterpreterBuilder builder = new InterpreterBuilder(fb, resolver);
            builder.SetNumThreads(threads);
            if (builder.apply(interpreter) != 0 || interpreter.AllocateTensors() != 0) {
                throw new IllegalStateException("TFLite could not build an interpreter for " + model);
            }
            int inputIndex = interpreter.inputs().get(0);
            int type = interpreter.tensor(inputIndex).type();
            org.bytedeco.tensorflowlite.TfLiteIntArray dims = interpreter.tensor(inputIndex).dims();
            int h = dims.data(1);
            int w = dims.data(2);
            long count = 0;
            long failed = 0;
            long t0 = System.nanoTime();
            double cpu0 = ProcessMemory.cpuMs();
            InputPaths files = new InputPaths(all, () -> null, ImageSuffixes::accepts);
            while (files.hasNext()) {
                Path f = files.next().path();
                count++;
                BufferedImage img;
                try {
                    img = ImageIO.read(f.toFile());
                } catch (java.io.IOException e) {
                    img = null;
                }
                if (img == null) {
                    failed++;
                    continue;
                }
                byte[] bgr = resize(img, w, h);
                if (type == TFLITE_UINT8) {
                    byte[] rgb = new byte[w * h * 3];
                    for (int i = 0; i < w * h; i++) {
                        rgb[3 * i] = bgr[3 * i + 2];
                        rgb[3 * i + 1] = bgr[3 * i + 1];
                        rgb[3 * i + 2] = bgr[3 * i];
                    }
                    BytePointer in = interpreter.tensor(inputIndex).data().raw();
                    in.put(rgb, 0, rgb.length);
                } else if (type == TFLITE_FLOAT32) {
                    FloatPointer in = interpreter.typed_input_tensor_float(0);
                    float[] px = new float[w * h * 3];
                    for (int i = 0; i < w * h; i++) {
                        for (int c = 0; c < 3; c++) {
                            px[3 * i + c] = ((bgr[3 * i + 2 - c] & 0xff) - 127.5f) / 127.5f;
                        }
                    }
                    in.put(px);
                } else {
                    throw new IllegalStateException("input type " + type + " is neither uint8 nor float32");
                }
                if (interpreter.Invoke() != 0) {
                    throw new IllegalStateException("TFLite Invoke failed on " + f);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuPerImage = (ProcessMemory.cpuMs() - cpu0) / count;
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "tflite-loop %s, %d images (%d failed), %d thread(s): %.1f images/s, CPU time %.2f ms per image, "
                    + "peak RSS %.0f MB%n", model.getFileName(), count, failed, threads, count / seconds, cpuPerImage,
                    ProcessMemory.peakRssMb());
            out.flush();
        } finally {
            fb.close();
        }
        return 0;
    }

    private static byte[] resize(BufferedImage src, int w, int h) {
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return ((DataBufferByte) dst.getRaster().getDataBuffer()).getData();
    }
}
