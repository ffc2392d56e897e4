package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.export.Exportable;
import dev.kiln.export.GraphSink;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * {@code x > 0 ? x : weight * x} elementwise with a learned slope, as {@code torch.nn.PReLU}:
 * one slope shared by every element, or one per channel (dimension 1 of the input).
 *
 * <p>Shape: input {@code (*)}, output {@code (*)}; with {@code numParameters > 1} the input's
 * dimension 1 must have {@code numParameters} elements (a 0-d or 1-d input has one channel).
 *
 * <p>Parameters: {@code weight (numParameters)}, initialised to {@code init} (0.25).
 *
 * <p>Example: {@code new PReLU()}, {@code new PReLU(16)} after a 16-channel convolution.
 */
@ShapeContract(args = {"numParameters=1"}, input = "*", output = "*")
public final class PReLU extends UnaryModule implements Exportable {
  private final int numParameters;
  private final float init;
  private final Parameter weight;

  public PReLU() {
    this(1, 0.25f);
  }

  public PReLU(int numParameters) {
    this(numParameters, 0.25f);
  }

  public PReLU(int numParameters, float init) {
    if (numParameters < 1) {
      throw new IllegalArgumentException("num_parameters must be at least 1, got " + numParameters);
    }
    this.numParameters = numParameters;
    this.init = init;
    this.weight = registerParameter("weight", new Parameter(dev.kiln.tensor.Device.cpu(),
        numParameters));
    resetParameters();
  }

  /** Sets every slope to {@code init}, as PyTorch's {@code PReLU.reset_parameters}. */
  public void resetParameters() {
    Init.constant(weight, init);
  }

  public Parameter weight() {
    return weight;
  }

  @Override
  public int[] outputShape(int[] in) {
    int channels = in.length >= 2 ? in[1] : 1;
    if (numParameters > 1 && channels != numParameters) {
      throw new IllegalArgumentException(this + ": mismatch of parameter numbers and input channel"
          + " size: found parameter numbers = " + numParameters + " and channel size = "
          + channels + " (input shape " + Shapes.toString(in) + ")");
    }
    return in.clone();
  }

  @Override
  public void forwardInto(Tensor x, Tensor y) {
    x.device().kernels().prelu(x, weight, y);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {
    x.device().kernels().preluBackward(x, weight, dy, dx, gradOf(weight));
  }

  @Override
  public String export(GraphSink graph, String x) {
    return graph.prelu(x, weight);
  }

  @Override
  protected String extraRepr() {
    return "num_parameters=" + numParameters;
  }
}
