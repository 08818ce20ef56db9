package org.mobilenet4j.retrain;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An independent oracle for {@link HeadTrainer}: multinomial logistic regression fitted full-batch by L-BFGS
 * (history 10, backtracking Armijo line search) to the same objective, mean cross-entropy +
 * (lambda / 2) |W|^2 with unpenalized biases; scikit-learn's LogisticRegression with C = 1 / (lambda n). A
 * different algorithm written separately, so agreement checks the trainer's gradient and its optimum.
 */
final class LbfgsLogisticRegression {
    private final float[][] x;
    private final int[] y;
    private final int classes;
    private final int dim;
    private final double lambda;

    LbfgsLogisticRegression(Examples data, int classes, double lambda) {
        this.x = data.x();
        this.y = data.y();
        this.classes = classes;
        this.dim = x[0].length;
        this.lambda = lambda;
    }

    /** Objective value at w (layout: class-major, dim weights then bias); fills grad. */
    double objective(double[] w, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        double loss = 0;
        double[] z = new double[classes];
        for (int k = 0; k < x.length; k++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                int row = c * (dim + 1);
                double s = w[row + dim];
                for (int i = 0; i < dim; i++) {
                    s += w[row + i] * x[k][i];
                }
                z[c] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[c] - max);
            }
            double logSum = max + Math.log(sum);
            loss += logSum - z[y[k]];
            for (int c = 0; c < classes; c++) {
                double g = Math.exp(z[c] - logSum) - (c == y[k] ? 1 : 0);
                int row = c * (dim + 1);
                for (int i = 0; i < dim; i++) {
                    grad[row + i] += g * x[k][i];
                }
                grad[row + dim] += g;
            }
        }
        int n = x.length;
        double reg = 0;
        for (int c = 0; c < classes; c++) {
            int row = c * (dim + 1);
            for (int i = 0; i <= dim; i++) {
                grad[row + i] /= n;
                if (i < dim) {
                    grad[row + i] += lambda * w[row + i];
                    reg += w[row + i] * w[row + i];
                }
            }
        }
        return loss / n + 0.5 * lambda * reg;
    }

    /** The objective's value at {@code head}. */
    double objective(SoftmaxHead head) {
        double[] w = new double[classes * (dim + 1)];
        float[][] hw = head.weights();
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < dim; i++) {
                w[c * (dim + 1) + i] = hw[c][i];
            }
            w[c * (dim + 1) + dim] = head.bias()[c];
        }
        return objective(w, new double[w.length]);
    }

    SoftmaxHead fit(int iterations) {
        int p = classes * (dim + 1);
        double[] w = new double[p];
        double[] g = new double[p];
        double f = objective(w, g);
        Deque<double[][]> history = new ArrayDeque<>();
        for (int it = 0; it < iterations; it++) {
            double[] q = g.clone();
            double[] alphas = new double[history.size()];
            int j = 0;
            for (double[][] sy : history) { // newest first
                double rho = 1 / dot(sy[1], sy[0]);
                alphas[j] = rho * dot(sy[0], q);
                axpy(-alphas[j], sy[1], q);
                j++;
            }
            if (!history.isEmpty()) {
                double[][] last = history.peekFirst();
                double gamma = dot(last[0], last[1]) / dot(last[1], last[1]);
                for (int i = 0; i < p; i++) {
                    q[i] *= gamma;
                }
            }
            j = history.size() - 1;
            for (java.util.Iterator<double[][]> iter = history.descendingIterator(); iter.hasNext(); j--) {
                double[][] sy = iter.next();
                double rho = 1 / dot(sy[1], sy[0]);
                double beta = rho * dot(sy[1], q);
                axpy(alphas[j] - beta, sy[0], q);
            }
            double slope = -dot(g, q);
            if (slope >= 0) { // not a descent direction: restart with the gradient
                history.clear();
                q = g.clone();
                slope = -dot(g, g);
            }
            double step = 1;
            double[] wNew = new double[p];
            double[] gNew = new double[p];
            double fNew;
            while (true) {
                for (int i = 0; i < p; i++) {
                    wNew[i] = w[i] - step * q[i];
                }
                fNew = objective(wNew, gNew);
                if (fNew <= f + 1e-4 * step * slope || step < 1e-12) {
                    break;
                }
                step /= 2;
            }
            double[] s = new double[p];
            double[] yv = new double[p];
            for (int i = 0; i < p; i++) {
                s[i] = wNew[i] - w[i];
                yv[i] = gNew[i] - g[i];
            }
            if (dot(s, yv) > 1e-12) {
                history.addFirst(new double[][] {s, yv});
                if (history.size() > 10) {
                    history.removeLast();
                }
            }
            boolean converged = Math.abs(f - fNew) < 1e-12 * Math.max(1, Math.abs(f));
            w = wNew;
            g = gNew;
            f = fNew;
            if (converged) {
                break;
            }
        }
        float[][] weights = new float[classes][dim];
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < dim; i++) {
                weights[c][i] = (float) w[c * (dim + 1) + i];
            }
            bias[c] = (float) w[c * (dim + 1) + dim];
        }
        return new SoftmaxHead(weights, bias);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }
}
