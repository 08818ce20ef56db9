package org.mobilenet4j.retrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a {@link SoftmaxHead} (multinomial logistic regression) on embeddings: mini-batch Adam or SGD with
 * momentum from zero weights, cross-entropy with optional label smoothing, L2 weight decay on the weights,
 * early stopping on validation loss (the best epoch's weights are kept). Single-threaded with sums in a fixed
 * order and a seeded shuffle, so the same data and options give the same head bit for bit.
 * Stateless; thread-safe.
 */
public final class HeadTrainer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private HeadTrainer() {
    }

    /**
     * Trains on {@code train}; {@code validation} (may be empty) drives early stopping. Each epoch's stats go to
     * {@code progress}.
     */
    public static TrainedHead train(Examples train, Examples validation, int classes, TrainingOptions o,
                                    Consumer<EpochStats> progress) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        int dim = train.x()[0].length;
        int params = classes * (dim + 1); // row c: dim weights then the bias
        double[] w = new double[params];
        double[] grad = new double[params];
        double[] m = new double[params];
        double[] v = new double[params];
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(o.seed());
        double smooth = o.labelSmoothing();
        List<EpochStats> history = new ArrayList<>();
        SoftmaxHead best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        long step = 0;
        double[] z = new double[classes];
        for (int epoch = 1; epoch <= o.epochs(); epoch++) {
            shuffle(order, random);
            double lossSum = 0;
            int right = 0;
            for (int start = 0; start < order.length; start += o.batchSize()) {
                int end = Math.min(order.length, start + o.batchSize());
                java.util.Arrays.fill(grad, 0);
                double batchLoss = 0;
                for (int k = start; k < end; k++) {
                    float[] x = train.x()[order[k]];
                    int y = train.y()[order[k]];
                    for (int c = 0; c < classes; c++) {
                        int row = c * (dim + 1);
                        z[c] = w[row + dim] + Dot.of(w, row, x);
                    }
                    double[] p = SoftmaxHead.softmax(z);
                    right += SoftmaxHead.argmax(z) == y ? 1 : 0;
                    for (int c = 0; c < classes; c++) {
                        double t = (c == y ? 1 - smooth : 0) + smooth / classes;
                        batchLoss -= t * Math.log(Math.max(p[c], 1e-300));
                        double g = p[c] - t;
                        int row = c * (dim + 1);
                        for (int i = 0; i < dim; i++) {
                            grad[row + i] += g * x[i];
                        }
                        grad[row + dim] += g;
                    }
                }
                int n = end - start;
                double decayLoss = 0;
                for (int c = 0; c < classes; c++) {
                    int row = c * (dim + 1);
                    for (int i = 0; i < dim; i++) {
                        grad[row + i] = grad[row + i] / n + o.weightDecay() * w[row + i];
                        decayLoss += w[row + i] * w[row + i];
                    }
                    grad[row + dim] /= n;
                }
                lossSum += batchLoss + n * 0.5 * o.weightDecay() * decayLoss;
                step++;
                update(w, grad, m, v, step, o);
            }
            SoftmaxHead head = toHead(w, classes, dim);
            double valLoss = validation.size() > 0 ? head.loss(validation) : Double.NaN;
            EpochStats stats = new EpochStats(epoch, lossSum / order.length, right / (double) order.length, valLoss,
                    validation.size() > 0 ? head.accuracy(validation) : Double.NaN);
            history.add(stats);
            progress.accept(stats);
            if (validation.size() == 0) {
                best = head;
                bestEpoch = epoch;
            } else if (valLoss < bestLoss) {
                bestLoss = valLoss;
                best = head;
                bestEpoch = epoch;
            } else if (o.patience() > 0 && epoch - bestEpoch >= o.patience()) {
                break;
            }
        }
        return new TrainedHead(best, history, bestEpoch);
    }

    private static void update(double[] w, double[] grad, double[] m, double[] v, long step, TrainingOptions o) {
        double lr = o.learningRate();
        if (o.optimizer() == Optimizer.SGD) {
            for (int i = 0; i < w.length; i++) {
                m[i] = o.momentum() * m[i] + grad[i];
                w[i] -= lr * m[i];
            }
            return;
        }
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        for (int i = 0; i < w.length; i++) {
            m[i] = BETA1 * m[i] + (1 - BETA1) * grad[i];
            v[i] = BETA2 * v[i] + (1 - BETA2) * grad[i] * grad[i];
            w[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
        }
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static SoftmaxHead toHead(double[] w, int classes, int dim) {
        float[][] weights = new float[classes][dim];
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            int row = c * (dim + 1);
            for (int i = 0; i < dim; i++) {
                weights[c][i] = (float) w[row + i];
            }
            bias[c] = (float) w[row + dim];
        }
        return new SoftmaxHead(weights, bias);
    }
}
