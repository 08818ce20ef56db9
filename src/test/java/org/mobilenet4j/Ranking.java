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
}
