package org.mobilenet4j.backend.reference;

import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.Node;
import org.mobilenet4j.graph.TensorType;

/**
 * A FullyConnected node as a matrix product: the input flattened to [rows, depth] (depth = the filter's second
 * dimension) times the filter [cols, depth] transposed gives the output [rows, cols].
 */
public record MatrixShape(int rows, int depth, int cols) {

    public static MatrixShape ofFullyConnected(Graph g, Node node) {
        TensorType in = g.tensor(node.input(0)).type();
        TensorType filter = g.tensor(node.input(1)).type();
        TensorType out = g.tensor(node.output(0)).type();
        int depth = filter.dim(1);
        int cols = filter.dim(0);
        if (in.elementCount() % depth != 0 || out.elementCount() != in.elementCount() / depth * cols) {
            throw new IllegalArgumentException("fully connected filter " + filter.shapeString() + " does not fit input "
                    + in.shapeString() + " and output " + out.shapeString());
        }
        return new MatrixShape((int) (in.elementCount() / depth), depth, cols);
    }
}
