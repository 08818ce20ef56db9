package org.mobilenet4j.task;

/**
 * One result: the output index (index 0 is "background" in the 1001-class ImageNet models), its label
 * (the index as text when the model has no labels) and its probability.
 */
public record Classification(int index, String label, float score) {
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d %s %.5f", index, label, score);
    }
}
