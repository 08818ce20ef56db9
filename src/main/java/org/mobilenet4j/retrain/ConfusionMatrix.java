package org.mobilenet4j.retrain;

import java.util.List;
import java.util.Locale;

/** Counts of (true class, predicted class) pairs over a labelled set. Immutable. */
public final class ConfusionMatrix {
    private final List<String> labels;
    private final int[][] counts;

    public ConfusionMatrix(List<String> labels, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("one prediction per true label");
        }
        this.labels = List.copyOf(labels);
        this.counts = new int[labels.size()][labels.size()];
        for (int i = 0; i < truth.length; i++) {
            counts[truth[i]][predicted[i]]++;
        }
    }

    public List<String> labels() {
        return labels;
    }

    /** Images of class {@code truth} predicted as {@code predicted}. */
    public int count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    public int total() {
        int n = 0;
        for (int[] row : counts) {
            for (int c : row) {
                n += c;
            }
        }
        return n;
    }

    /** Fraction on the diagonal (NaN for an empty set: no accuracy, not a zero one). */
    public double accuracy() {
        int right = 0;
        for (int c = 0; c < counts.length; c++) {
            right += counts[c][c];
        }
        int n = total();
        return n == 0 ? Double.NaN : right / (double) n;
    }

    /** A table: one row per true class, one column per prediction. */
    public String format() {
        int width = 10;
        for (String l : labels) {
            width = Math.max(width, l.length() + 1);
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "true\\pred"));
        for (String l : labels) {
            sb.append(String.format(Locale.ROOT, " %" + width + "s", l));
        }
        sb.append('\n');
        for (int t = 0; t < labels.size(); t++) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s", labels.get(t)));
            for (int p = 0; p < labels.size(); p++) {
                sb.append(String.format(Locale.ROOT, " %" + width + "d", counts[t][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
