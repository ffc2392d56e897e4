package dev.kiln.nn;

import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * Flattens dimensions {@code startDim..endDim} into one, as {@code torch.nn.Flatten}; the
 * default {@code (1, -1)} keeps the batch: {@code (N, C, H, W) -> (N, C*H*W)}.
 */
public final class Flatten extends UnaryModule implements Exportable {
  private final int startDim;
  private final int endDim;

  public Flatten() {
    this(1, -1);
  }

  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  @Override
  public int[] outputShape(int[] in) {
    return Shapes.flatten(in, startDim, endDim);
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().copy(x, y);
  }

  @Override
  public String export(GraphSink graph, String x) {
    return graph.flatten(x, startDim, endDim);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    if (dx != null) {
      x.device().kernels().accumulate(dy, dx);
    }
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }
}
