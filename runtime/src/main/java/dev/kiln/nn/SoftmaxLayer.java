package dev.kiln.nn;

import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * What {@link Softmax} and {@link LogSoftmax} share: the dimension (negative counts from the
 * end, checked against each input's rank), one kernel pair, the backward from the output.
 */
abstract class SoftmaxLayer extends UnaryModule implements Exportable {
  private final int dim;
  private final boolean log;

  SoftmaxLayer(int dim, boolean log) {
    this.dim = dim;
    this.log = log;
  }

  /** The dimension as given (possibly negative). */
  public final int dim() {
    return dim;
  }

  @Override
  public final int[] outputShape(int[] in) {
    checkedDim(in);
    return in.clone();
  }

  /** {@link #dim} as an index into {@code shape}, or an exception naming the layer and rank. */
  final int checkedDim(int[] shape) {
    int r = Math.max(shape.length, 1);
    if (dim < -r || dim >= r) {
      throw new IllegalArgumentException(this + ": dimension " + dim + " is out of range for an"
          + " input of rank " + shape.length + ", shape " + Shapes.toString(shape)
          + " (expected to be in range of [" + -r + ", " + (r - 1) + "])");
    }
    return dim < 0 ? dim + r : dim;
  }

  @Override
  public final void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().softmax(x, checkedDim(x.shape()), log, y);
  }

  @Override
  public final void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    y.device().kernels().softmaxBackward(y, checkedDim(y.shape()), log, dy, dx);
  }

  @Override
  public final String export(GraphSink graph, String x) {
    return graph.softmax(x, dim, log);
  }

  @Override
  protected final String extraRepr() {
    return "dim=" + dim;
  }
}
