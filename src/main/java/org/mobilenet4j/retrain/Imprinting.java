package org.mobilenet4j.retrain;

/**
 * Weight imprinting (Qi, Brown, Lowe 2018; Coral's ImprintingEngine): each class's weight row is the mean of
 * its L2-normalized training embeddings, normalized again, so from a handful of images per class the head
 * ranks classes by cosine similarity to their mean. The exported head applies the weights to the raw
 * embedding, which scales every logit of an image by the same norm: the ranking is the cosine ranking. The
 * weights are scaled so that logits of a typical image span about {@link #SCALE} (Coral's temperature).
 */
public final class Imprinting {
    /** Logit of a perfect match for an embedding of average norm. */
    public static final double SCALE = 10;

    private Imprinting() {
    }

    public static TrainedHead imprint(Examples train, int classes) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        int dim = train.x()[0].length;
        double[][] sum = new double[classes][dim];
        int[] count = new int[classes];
        double normSum = 0;
        for (int k = 0; k < train.size(); k++) {
            float[] x = train.x()[k];
            double norm = norm(x);
            normSum += norm;
            if (norm == 0) {
                continue;
            }
            int y = train.y()[k];
            count[y]++;
            for (int i = 0; i < dim; i++) {
                sum[y][i] += x[i] / norm;
            }
        }
        double scale = SCALE / Math.max(normSum / train.size(), 1e-12);
        float[][] w = new float[classes][dim];
        for (int c = 0; c < classes; c++) {
            if (count[c] == 0) {
                throw new IllegalArgumentException("class " + c + " has no training image to imprint");
            }
            double n = 0;
            for (double s : sum[c]) {
                n += s * s;
            }
            n = Math.sqrt(n);
            for (int i = 0; i < dim; i++) {
                w[c][i] = (float) (sum[c][i] / n * scale);
            }
        }
        return new TrainedHead(new SoftmaxHead(w, new float[classes]), java.util.List.of(), 0);
    }

    private static double norm(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
