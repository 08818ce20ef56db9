package org.mobilenet4j.spark;

import java.io.Serializable;

/**
 * What an executor needs to build a task, besides the shipped bytes: everything the output depends on. Two
 * specs with equal {@link #key()} share one loaded model per JVM.
 *
 * @param kind        "classify" or "embed"
 * @param modelName   the model's file name (messages only)
 * @param sha256      the model's SHA-256, with the head's after a '+' if one runs after it
 * @param labelsSha256 SHA-256 of the labels that replace the model's, or "" (classify)
 * @param backend     backend name, or "" for the library's best
 * @param threads     threads per call
 * @param crop        centre crop fraction
 * @param topK        classifications kept (classify)
 * @param layer       embedding tensor name, or "" for automatic (embed)
 * @param l2Normalize scale embeddings to unit length (embed)
 */
record TaskSpec(String kind, String modelName, String sha256, String labelsSha256, String backend, int threads,
                double crop, int topK, String layer, boolean l2Normalize) implements Serializable {

    String key() {
        return kind + " " + sha256 + " labels=" + labelsSha256 + " backend=" + backend + " threads=" + threads
                + " crop=" + crop + " topK=" + topK + " layer=" + layer + " l2=" + l2Normalize;
    }
}
