package org.mobilenet4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The look-ahead without Spark: order, bounds, which thread pulls the input, failures. */
class AheadIteratorTest {

    /** Input that records the threads pulling it and how far it has been pulled. */
    private static final class Input implements Iterator<Integer> {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final int n;
        int next;

        Input(int n) {
            this.n = n;
        }

        @Override
        public boolean hasNext() {
            return next < n;
        }

        @Override
        public Integer next() {
            threads.add(Thread.currentThread().getName());
            return next++;
        }
    }

    @Test
    void resultsComeInInputOrderWithAtMostInFlightPulledAhead() {
        for (int inFlight : new int[] {1, 2, 3, 8}) {
            Input in = new Input(200);
            Set<String> workers = ConcurrentHashMap.newKeySet();
            AheadIterator<Integer, Integer> it = new AheadIterator<>(in, i -> {
                workers.add(Thread.currentThread().getName());
                try {
                    Thread.sleep((i * 7) % 3); // later rows often finish first
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return i * i;
            }, inFlight);
            List<Integer> out = new ArrayList<>();
            while (it.hasNext()) {
                out.add(it.next());
                assertTrue(in.next - out.size() <= inFlight - 1, "pulled " + in.next + " for " + out.size());
            }
            assertEquals(IntStream.range(0, 200).map(i -> i * i).boxed().toList(), out, "inFlight " + inFlight);
            assertEquals(Set.of(Thread.currentThread().getName()), in.threads,
                    "input pulled on the task's thread only");
            assertEquals(inFlight > 1, workers.stream().anyMatch(w -> w.startsWith("mobilenet4j-spark-")),
                    "pool used: " + workers);
        }
    }

    @Test
    void aFailureReachesTheCallerAndTheRestIsDropped() {
        AtomicInteger ran = new AtomicInteger();
        AheadIterator<Integer, Integer> it = new AheadIterator<>(new Input(100), i -> {
            ran.incrementAndGet();
            if (i == 3) {
                throw new IllegalStateException("row 3 failed");
            }
            return i;
        }, 4);
        for (int i = 0; i < 3; i++) {
            assertEquals(i, it.next());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
        assertEquals("row 3 failed", e.getMessage());
        assertTrue(ran.get() <= 7, ran.get() + " rows run");
        assertThrows(IllegalArgumentException.class, () -> new AheadIterator<>(new Input(1), i -> i, 0));
        AheadIterator<Integer, Integer> empty = new AheadIterator<>(new Input(0), i -> i, 2);
        assertFalse(empty.hasNext());
    }
}
