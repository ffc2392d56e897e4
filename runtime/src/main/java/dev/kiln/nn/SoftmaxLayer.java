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
    checkedDim(in.length, in);
    return in.clone();
  }

  /**
   * {@link #dim} as an index into a shape of rank {@code rank}, or an exception naming the
   * layer, the rank and {@code shape} (only read then).
   */
  private int checkedDim(int rank, Object shape) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      int[] s = shape instanceof Tensor t ? t.shape() : (int[]) shape;
      throw new IllegalArgumentException(this + ": dimension " + dim + " is out of range for an"
          + " input of rank " + rank + ", shape " + Shapes.toString(s)
          + " (expected to be in range of [" + -r + ", " + (r - 1) + "])");
    }
    return dim < 0 ? dim + r : dim;
  }

  @Override
  public final void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().softmax(x, checkedDim(x.dim(), x), log, y);
  }

  @Override
  public final void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    y.device().kernels().softmaxBackward(y, checkedDim(y.dim(), y), log, dy, dx);
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
