package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.tensor.Tensor;

/**
 * {@code x > 0 ? x : alpha * (exp(x) - 1)} elementwise, as {@code torch.nn.ELU}.
 *
 * <p>Shape: input {@code (*)}, output {@code (*)}. No parameters.
 *
 * <p>Example: {@code new ELU()} (alpha 1.0), {@code new ELU(0.5f)}.
 */
@ShapeContract(input = "*", output = "*")
public final class ELU extends UnaryModule implements Exportable {
  private final float alpha;

  public ELU() {
    this(1.0f);
  }

  public ELU(float alpha) {
    this.alpha = alpha;
  }

  public float alpha() {
    return alpha;
  }

  @Override
  public int[] outputShape(int[] in) {
    return in.clone();
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().elu(x, alpha, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    x.device().kernels().eluBackward(x, alpha, dy, dx);
  }

  @Override
  public String export(GraphSink graph, String x) {
    return graph.activation("elu", alpha, x);
  }

  @Override
  protected String extraRepr() {
    return "alpha=" + PyRepr.floatRepr(alpha);
  }
}
