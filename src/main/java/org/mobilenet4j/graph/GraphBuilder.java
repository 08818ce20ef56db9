package org.mobilenet4j.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link Graph} node by node. The float helpers ({@link #conv2d}, {@link #depthwiseConv2d}, ...)
 * infer output shapes; {@link #addNode} takes explicit output tensors (importers that know them).
 */
public final class GraphBuilder {
    private final String name;
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Integer> inputs = new ArrayList<>();
    private final List<Integer> outputs = new ArrayList<>();

    public GraphBuilder(String name) {
        this.name = name;
    }

    public int tensor(String tensorName, TensorType type, ConstantData data) {
        int id = tensors.size();
        tensors.add(new Tensor(id, tensorName, type, data));
        return id;
    }

    /** A bias that holds a batch norm folded into the preceding convolution. */
    public int batchNormBias(String tensorName, float[] values) {
        int id = tensors.size();
        tensors.add(new Tensor(id, tensorName, TensorType.float32(values.length), ConstantData.ofFloats(values), true));
        return id;
    }

    public int constant(String tensorName, float[] values, int... shape) {
        return tensor(tensorName, TensorType.float32(shape), ConstantData.ofFloats(values));
    }

    /** Constant data of a tensor, or null for activations. */
    public ConstantData data(int id) {
        return tensors.get(id).data();
    }

    public TensorType type(int id) {
        return tensors.get(id).type();
    }

    public int input(String tensorName, TensorType type) {
        int id = tensor(tensorName, type, null);
        inputs.add(id);
        return id;
    }

    public void output(int id) {
        outputs.add(id);
    }

    public void addNode(Op op, int[] in, int[] out, String nodeName) {
        nodes.add(new Node(op, in, out, nodeName));
    }

    private int emit(Op op, int[] in, TensorType outType, String nodeName) {
        int out = tensor(nodeName, outType, null);
        addNode(op, in, new int[] {out}, nodeName);
        return out;
    }

    /** Convolution with a filter [O, KH, KW, I] and bias [O] already in the graph. */
    public int conv2d(String nodeName, int x, int filter, int bias, int stride, Padding padding, Activation act) {
        TensorType in = type(x);
        TensorType f = type(filter);
        int h = padding.outputSize(in.dim(1), f.dim(1), stride, 1);
        int w = padding.outputSize(in.dim(2), f.dim(2), stride, 1);
        return emit(new Op.Conv2d(stride, stride, padding, 1, 1, act), new int[] {x, filter, bias},
                TensorType.float32(in.dim(0), h, w, f.dim(0)), nodeName);
    }

    /** Depthwise convolution with a filter [1, KH, KW, C] (multiplier 1) and bias [C]. */
    public int depthwiseConv2d(String nodeName, int x, int filter, int bias, int stride, Padding padding,
                               Activation act) {
        TensorType in = type(x);
        TensorType f = type(filter);
        int h = padding.outputSize(in.dim(1), f.dim(1), stride, 1);
        int w = padding.outputSize(in.dim(2), f.dim(2), stride, 1);
        int multiplier = f.dim(3) / in.dim(3);
        return emit(new Op.DepthwiseConv2d(stride, stride, padding, 1, 1, multiplier, act),
                new int[] {x, filter, bias}, TensorType.float32(in.dim(0), h, w, f.dim(3)), nodeName);
    }

    public int fullyConnected(String nodeName, int x, int filter, int bias, Activation act) {
        TensorType in = type(x);
        return emit(new Op.FullyConnected(act), new int[] {x, filter, bias},
                TensorType.float32(in.dim(0), type(filter).dim(0)), nodeName);
    }

    /** Global average pool keeping dims: [N,H,W,C] to [N,1,1,C]. */
    public int globalAveragePool(String nodeName, int x) {
        TensorType in = type(x);
        return emit(new Op.GlobalAveragePool(), new int[] {x}, TensorType.float32(in.dim(0), 1, 1, in.dim(3)),
                nodeName);
    }

    public int unary(String nodeName, Op op, int x) {
        return emit(op, new int[] {x}, type(x), nodeName);
    }

    public int add(String nodeName, int a, int b) {
        return emit(new Op.Add(Activation.NONE), new int[] {a, b}, type(a), nodeName);
    }

    /** a * b where b broadcasts over a (squeeze-excite: [N,H,W,C] * [N,1,1,C]). */
    public int mul(String nodeName, int a, int b) {
        return emit(new Op.Mul(Activation.NONE), new int[] {a, b}, type(a), nodeName);
    }

    public int reshape(String nodeName, int x, int... shape) {
        return emit(new Op.Reshape(), new int[] {x}, type(x).withShape(shape), nodeName);
    }

    public int softmax(String nodeName, int x) {
        return emit(new Op.Softmax(1f), new int[] {x}, type(x), nodeName);
    }

    public Graph build() {
        return new Graph(name, tensors, nodes, inputs.stream().mapToInt(i -> i).toArray(),
                outputs.stream().mapToInt(i -> i).toArray());
    }
}
