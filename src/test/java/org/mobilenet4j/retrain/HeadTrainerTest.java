package org.mobilenet4j.retrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The softmax head trainer and imprinting on synthetic Gaussian clusters (known geometry, no images). */
class HeadTrainerTest {

    /** {@code perClass} points per class around random centres in {@code dim} dimensions, non-negative like ReLU features. */
    static Examples clusters(int classes, int perClass, int dim, double spread, long seed) {
        Random r = new Random(seed);
        double[][] centres = new double[classes][dim];
        for (double[] c : centres) {
            for (int i = 0; i < dim; i++) {
                c[i] = r.nextDouble() * 2;
            }
        }
        float[][] x = new float[classes * perClass][dim];
        int[] y = new int[x.length];
        List<LabeledImage> images = new ArrayList<>();
        for (int k = 0; k < x.length; k++) {
            y[k] = k % classes;
            for (int i = 0; i < dim; i++) {
                x[k][i] = (float) Math.max(0, centres[y[k]][i] + spread * r.nextGaussian());
            }
            images.add(new LabeledImage(Path.of("synthetic-" + k), y[k], Split.TRAIN));
        }
        return new Examples(x, y, images);
    }

    private static final Examples NONE = new Examples(new float[0][], new int[0], List.of());

    @Test
    void sameSeedSameHeadBitForBitOtherSeedOtherHead() {
        Examples train = clusters(4, 30, 16, 1.0, 1);
        Examples val = clusters(4, 5, 16, 1.0, 1);
        TrainingOptions o = TrainingOptions.DEFAULTS.withEpochs(15);
        SoftmaxHead a = HeadTrainer.train(train, val, 4, o, s -> { }).head();
        SoftmaxHead b = HeadTrainer.train(train, val, 4, o, s -> { }).head();
        SoftmaxHead c = HeadTrainer.train(train, val, 4, o.withSeed(7), s -> { }).head();
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(a.weights()[k], b.weights()[k]);
        }
        assertArrayEquals(a.bias(), b.bias());
        assertFalse(Arrays.equals(a.weights()[0], c.weights()[0]), "another seed shuffles differently");
    }

    @Test
    void reachesTheOptimumAnIndependentLbfgsFindsAndItsAccuracy() {
        Examples train = clusters(5, 40, 32, 1.5, 2);
        Examples test = clusters(5, 40, 32, 1.5, 2 + 100);
        double lambda = 1e-2;
        LbfgsLogisticRegression oracle = new LbfgsLogisticRegression(train, 5, lambda);
        SoftmaxHead best = oracle.fit(500);
        double optimum = oracle.objective(best);
        TrainingOptions o = TrainingOptions.DEFAULTS.withEpochs(1500).withWeightDecay(lambda).withLearningRate(0.01)
                .withBatchSize(train.size()).withPatience(0); // full batch: no mini-batch noise at the optimum
        SoftmaxHead ours = HeadTrainer.train(train, NONE, 5, o, s -> { }).head();
        double reached = oracle.objective(ours);
        assertTrue(reached >= optimum - 1e-6, "nothing beats the optimum: " + reached + " < " + optimum);
        assertTrue(reached - optimum < 0.01 * optimum, "objective " + reached + " vs optimum " + optimum);
        assertEquals(best.accuracy(test), ours.accuracy(test), 0.03);
    }

    @Test
    void earlyStoppingKeepsTheEpochOfLowestValidationLoss() {
        Examples train = clusters(3, 10, 64, 3.0, 3); // few, noisy examples in many dimensions: it overfits
        Examples val = clusters(3, 20, 64, 3.0, 3 + 100);
        List<EpochStats> seen = new ArrayList<>();
        TrainedHead t = HeadTrainer.train(train, val, 3, TrainingOptions.DEFAULTS.withWeightDecay(0)
                .withLearningRate(0.05).withPatience(5), seen::add);
        assertTrue(seen.size() < 200, "stopped early");
        EpochStats best = seen.stream().min((a, b) -> Double.compare(a.validationLoss(), b.validationLoss())).get();
        assertEquals(best.epoch(), t.bestEpoch());
        assertEquals(best.validationLoss(), t.head().loss(val), 1e-12);
        assertEquals(seen.size(), t.bestEpoch() + 5);
    }

    @Test
    void labelSmoothingShrinksConfidence() {
        Examples train = clusters(3, 30, 8, 0.3, 4);
        TrainingOptions o = TrainingOptions.DEFAULTS.withEpochs(100).withPatience(0).withLearningRate(0.01);
        SoftmaxHead hard = HeadTrainer.train(train, NONE, 3, o, s -> { }).head();
        SoftmaxHead soft = HeadTrainer.train(train, NONE, 3, o.withLabelSmoothing(0.3), s -> { }).head();
        double pHard = hard.probabilities(train.x()[0])[train.y()[0]];
        double pSoft = soft.probabilities(train.x()[0])[train.y()[0]];
        assertTrue(pSoft < pHard && pSoft < 0.85, pSoft + " vs " + pHard);
    }

    @Test
    void sgdWithMomentumLearnsToo() {
        Examples train = clusters(3, 30, 8, 0.5, 5);
        SoftmaxHead h = HeadTrainer.train(train, NONE, 3, TrainingOptions.DEFAULTS.withOptimizer(Optimizer.SGD)
                .withEpochs(50).withLearningRate(0.05), s -> { }).head();
        assertTrue(h.accuracy(train) > 0.95, "accuracy " + h.accuracy(train));
    }

    @Test
    void fiveHundredEmbeddingsOf1024TrainInUnderFiveSecondsOnOneThread() {
        Examples train = clusters(5, 100, 1024, 1.0, 6);
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = bean.getCurrentThreadCpuTime(); // CPU time: other processes on the machine do not count
        TrainedHead t = HeadTrainer.train(train, NONE, 5, TrainingOptions.DEFAULTS.withEpochs(100), s -> { });
        double seconds = (bean.getCurrentThreadCpuTime() - t0) / 1e9;
        assertEquals(100, t.history().size());
        assertTrue(seconds < 5, "100 epochs took " + seconds + " s of CPU");
    }

    @Test
    void imprintingWeightsAreScaledNormalizedMeansOfNormalizedEmbeddings() {
        Examples few = clusters(3, 3, 10, 0.2, 7); // three images per class
        TrainedHead t = Imprinting.imprint(few, 3);
        float[][] w = t.head().weights();
        for (int c = 0; c < 3; c++) {
            double[] mean = new double[10];
            for (int k = 0; k < few.size(); k++) {
                if (few.y()[k] == c) {
                    double n = 0;
                    for (float v : few.x()[k]) {
                        n += v * v;
                    }
                    for (int i = 0; i < 10; i++) {
                        mean[i] += few.x()[k][i] / Math.sqrt(n);
                    }
                }
            }
            double mn = Math.sqrt(Arrays.stream(mean).map(v -> v * v).sum());
            double wn = 0;
            for (float v : w[c]) {
                wn += v * v;
            }
            wn = Math.sqrt(wn);
            for (int i = 0; i < 10; i++) {
                assertEquals(mean[i] / mn, w[c][i] / wn, 1e-6);
            }
        }
        assertEquals(1.0, t.head().accuracy(clusters(3, 20, 10, 0.2, 7)), 1e-9, "same centres, new points");
    }

    @Test
    void badOptionsAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.DEFAULTS.withLearningRate(0));
        assertTrue(e.getMessage().contains("learning rate"));
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.DEFAULTS.withLabelSmoothing(1));
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.DEFAULTS.withBatchSize(0));
    }
}
