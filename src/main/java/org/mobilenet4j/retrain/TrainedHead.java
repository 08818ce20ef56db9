package org.mobilenet4j.retrain;

import java.util.List;

/**
 * The result of training a head.
 *
 * @param head      the head (of the best epoch when early stopping watched a validation set)
 * @param history   one entry per epoch run
 * @param bestEpoch the epoch whose weights were kept (1-based; 0 for imprinting, which has no epochs)
 */
public record TrainedHead(SoftmaxHead head, List<EpochStats> history, int bestEpoch) {
    public TrainedHead {
        history = List.copyOf(history);
    }
}
