import java.nio.file.Path;
import org.mobilenet4j.backend.Backend;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.task.Classification;
import org.mobilenet4j.task.ImageClassifier;

/**
 * What a Maven user writes: classify one image with the library's public API only. Run by JarConsumerIT as a
 * single-file program on a class path of the published jars. Arguments: model image [backend]; without a
 * backend, the library chooses. Prints "backend index label score" of the top class.
 */
public class ClassifyImage {
    public static void main(String[] args) {
        Backend backend = args.length > 2 ? Backends.byName(args[2]) : Backends.best();
        try (ImageClassifier c = ImageClassifier.builder().model(Path.of(args[0])).backend(backend).maxResults(1)
                .build()) {
            Classification top = c.classify(Path.of(args[1])).get(0);
            System.out.println(backend.name() + " " + top.index() + " " + top.label() + " " + top.score());
        }
    }
}
