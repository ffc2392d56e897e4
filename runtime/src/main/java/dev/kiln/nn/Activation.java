package dev.kiln.nn;

import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.UnaryOps;

/** An elementwise activation layer without parameters: any shape in, the same shape out. */
abstract class Activation extends UnaryModule implements Exportable {
  private final UnaryOps op;

  Activation(UnaryOps op) {
    this.op = op;
  }

  @Override
  public final int[] outputShape(int[] in) {
    return in.clone();
  }

  @Override
  public final void forwardInto(Tensor x, Tensor y) {
    op.forward(x.device().kernels(), x, y);
  }

  @Override
  public final String export(GraphSink graph, String x) {
    return graph.activation(op.name().toLowerCase(java.util.Locale.ROOT), x);
  }

  @Override
  public final void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    if (dx != null) {
      op.backward(x.device().kernels(), x, y, dy, dx);
    }
  }
}
