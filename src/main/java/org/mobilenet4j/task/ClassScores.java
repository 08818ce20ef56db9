package org.mobilenet4j.task;

import java.util.ArrayList;
import java.util.List;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;

/**
 * An image classifier's post-processing: the output as floats (already dequantized) becomes probabilities
 * (softmax applied when the model outputs logits), then the best classes above the threshold, labelled.
 * Immutable and thread-safe.
 */
final class ClassScores {
    private final List<String> labels;
    private final boolean appliesSoftmax;
    private final int maxResults;
    private final float scoreThreshold;

    ClassScores(List<String> labels, boolean appliesSoftmax, int maxResults, float scoreThreshold) {
        this.labels = labels;
        this.appliesSoftmax = appliesSoftmax;
        this.maxResults = checkMaxResults(maxResults);
        this.scoreThreshold = checkThreshold(scoreThreshold);
    }

    static int checkMaxResults(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxResults must be at least 1, got " + n);
        }
        return n;
    }

    static float checkThreshold(float t) {
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("scoreThreshold must be in [0, 1], got " + t);
        }
        return t;
    }

    /** True when {@code g} outputs logits: its last node that is not a reshape or (de)quantize is no softmax. */
    static boolean outputsLogits(Graph g) {
        List<Node> nodes = g.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Op op = nodes.get(i).op();
            if (!(op instanceof Op.Reshape || op instanceof Op.Quantize || op instanceof Op.Dequantize)) {
                return !(op instanceof Op.Softmax);
            }
        }
        return true;
    }

    boolean appliesSoftmax() {
        return appliesSoftmax;
    }

    /** Probabilities from the model's (dequantized) output, in place. */
    float[] probabilities(float[] s) {
        if (!appliesSoftmax) {
            return s;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float v : s) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.exp(s[i] - max);
            sum += s[i];
        }
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (s[i] / sum);
        }
        return s;
    }

    /** The label of output {@code i}: from the labels, else the index in decimal. */
    String label(int i) {
        return labels != null ? labels.get(i) : Integer.toString(i);
    }

    /** The best {@code maxResults} classes with a probability of at least the threshold, best first. */
    List<Classification> top(float[] scores) {
        List<Classification> result = new ArrayList<>();
        boolean[] taken = new boolean[scores.length];
        for (int k = 0; k < Math.min(maxResults, scores.length); k++) {
            int best = -1;
            for (int i = 0; i < scores.length; i++) {
                if (!taken[i] && (best < 0 || scores[i] > scores[best])) {
                    best = i;
                }
            }
            if (scores[best] < scoreThreshold) {
                break;
            }
            taken[best] = true;
            result.add(new Classification(best, label(best), scores[best]));
        }
        return List.copyOf(result);
    }
}
