package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * Group normalization, as {@code torch.nn.GroupNorm}: the {@code C} channels of an input {@code
 * (N, C, *)} form {@code numGroups} groups; each sample's group is normalised by its own mean and
 * biased variance, {@code y = (x - mean) / sqrt(var + eps) * weight[c] + bias[c]}, the same in
 * training and evaluation. Output {@code (N, C, *)}; parameters {@code weight (C)} (ones) and
 * {@code bias (C)} (zeros) when {@code affine}. The statistics of a call live in its
 * {@link Workspace}.
 */
@ShapeContract(args = {"numGroups", "numChannels"}, input = "N, numChannels, *",
    output = "N, numChannels, *",
    requires = {"numChannels % numGroups == 0: num_channels must be divisible by num_groups"})
public final class GroupNorm extends UnaryModule {
  private static final int MEAN = 0;
  private static final int INVSTD = 1;

  private final int numGroups;
  private final int numChannels;
  private float eps;
  private Parameter weight;
  private Parameter bias;

  public GroupNorm(int numGroups, int numChannels) {
    this(numGroups, numChannels, 1e-5f, true);
  }

  public GroupNorm(int numGroups, int numChannels, float eps) {
    this(numGroups, numChannels, eps, true);
  }

  public GroupNorm(int numGroups, int numChannels, float eps, boolean affine) {
    if (numGroups <= 0 || numChannels <= 0 || numChannels % numGroups != 0) {
      throw new IllegalArgumentException("GroupNorm(" + numGroups + ", " + numChannels
          + "): num_channels must be divisible by num_groups (both positive)");
    }
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = checkEps(eps);
    affine(affine);
  }

  private static float checkEps(float value) {
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException("GroupNorm: eps must be positive and finite, got "
          + value);
    }
    return value;
  }

  /** {@code eps} (default 1e-5), added to the variance. */
  public GroupNorm eps(float value) {
    eps = checkEps(value);
    return this;
  }

  /** Whether the layer has {@code weight} and {@code bias} (default true). */
  public GroupNorm affine(boolean on) {
    unregister("weight");
    unregister("bias");
    weight = bias = null;
    if (on) {
      weight = registerParameter("weight", new Parameter(Device.cpu(), numChannels));
      weight.device().kernels().fill(weight, 1f);
      bias = registerParameter("bias", new Parameter(Device.cpu(), numChannels));
    }
    return this;
  }

  /** The weight {@code (C)}, or null without {@code affine}. */
  public Parameter weight() {
    return weight;
  }

  /** The bias {@code (C)}, or null without {@code affine}. */
  public Parameter bias() {
    return bias;
  }

  public int numGroups() {
    return numGroups;
  }

  public int numChannels() {
    return numChannels;
  }

  @Override
  public int[] outputShape(int[] x) {
    if (x.length < 2 || x[1] != numChannels) {
      throw new IllegalArgumentException("GroupNorm(" + numGroups + ", " + numChannels
          + ") expects input (N, " + numChannels + ", *) but got " + Shapes.toString(x));
    }
    return x.clone();
  }

  @Override
  public void forwardInto(Tensor x, Tensor y, Workspace ws) {
    Tensor mean = ws.peek(MEAN);
    Tensor invstd = ws.peek(INVSTD);
    if (mean == null || mean.device() != x.device() || mean.size(0) != x.size(0)) {
      mean = ws.get(MEAN, x.device(), x.size(0), numGroups);
      invstd = ws.get(INVSTD, x.device(), x.size(0), numGroups);
    }
    x.device().kernels().groupNorm(x, numGroups, eps, weight, bias, y, mean, invstd);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx, Workspace ws) {
    x.device().kernels().groupNormBackward(x, dy, numGroups, ws.peek(MEAN), ws.peek(INVSTD),
        weight, dx, weight == null ? null : gradOf(weight), bias == null ? null : gradOf(bias));
  }

  @Override
  protected String extraRepr() {
    return numGroups + ", " + numChannels + ", eps=" + PyRepr.floatRepr(eps) + ", affine="
        + (weight != null ? "True" : "False");
  }
}
