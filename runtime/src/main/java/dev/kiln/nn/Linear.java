package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * {@code y = x W^T + b}, as {@code torch.nn.Linear}. Input {@code (*, in)}, output
 * {@code (*, out)}; {@code weight (out, in)}, {@code bias (out)}. Both are initialised from
 * {@code U(-1/sqrt(in), 1/sqrt(in))}, PyTorch's default.
 */
@ShapeContract(args = {"in", "out"}, input = "*, in", output = "*, out")
public class Linear extends UnaryModule implements Exportable {
  private final int in;
  private final int out;
  private final Parameter weight;
  private final Parameter bias;

  public Linear(int in, int out) {
    this(in, out, true);
  }

  public Linear(int in, int out, boolean bias) {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException("Linear(" + in + ", " + out + "): sizes must be positive");
    }
    this.in = in;
    this.out = out;
    this.weight = registerParameter("weight", init(new Parameter(Device.cpu(), out, in), in));
    this.bias = bias ? registerParameter("bias", init(new Parameter(Device.cpu(), out), in)) : null;
  }

  private static Parameter init(Parameter p, int fanIn) {
    float[] v = new float[p.numel()];
    Rng.uniform(v, 1 / Math.sqrt(fanIn));
    p.device().kernels().copy(Tensor.of(v, p.shape()), p);
    return p;
  }

  /** The weight, shape {@code (out, in)}. */
  public Parameter weight() {
    return weight;
  }

  /** The bias, shape {@code (out)}, or null for {@code Linear(in, out, false)}. */
  public Parameter bias() {
    return bias;
  }

  public int inFeatures() {
    return in;
  }

  public int outFeatures() {
    return out;
  }

  @Override
  public int[] outputShape(int[] x) {
    if (x.length == 0 || x[x.length - 1] != in) {
      throw new IllegalArgumentException("Linear(" + in + ", " + out + ") expects input (*, " + in
          + ") but got " + Shapes.toString(x));
    }
    int[] y = x.clone();
    y[y.length - 1] = out;
    return y;
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().linear(x, weight, bias, y);
  }

  /** The forward with ReLU applied as the output is written (one pass over it, not two). */
  @Override
  public void forwardReluInto(Tensor x, Tensor y) {
    x.device().kernels().linearRelu(x, weight, bias, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    x.device().kernels().linearBackward(x, weight, dy, dx, gradOf(weight),
        bias == null ? null : gradOf(bias));
  }

  @Override
  public String export(GraphSink graph, String x) {
    return graph.linear(x, weight, bias);
  }

  @Override
  protected String extraRepr() {
    return "in_features=" + in + ", out_features=" + out + ", bias=" + (bias != null ? "True" : "False");
  }
}
