package org.mobilenet4j.retrain;

/**
 * The head's verdict on one labelled image.
 *
 * @param image         the image
 * @param predicted     the most probable class
 * @param probabilities one per class
 */
public record Prediction(LabeledImage image, int predicted, double[] probabilities) {
    public boolean correct() {
        return predicted == image.label();
    }

    /** The probability given to the true class. */
    public double trueClassProbability() {
        return probabilities[image.label()];
    }
}
