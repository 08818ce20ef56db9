package org.mobilenet4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mobilenet4j.task.Embedding;
import org.mobilenet4j.task.ImageEmbedder;
import org.mobilenet4j.vision.InvalidImageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code embed}: the feature vector of each image, one JSON object per line or one CSV row per image. An image
 * that cannot be decoded is reported on stderr and skipped; the exit code is then 1.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Feature vectors (embeddings) of images: the input of a classifier's logits layer, a named "
                + "tensor, or an embedding model's output.")
public final class EmbedCommand implements Callable<Integer> {
    private static final Gson LINE = new GsonBuilder().disableHtmlEscaping().create();
    private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

    enum Format { jsonl, csv }

    @CommandLine.Mixin
    ClassifierOptions modelOptions;

    @CommandLine.Mixin
    ComputeOptions compute;

    @Option(names = "--layer", description = "tensor name to read (default: the input of the last fully connected "
            + "or 1x1 logits layer, else the model's output)")
    String layer;

    @Option(names = "--l2-normalize", description = "scale each embedding to unit length")
    boolean l2Normalize;

    @Option(names = "--quantize", description = "write the int8 scalar quantization (round(v * 128)) instead of floats")
    boolean quantize;

    @Option(names = "--format", required = true, description = "jsonl or csv")
    Format format;

    @Parameters(arity = "1..*", paramLabel = "IMAGE|DIR",
            description = "image files, or directories whose JPEG, PNG, BMP and GIF files are read "
                    + "(recursively, sorted)")
    List<Path> inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<Path> images = images(inputs);
        ImageEmbedder.Builder b = modelOptions.configure(ImageEmbedder.builder(),
                ModelReference.resolve(modelOptions.model), compute, spec).l2Normalize(l2Normalize).quantize(quantize);
        if (layer != null) {
            b.layer(layer);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        try (ImageEmbedder embedder = b.build()) {
            if (format == Format.csv) {
                out.println(csvHeader(embedder.dimension()));
            }
            for (Path image : images) {
                Embedding e;
                try {
                    e = embedder.embed(image);
                } catch (InvalidImageException ex) {
                    err.println("error: " + ex.getMessage());
                    failed++;
                    continue;
                }
                out.println(format == Format.csv ? csvRow(image, e) : jsonLine(image, embedder.layer(), e));
            }
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    /** The files named, and the image files under the directories named. */
    private static List<Path> images(List<Path> inputs) {
        List<Path> images = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(EmbedCommand::isImage).sorted().forEach(images::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(p)) {
                images.add(p);
            } else {
                throw new CommandLine.ParameterException(new CommandLine(new EmbedCommand()),
                        "no such file or directory: " + p);
            }
        }
        return images;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    private String jsonLine(Path image, String tensor, Embedding e) {
        JsonObject o = new JsonObject();
        o.addProperty("image", image.toString());
        o.addProperty("layer", tensor);
        JsonArray values = new JsonArray();
        if (quantize) {
            for (byte q : e.quantized()) {
                values.add(q);
            }
        } else {
            for (float v : e.values()) {
                values.add(v);
            }
        }
        o.add("embedding", values);
        return LINE.toJson(o);
    }

    private static String csvHeader(int dimension) {
        StringBuilder s = new StringBuilder("image");
        for (int i = 0; i < dimension; i++) {
            s.append(",e").append(i);
        }
        return s.toString();
    }

    private String csvRow(Path image, Embedding e) {
        StringBuilder s = new StringBuilder("\"").append(image.toString().replace("\"", "\"\"")).append('"');
        if (quantize) {
            for (byte q : e.quantized()) {
                s.append(',').append(q);
            }
        } else {
            for (float v : e.values()) {
                s.append(',').append(v);
            }
        }
        return s.toString();
    }
}
