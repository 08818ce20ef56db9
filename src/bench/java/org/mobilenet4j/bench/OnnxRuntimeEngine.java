package org.mobilenet4j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * ONNX Runtime (CPU execution provider, all graph optimizations) on the equivalent NCHW ONNX export of the
 * same graph and weights. The input tensor wraps one direct buffer, refilled before each timed run.
 */
final class OnnxRuntimeEngine implements Engine {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final FloatBuffer input;
    private final OnnxTensor tensor;
    private final String inputName;
    private final int h;
    private final int w;
    private float[] last;

    OnnxRuntimeEngine(byte[] onnx, int threads, int h, int w) throws Exception {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = env.createSession(onnx, options);
        inputName = session.getInputNames().iterator().next();
        this.h = h;
        this.w = w;
        input = ByteBuffer.allocateDirect(3 * h * w * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        tensor = OnnxTensor.createTensor(env, input, new long[] {1, 3, h, w});
    }

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public void setInput(float[] nhwc) {
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < h * w; i++) {
                input.put(c * h * w + i, nhwc[i * 3 + c]);
            }
        }
    }

    @Override
    public void run() throws Exception {
        try (OrtSession.Result r = session.run(Map.of(inputName, tensor))) {
            last = ((float[][]) r.get(0).getValue())[0];
        }
    }

    @Override
    public float[] output() {
        return last;
    }

    @Override
    public void close() {
        try {
            tensor.close();
            session.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
