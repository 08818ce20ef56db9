package org.mobilenet4j.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.TestData;
import org.mobilenet4j.backend.Backends;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.Padding;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.model.ModelSource;
import org.mobilenet4j.model.UnsupportedModelException;
import org.mobilenet4j.tflite.TfliteWriter;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;

/**
 * A classifier ranks a score per class: an output of shape [1, N] or [1, 1, 1, N]. A model whose output is its
 * own input, or that has no ops, had been accepted with 128 x 128 x 3 = 49152 "classes" (its pixels ranked);
 * now it is refused naming the file and the output.
 */
class ClassifierOutputShapeTest {
    private static final String MODEL = "models/aosp-mlts/mobilenet_v1_0.25_128.tflite";

    private static ModelT shared() throws Exception {
        return ModelT.deserializeFromBinary(Files.readAllBytes(TestData.file(MODEL)));
    }

    private static void refused(ModelSource m, String output) {
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> ImageClassifier.builder().model(m).backend(Backends.byName("reference")).build());
        assertEquals(m.name() + ": its output " + output + " is not a score per class [1, N] or [1, 1, 1, N]; a "
                + "classifier cannot rank it", e.getMessage());
    }

    @Test
    void anOutputThatIsTheInputIsRefused() throws Exception {
        ModelT m = shared();
        SubGraphT g = m.getSubgraphs()[0];
        g.setOutputs(new int[] {g.getInputs()[0]});
        refused(ModelSource.of(m.serializeToBinary(), "out-is-input.tflite"), "float32[1x128x128x3]");
    }

    @Test
    void aModelWithoutOpsIsRefused() throws Exception {
        ModelT m = shared();
        SubGraphT g = m.getSubgraphs()[0];
        g.setOperators(new OperatorT[0]);
        g.setOutputs(new int[] {g.getInputs()[0]});
        refused(ModelSource.of(m.serializeToBinary(), "no-ops.tflite"), "float32[1x128x128x3]");
    }

    @Test
    void aFeatureMapIsRefusedAndAScoreVectorOfRankFourAccepted() {
        GraphBuilder b = new GraphBuilder("features");
        int x = b.input("x", TensorType.float32(1, 4, 4, 3));
        int conv = b.conv2d("conv", x, b.constant("w", new float[2 * 3], 2, 1, 1, 3), b.constant("b", new float[2], 2),
                1, Padding.SAME, Activation.NONE);
        b.output(conv);
        refused(ModelSource.of(TfliteWriter.toBytes(b.build()), "features.tflite"), "float32[1x4x4x2]");

        GraphBuilder s = new GraphBuilder("scores");
        int in = s.input("x", TensorType.float32(1, 1, 1, 3));
        s.output(s.conv2d("conv", in, s.constant("w", new float[] {1, 0, 0, 0, 1, 0}, 2, 1, 1, 3),
                s.constant("b", new float[2], 2), 1, Padding.SAME, Activation.NONE));
        try (ImageClassifier c = ImageClassifier.builder().model(ModelSource.of(TfliteWriter.toBytes(s.build()),
                "scores.tflite")).backend(Backends.byName("reference")).build()) {
            assertEquals(List.of("0", "1"), c.labels());
        }
    }
}
