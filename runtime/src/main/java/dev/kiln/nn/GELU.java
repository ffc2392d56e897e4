package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.tensor.Tensor;

/**
 * {@code x * Phi(x)} elementwise, {@code Phi} the standard normal distribution function, as
 * {@code torch.nn.GELU}; with {@code approximate = "tanh"}, PyTorch's approximation
 * {@code x / 2 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3)))}.
 *
 * <p>Shape: input {@code (*)}, output {@code (*)}. No parameters.
 *
 * <p>Example: {@code new GELU()}, {@code new GELU("tanh")}.
 */
@ShapeContract(input = "*", output = "*")
public final class GELU extends UnaryModule implements Exportable {
  private final boolean tanh;

  public GELU() {
    this("none");
  }

  /** {@code approximate} is {@code "none"} (exact, with erf) or {@code "tanh"}. */
  public GELU(String approximate) {
    if (!"none".equals(approximate) && !"tanh".equals(approximate)) {
      throw new IllegalArgumentException(
          "approximate must be 'none' or 'tanh', got '" + approximate + "'");
    }
    this.tanh = "tanh".equals(approximate);
  }

  /** {@code "none"} or {@code "tanh"}. */
  public String approximate() {
    return tanh ? "tanh" : "none";
  }

  @Override
  public int[] outputShape(int[] in) {
    return in.clone();
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().gelu(x, tanh, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    x.device().kernels().geluBackward(x, tanh, dy, dx);
  }

  @Override
  public String export(GraphSink graph, String x) {
    return graph.gelu(x, tanh);
  }

  @Override
  protected String extraRepr() {
    return "approximate='" + approximate() + "'";
  }
}
