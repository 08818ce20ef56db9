package org.mobilenet4j.backend.reference;

import org.mobilenet4j.backend.BackendOptions;
import org.mobilenet4j.backend.Executable;
import org.mobilenet4j.graph.Graph;

/** Runs a float graph with one input on the reference backend and returns its first output. */
final class Run {
    private Run() {
    }

    static float[] floats(Graph g, float[] input) {
        try (Executable exe = new ReferenceBackend().compile(g, BackendOptions.defaults())) {
            return org.mobilenet4j.FloatRun.run(exe, input);
        }
    }

    static float[] iota(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return v;
    }
}
