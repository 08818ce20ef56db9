package org.mobilenet4j.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Order, bounded memory, refusal of non-regular files, error rows, and every output format parsing. */
class BatchPipelineTest {

    @TempDir
    Path dir;

    /** n real files named 0..n-1, streamed lazily; counts how many were pulled. */
    private Iterator<InputPaths.Entry> files(int n, AtomicInteger pulled) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add(Files.writeString(dir.resolve(Integer.toString(i)), Integer.toString(i)));
        }
        Iterator<Path> it = paths.iterator();
        return new Iterator<>() {
            public boolean hasNext() {
                return it.hasNext();
            }

            public InputPaths.Entry next() {
                pulled.incrementAndGet();
                return new InputPaths.Entry(it.next(), null);
            }
        };
    }

    @Test
    void resultsArriveInInputOrderWithBoundedInputsInFlight() throws Exception {
        AtomicInteger pulled = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<Long> order = new ArrayList<>();
        int workers = 3;
        int[] maxAhead = {0};
        BatchPipeline.Summary s = new BatchPipeline(workers, false).run(files(200, pulled), f -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            running.decrementAndGet();
            return Integer.parseInt(Files.readString(f));
        }, r -> {
            assertEquals(r.index(), (long) r.value(), "value of the file at this index");
            order.add(r.index());
            maxAhead[0] = Math.max(maxAhead[0], pulled.get() - order.size());
        });
        assertEquals(200, s.count());
        assertEquals(0, s.failed());
        for (int i = 0; i < 200; i++) {
            assertEquals(i, order.get(i));
        }
        assertTrue(maxRunning.get() <= workers, "at most one task per worker: " + maxRunning);
        assertTrue(maxAhead[0] <= 2 * workers, "inputs pulled ahead of the sink: " + maxAhead[0]);
    }

    @Test
    void fifoIsRefusedWithoutBeingOpenedAndTheRunGoesOn() throws Exception {
        Path fifo = dir.resolve("pipe.jpg");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo unavailable");
        Path ok = Files.writeString(dir.resolve("ok"), "x");
        List<BatchResult<String>> got = new ArrayList<>();
        // opening the FIFO for reading would block forever (no writer): the timeout proves it is not opened
        BatchPipeline.Summary s = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> new BatchPipeline(2, false).run(List.of(new InputPaths.Entry(fifo, null),
                        new InputPaths.Entry(dir, null), new InputPaths.Entry(dir.resolve("gone"), null),
                        new InputPaths.Entry(ok, null)).iterator(), Files::readString, got::add));
        assertEquals(4, s.count());
        assertEquals(3, s.failed());
        assertTrue(got.get(0).error().contains("not a regular file"), got.get(0).error());
        assertTrue(got.get(1).error().contains("is a folder"), got.get(1).error());
        assertEquals("no such file " + dir.resolve("gone"), got.get(2).error());
        assertEquals("x", got.get(3).value());
    }

    @Test
    void failFastStopsAtTheFirstFailureAfterDeliveringEverythingBefore() throws Exception {
        AtomicInteger pulled = new AtomicInteger();
        List<Long> seen = new ArrayList<>();
        BatchPipeline.Summary s = new BatchPipeline(2, true).run(files(100, pulled), f -> {
            if (f.endsWith("10")) {
                throw new IOException("broken");
            }
            return 1;
        }, r -> seen.add(r.index()));
        assertEquals(11, s.count());
        assertEquals(1, s.failed());
        assertTrue(s.stoppedEarly());
        assertEquals(10L, seen.get(10));
        assertTrue(pulled.get() <= 11 + 4, "stopped pulling inputs: " + pulled);
    }

    /** A schema with one field, to exercise the formats. */
    private static final RowSchema<Integer> NUMBER = new RowSchema<>() {
        public List<String> csvColumns() {
            return List.of("n", "note");
        }

        public List<String> csvCells(Integer v) {
            return List.of(v.toString(), "a, \"quoted\" note");
        }

        public void addJson(JsonObject row, Integer v) {
            row.addProperty("n", v);
        }

        public List<String> textLines(Integer v) {
            return List.of("n = " + v);
        }
    };

    private String write(OutputFormat f, int rows) throws IOException {
        StringWriter s = new StringWriter();
        try (ResultWriter<Integer> w = new ResultWriter<>(f, NUMBER, "image", new PrintWriter(s))) {
            for (int i = 0; i < rows; i++) {
                w.accept(i == 1 ? new BatchResult<>(i, Path.of("bad \"one\".jpg"), null, "cannot decode: \"x\"\n")
                        : new BatchResult<>(i, Path.of("img" + i + ".jpg"), i, null));
            }
        }
        return s.toString();
    }

    @Test
    void jsonIsOneValidArrayWithErrorRowsAndEmptyWhenNothingRan() throws IOException {
        JsonArray a = JsonParser.parseString(write(OutputFormat.JSON, 3)).getAsJsonArray();
        assertEquals(3, a.size());
        assertEquals(2, a.get(2).getAsJsonObject().get("n").getAsInt());
        assertEquals("cannot decode: \"x\"\n", a.get(1).getAsJsonObject().get("error").getAsString());
        assertFalse(a.get(1).getAsJsonObject().has("n"));
        assertEquals(0, JsonParser.parseString(write(OutputFormat.JSON, 0)).getAsJsonArray().size());
    }

    @Test
    void jsonlIsOneObjectPerLine() throws IOException {
        String[] lines = write(OutputFormat.JSONL, 3).split("\n");
        assertEquals(3, lines.length);
        for (String l : lines) {
            JsonElement e = JsonParser.parseString(l);
            assertTrue(e.isJsonObject(), l);
        }
    }

    @Test
    void csvHasAHeaderAndOneQuotedRowPerInput() throws IOException {
        String csv = write(OutputFormat.CSV, 3);
        assertTrue(csv.startsWith("image,n,note,error\n"), csv);
        assertTrue(csv.contains("img0.jpg,0,\"a, \"\"quoted\"\" note\",\n"), csv);
        assertTrue(csv.contains("\"bad \"\"one\"\".jpg\",,,\"cannot decode: \"\"x\"\"\n\"\n"), csv);
    }

    @Test
    void aClosedOutputStopsTheRun() throws Exception {
        java.io.OutputStream closed = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        AtomicInteger pulled = new AtomicInteger();
        ResultWriter<Integer> w = new ResultWriter<>(OutputFormat.JSONL, NUMBER, "image", new PrintWriter(closed));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> new BatchPipeline(2, false).run(files(1000, pulled), f -> 1, w));
        assertTrue(e.getMessage().contains("output was closed"), e.getMessage());
        assertTrue(pulled.get() < 10, "stopped at once: " + pulled);
    }
}
