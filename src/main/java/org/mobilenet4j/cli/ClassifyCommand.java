package org.mobilenet4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code classify}: top-K classes of each image. */
@Command(name = "classify", mixinStandardHelpOptions = true, description = "Classify images with a TFLite MobileNet.")
public final class ClassifyCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ClassifierOptions classifierOptions;

    @Option(names = "--labels", description = "labels file, one per line (default: the model's metadata)")
    Path labels;

    @Option(names = "--top", defaultValue = "5", description = "results per image (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--crop", defaultValue = "1.0",
            description = "centre crop to this fraction of the shorter side first (default: ${DEFAULT-VALUE}, no crop)")
    double crop;

    @Option(names = "--json", description = "print a JSON array, one object per image")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "JPEG, PNG or BMP files")
    List<Path> images;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ImageClassifier.Builder b = classifierOptions.builder(labels).maxResults(top).centerCrop(crop);
        PrintWriter out = spec.commandLine().getOut();
        JsonArray all = new JsonArray();
        try (ImageClassifier classifier = b.build()) {
            for (Path image : images) {
                List<Classification> results = classifier.classify(image);
                if (json) {
                    JsonObject o = new JsonObject();
                    o.addProperty("image", image.toString());
                    JsonArray rs = new JsonArray();
                    for (Classification c : results) {
                        JsonObject r = new JsonObject();
                        r.addProperty("index", c.index());
                        r.addProperty("label", c.label());
                        r.addProperty("score", c.score());
                        rs.add(r);
                    }
                    o.add("results", rs);
                    all.add(o);
                } else {
                    out.println(image);
                    for (Classification c : results) {
                        out.printf("  %4d  %-30s %.4f%n", c.index(), c.label(), c.score());
                    }
                }
            }
        }
        if (json) {
            out.println(Json.GSON.toJson(all));
        }
        out.flush();
        return 0;
    }
}
