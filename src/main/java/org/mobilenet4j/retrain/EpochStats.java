package org.mobilenet4j.retrain;

/**
 * One epoch of training, for progress lines and reports.
 *
 * @param epoch              1-based
 * @param trainLoss          mean training loss over the epoch's steps (with smoothing and weight decay)
 * @param trainAccuracy      training accuracy over the epoch (each example scored just before its step, as Keras reports it)
 * @param validationLoss     validation cross-entropy (NaN with no validation set)
 * @param validationAccuracy validation accuracy (NaN with no validation set)
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                         double validationAccuracy) {

    /** "epoch 12  loss 0.4312  train 0.912  validation 0.860 (loss 0.5120)". */
    public String line() {
        return String.format(java.util.Locale.ROOT, "epoch %3d  loss %.4f  train %.3f  validation %s", epoch,
                trainLoss, trainAccuracy, Double.isNaN(validationAccuracy) ? "-"
                        : String.format(java.util.Locale.ROOT, "%.3f (loss %.4f)", validationAccuracy, validationLoss));
    }
}
