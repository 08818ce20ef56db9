package org.mobilenet4j;

import java.util.stream.IntStream;

/** Top-k of raw uint8 score tensors, ties broken by the lower index (as TFLite's examples sort). */
public final class Ranking {
    private Ranking() {
    }

    public static int[] top5(byte[] v) {
        return IntStream.range(0, v.length).boxed()
                .sorted((a, b) -> (v[b] & 0xff) != (v[a] & 0xff) ? (v[b] & 0xff) - (v[a] & 0xff) : a - b)
                .limit(5).mapToInt(Integer::intValue).toArray();
    }

    /** Scores by class index, from a classifier's full result list. */
    public static float[] byIndex(java.util.List<org.mobilenet4j.task.Classification> all) {
        float[] s = new float[all.size()];
        for (org.mobilenet4j.task.Classification c : all) {
            s[c.index()] = c.score();
        }
        return s;
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Indices of the k highest scores, highest first, ties broken by the lower index. */
    public static int[] topK(float[] v, int k) {
        return IntStream.range(0, v.length).boxed()
                .sorted((a, b) -> v[b] != v[a] ? Float.compare(v[b], v[a]) : a - b)
                .limit(k).mapToInt(Integer::intValue).toArray();
    }
}
