package org.mobilenet4j.retrain;

/** How {@link HeadTrainer} steps: Adam (default) or SGD with momentum. */
public enum Optimizer {
    ADAM, SGD
}
