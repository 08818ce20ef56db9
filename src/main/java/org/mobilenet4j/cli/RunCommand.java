package org.mobilenet4j.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.batch.ErrorText;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.TensorType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: one raw input tensor through a model, the raw output tensor out (golden tests). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a model on a raw input tensor (model's input type, little-endian, NHWC) and write the "
                + "raw output tensor.")
public final class RunCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ModelOptions model;

    @Option(names = "--input", required = true, description = "raw input tensor file")
    Path input;

    @Option(names = "--output", required = true, description = "where to write the raw output tensor")
    Path output;

    @CommandLine.Mixin
    ComputeOptions compute;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(input) && Files.exists(output) && Files.isSameFile(input, output)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--output " + output
                    + " is the same file as --input " + input + ": the output would overwrite the input; give "
                    + "another --output");
        }
        checkOutput();
        Graph graph = model.load().graph();
        if (graph.inputs().length != 1 || graph.outputs().length != 1) {
            throw new IllegalArgumentException("run reads one --input tensor and writes one --output tensor; "
                    + "--model " + model.model + " has " + graph.inputs().length + " input(s) and "
                    + graph.outputs().length + " output(s)");
        }
        TensorType inType = graph.inputType(0);
        // size first: a 3 GB file or a device must not be read to find out it is wrong
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("--input " + input.toAbsolutePath() + " is not a regular file"
                    + (Files.exists(input) ? " (a FIFO, device or folder is not read)" : " (no such file)"));
        }
        long size = Files.size(input);
        if (size != inType.byteSize()) {
            throw new IllegalArgumentException("--input " + input.toAbsolutePath() + " has " + size
                    + " bytes; the model's input " + inType + " takes " + inType.byteSize());
        }
        byte[] raw = Files.readAllBytes(input);
        if (raw.length != size) {
            throw new IllegalArgumentException("--input " + input.toAbsolutePath() + " changed size while read");
        }
        ByteBuffer in = ByteBuffer.allocateDirect(raw.length).order(ByteOrder.LITTLE_ENDIAN);
        in.put(raw).flip();
        ByteBuffer out;
        try (Executable exe = compute.backend(spec).compile(graph, new BackendOptions(compute.threads(spec)))) {
            // a float-only backend runs a quantized model dequantized: its outputs are float
            TensorType outType = exe.graph().outputType(0);
            out = ByteBuffer.allocateDirect((int) outType.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            exe.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
        }
        byte[] result = new byte[out.remaining()];
        out.get(result);
        try {
            Files.write(output, result);
        } catch (IOException e) {
            throw new IOException("cannot write --output " + output + ": " + ErrorText.of(e), e);
        }
        return 0;
    }

    /** Before the model runs: --output can be written, in a folder that exists (named as the user gave it). */
    private void checkOutput() {
        Path dir = output.toAbsolutePath().getParent();
        Path shown = output.getParent() != null ? output.getParent() : Path.of(".");
        if (Files.isDirectory(output)) {
            throw new IllegalArgumentException("--output " + output + ": is a folder; give a file name");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--output " + output + ": " + (Files.exists(dir)
                    ? shown + " is not a folder" : "no such folder " + shown));
        }
        if (!Files.isWritable(dir) || Files.exists(output) && !Files.isWritable(output)) {
            throw new IllegalArgumentException("--output " + output + ": permission denied");
        }
    }
}
