package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.tensor.Tensor;

/**
 * {@code max(0, x) + negativeSlope * min(0, x)} elementwise, as {@code torch.nn.LeakyReLU}.
 *
 * <p>Shape: input {@code (*)}, output {@code (*)}. No parameters.
 *
 * <p>Example: {@code new LeakyReLU(0.2f)}; {@code new LeakyReLU()} has slope 0.01.
 */
@ShapeContract(input = "*", output = "*")
public final class LeakyReLU extends UnaryModule implements Exportable {
  private final float negativeSlope;

  public LeakyReLU() {
    this(0.01f);
  }

  public LeakyReLU(float negativeSlope) {
    this.negativeSlope = negativeSlope;
  }

  public float negativeSlope() {
    return negativeSlope;
  }

  @Override
  public int[] outputShape(int[] in) {
    return in.clone();
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().leakyRelu(x, negativeSlope, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    x.device().kernels().leakyReluBackward(x, negativeSlope, dy, dx);
  }

  @Override
  public String export(GraphSink graph, String x) {
    return graph.activation("leaky_relu", negativeSlope, x);
  }

  @Override
  protected String extraRepr() {
    return "negative_slope=" + PyRepr.floatRepr(negativeSlope);
  }
}
