package org.mobilenet4j.retrain;

/**
 * Hyper-parameters of {@link HeadTrainer}. Invalid values throw {@link IllegalArgumentException}.
 *
 * @param epochs         passes over the training set at most
 * @param learningRate   step size
 * @param batchSize      examples per step
 * @param weightDecay    L2 penalty on the weights (not the biases): adds {@code weightDecay * W} to the gradient
 * @param labelSmoothing target = (1 - s) one-hot + s / classes
 * @param optimizer      Adam or SGD with momentum
 * @param momentum       SGD momentum (ignored by Adam)
 * @param patience       stop after this many epochs without a lower validation loss (0: never stop early);
 *                       the weights of the best epoch are kept
 * @param seed           seeds the initial shuffle order: the same seed gives the same head bit for bit
 */
public record TrainingOptions(int epochs, double learningRate, int batchSize, double weightDecay,
                              double labelSmoothing, Optimizer optimizer, double momentum, int patience, long seed) {

    public static final int DEFAULT_EPOCHS = 200;
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final double DEFAULT_WEIGHT_DECAY = 1e-3;
    public static final int DEFAULT_PATIENCE = 20;
    public static final long DEFAULT_SEED = 42;

    /** Defaults: 200 epochs, Adam at 0.001, batch 32, weight decay 1e-3, no smoothing, patience 20, seed 42. */
    public static final TrainingOptions DEFAULTS = new TrainingOptions(DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE,
            DEFAULT_BATCH_SIZE, DEFAULT_WEIGHT_DECAY, 0, Optimizer.ADAM, 0.9, DEFAULT_PATIENCE, DEFAULT_SEED);

    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        java.util.Objects.requireNonNull(optimizer, "optimizer");
    }

    public TrainingOptions withEpochs(int n) {
        return new TrainingOptions(n, learningRate, batchSize, weightDecay, labelSmoothing, optimizer, momentum,
                patience, seed);
    }

    public TrainingOptions withLearningRate(double r) {
        return new TrainingOptions(epochs, r, batchSize, weightDecay, labelSmoothing, optimizer, momentum, patience,
                seed);
    }

    public TrainingOptions withBatchSize(int n) {
        return new TrainingOptions(epochs, learningRate, n, weightDecay, labelSmoothing, optimizer, momentum, patience,
                seed);
    }

    public TrainingOptions withWeightDecay(double d) {
        return new TrainingOptions(epochs, learningRate, batchSize, d, labelSmoothing, optimizer, momentum, patience,
                seed);
    }

    public TrainingOptions withLabelSmoothing(double s) {
        return new TrainingOptions(epochs, learningRate, batchSize, weightDecay, s, optimizer, momentum, patience,
                seed);
    }

    public TrainingOptions withOptimizer(Optimizer o) {
        return new TrainingOptions(epochs, learningRate, batchSize, weightDecay, labelSmoothing, o, momentum, patience,
                seed);
    }

    public TrainingOptions withPatience(int p) {
        return new TrainingOptions(epochs, learningRate, batchSize, weightDecay, labelSmoothing, optimizer, momentum, p,
                seed);
    }

    public TrainingOptions withSeed(long s) {
        return new TrainingOptions(epochs, learningRate, batchSize, weightDecay, labelSmoothing, optimizer, momentum,
                patience, s);
    }
}
