package org.mobilenet4j.backend.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphValidator;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.model.InvalidModelException;
import org.mobilenet4j.model.ModelException;
import org.mobilenet4j.model.UnsupportedModelException;

/**
 * The one error vocabulary of {@link org.mobilenet4j.backend.Backend#compile}: a graph that fails validation is an
 * {@link InvalidModelException}; one a backend cannot run (a kernel refusing it, XNNPACK's {@code xnn_define_*}
 * or runtime creation failing, a type it lacks) is an {@link UnsupportedModelException} naming the backend,
 * the node index, op and name, and the tensor the node writes (or the tensor the refusal names and the first
 * node reading it).
 */
public final class CompileErrors {
    private static final Pattern NODE = Pattern.compile("node (\\d+)");
    private static final Pattern TENSOR = Pattern.compile("tensor '([^']*)'");

    private CompileErrors() {
    }

    /** {@code graph}, validated ({@link GraphValidator}); a failure is an {@link InvalidModelException}. */
    public static Graph validated(Graph graph) {
        try {
            return GraphValidator.validate(graph);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(graph.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Why {@code backend} cannot compile {@code graph}, as a {@link ModelException}: model exceptions pass
     * unchanged, every other failure becomes an {@link UnsupportedModelException} that names the node and tensor.
     */
    public static ModelException unsupported(String backend, Graph graph, RuntimeException e) {
        if (e instanceof ModelException m) {
            return m;
        }
        String message = String.valueOf(e.getMessage());
        List<Node> nodes = graph.nodes();
        StringBuilder where = new StringBuilder();
        Matcher node = NODE.matcher(message);
        Matcher tensor = TENSOR.matcher(message);
        if (node.find() && Integer.parseInt(node.group(1)) < nodes.size()) {
            Node n = nodes.get(Integer.parseInt(node.group(1)));
            where.append(" (writing tensor '").append(graph.tensor(n.output(0)).name()).append("')");
        } else if (tensor.find()) {
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                if (reads(graph, n, tensor.group(1))) {
                    where.append(" (read by node ").append(i).append(", ").append(n.op().kind()).append(" '")
                            .append(n.name()).append("')");
                    break;
                }
            }
        }
        return new UnsupportedModelException(graph.name() + ": the " + backend + " backend cannot run " + message
                + where, e);
    }

    private static boolean reads(Graph graph, Node n, String tensorName) {
        for (int in : n.inputs()) {
            if (in >= 0 && graph.tensor(in).name().equals(tensorName)) {
                return true;
            }
        }
        return false;
    }
}
