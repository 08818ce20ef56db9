package org.mobilenet4j.backend.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.tflite.TfliteImporter;

/**
 * The per-op suite covers what the real models use: every (op kind, types) signature ({@link OpSignature}) of
 * every node of every model under ../shared/models, imported with the TFLite importer, is among the
 * signatures of the suite's cases as the default {@code mvn test} samples them. A model with an op or type
 * combination the suite does not test fails here, naming it and the model. Also every op of the sealed
 * {@link Op} hierarchy has cases.
 */
class OpCoverageTest {

    private static Set<String> suiteSignatures() {
        Set<String> covered = new TreeSet<>();
        for (OpCase c : OpCases.sampled()) {
            Graph g = c.graph();
            for (Node n : g.nodes()) {
                covered.add(OpSignature.of(g, n));
            }
        }
        return covered;
    }

    @Test
    void everyOpOfEveryModelHasSuiteCases() throws IOException {
        Path models = TestData.file("models");
        List<Path> files;
        try (Stream<Path> s = Files.walk(models)) {
            files = s.filter(p -> p.toString().endsWith(".tflite")).sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() >= 10, "models found: " + files);
        Set<String> covered = suiteSignatures();
        Map<String, String> missing = new TreeMap<>();
        Set<String> used = new TreeSet<>();
        for (Path f : files) {
            Graph g = TfliteImporter.read(f).graph();
            for (Node n : g.nodes()) {
                String sig = OpSignature.of(g, n);
                used.add(sig);
                if (!covered.contains(sig)) {
                    missing.putIfAbsent(sig, models.relativize(f).toString());
                }
            }
        }
        assertEquals(Map.of(), missing, "model ops the per-op suite does not test (signature=first model); models use "
                + used);
    }

    @Test
    void everyOpKindHasCases() {
        Set<String> kinds = new TreeSet<>();
        for (Class<?> c : Op.class.getPermittedSubclasses()) {
            kinds.add(c.getSimpleName());
        }
        Set<String> tested = new TreeSet<>();
        for (String s : suiteSignatures()) {
            tested.add(s.substring(0, s.indexOf(' ')));
        }
        assertEquals(kinds, tested);
    }
}
