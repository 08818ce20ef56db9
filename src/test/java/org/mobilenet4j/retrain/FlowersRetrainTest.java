package org.mobilenet4j.retrain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;
import org.mobilenet4j.task.ImageEmbedder;

/**
 * The full flowers-128 run with the defaults, side by side with an independent logistic regression
 * (L-BFGS, C tuned on the validation split, as scikit-learn's LogisticRegression would be) on the same
 * embeddings and split. Slow (500 images through the Coral v1 1.0/224 extractor): {@code mvn test -Pfull -Dtest=FlowersRetrainTest}.
 */
class FlowersRetrainTest {

    @Test
    void defaultsScoreAtLeastATunedLogisticRegressionOnTheSameSplit() {
        Assumptions.assumeTrue(TestData.full(), "runs under -Pfull");
        Path flowers = TestData.file("datasets/flowers-128");
        Path model = TestData.file(RetrainerTest.EXTRACTOR);
        Path cache = Path.of("target", "retrain-cache");
        List<String> log = new ArrayList<>();
        RetrainResult ours = Retrainer.builder().images(flowers).model(model).cache(cache).log(log::add).build().run();
        RetrainResult imprinted = Retrainer.builder().images(flowers).model(model).cache(cache).imprint(true).build()
                .run();

        ImageFolder folder = ImageFolder.scan(flowers, 10, 10, s -> { });
        EmbeddedImages e;
        try (ImageEmbedder embedder = ImageEmbedder.builder().model(model).build()) {
            e = EmbeddedImages.compute(folder.images(), embedder, new EmbeddingCache(cache, embedder.cacheKey()), 2,
                    s -> { });
        }
        Examples train = e.examples(Split.TRAIN);
        Examples val = e.examples(Split.VALIDATION);
        Examples test = e.examples(Split.TEST);
        double bestC = 0;
        double bestVal = -1;
        SoftmaxHead best = null;
        for (double c : new double[] {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10}) {
            SoftmaxHead h = new LbfgsLogisticRegression(train, 5, 1 / (c * train.size())).fit(300);
            double v = h.accuracy(val);
            if (v > bestVal) {
                bestVal = v;
                bestC = c;
                best = h;
            }
        }
        double lr = best.accuracy(test);
        String figures = String.format(Locale.ROOT, "flowers-128 test split (%d images): retrain defaults %.4f, "
                        + "imprinting %.4f, L-BFGS logistic regression (C=%s, validation %.4f) %.4f; training %.2f s",
                test.size(), ours.testAccuracy(), imprinted.testAccuracy(), bestC, bestVal, lr, ours.trainSeconds());
        System.out.println(figures);
        assertTrue(ours.testAccuracy() >= lr, figures);
        assertTrue(ours.trainSeconds() < 5, figures);
    }
}
