package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.tensor.Tensor;

/**
 * {@code x * sigmoid(x)} elementwise (the swish), as {@code torch.nn.SiLU}.
 *
 * <p>Shape: input {@code (*)}, output {@code (*)}. No parameters.
 *
 * <p>Example: {@code new SiLU()}.
 */
@ShapeContract(input = "*", output = "*")
public final class SiLU extends UnaryModule implements Exportable {
  @Override
  public int[] outputShape(int[] in) {
    return in.clone();
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().silu(x, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    x.device().kernels().siluBackward(x, dy, dx);
  }

  @Override
  public String export(GraphSink graph, String x) {
    return graph.activation("silu", x);
  }
}
