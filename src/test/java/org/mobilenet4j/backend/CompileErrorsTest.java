package org.mobilenet4j.backend;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mobilenet4j.backend.xnnpack.XnnpackBackend;
import org.mobilenet4j.graph.Activation;
import org.mobilenet4j.graph.ConstantData;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphBuilder;
import org.mobilenet4j.graph.Op;
import org.mobilenet4j.graph.Quantization;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.model.InvalidModelException;

/** Backends refuse what they cannot run with the model exceptions, naming node, op and tensor. */
class CompileErrorsTest {

    /** A uint8 fully connected layer whose weights have one scale per output channel (TFLite allows only int8). */
    private static Graph perChannelUint8() {
        GraphBuilder b = new GraphBuilder("per-channel uint8");
        Quantization act = Quantization.perTensor(0.5f, 128);
        int x = b.input("x", new TensorType(new int[] {1, 4}, DataType.UINT8, act));
        int w = b.tensor("weights", new TensorType(new int[] {2, 4}, DataType.UINT8,
                new Quantization(new float[] {0.1f, 0.2f}, new long[] {128, 128}, 0)),
                new ConstantData(ByteBuffer.wrap(new byte[8])));
        int y = b.tensor("logits", new TensorType(new int[] {1, 2}, DataType.UINT8, act), null);
        b.addNode(new Op.FullyConnected(Activation.NONE), new int[] {x, w, -1}, new int[] {y}, "fc");
        b.output(y);
        return b.build();
    }

    @Test
    void perChannelUint8IsAnInvalidModelNamingTheTensorOnEveryBackend() {
        Assumptions.assumeTrue(XnnpackBackend.unavailableReason() == null, XnnpackBackend.unavailableReason());
        for (Backend backend : new Backend[] {new XnnpackBackend(), Backends.byName("reference")}) {
            InvalidModelException e = assertThrows(InvalidModelException.class,
                    () -> backend.compile(perChannelUint8(), BackendOptions.defaults()));
            String m = e.getMessage();
            assertTrue(m.contains("per-channel uint8") && m.contains("weights") && m.contains("per-channel"), m);
        }
    }
}
