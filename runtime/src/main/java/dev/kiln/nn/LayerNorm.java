package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * Layer normalization, as {@code torch.nn.LayerNorm}: each input is normalised over its last
 * {@code normalizedShape.length} dimensions by their own mean and biased variance, {@code y = (x -
 * mean) / sqrt(var + eps) * weight + bias}, the same in training and evaluation.
 *
 * <p>Shape: input {@code (*, normalizedShape...)}, output the same. Parameters (when {@code
 * elementwiseAffine}): {@code weight} and {@code bias}, both {@code normalizedShape}, ones and
 * zeros. The per-row mean and {@code 1 / sqrt(var + eps)} of a call live in its
 * {@link Workspace}.
 *
 * <p>{@code new LayerNorm(64)} normalises the last dimension of {@code (B, T, 64)}; {@code new
 * LayerNorm(8, 8)} the last two of {@code (N, C, 8, 8)}. The shape contract covers the common
 * one-dimensional form; several dimensions are checked when the layer runs.
 */
@ShapeContract(args = {"normalizedShape"}, input = "*, normalizedShape",
    output = "*, normalizedShape")
public final class LayerNorm extends UnaryModule {
  private static final int MEAN = 0;
  private static final int RSTD = 1;

  private final int[] normalizedShape;
  private final int d;
  private float eps = 1e-5f;
  private Parameter weight;
  private Parameter bias;

  /** @throws IllegalArgumentException if the shape is empty or a size is not positive */
  public LayerNorm(int... normalizedShape) {
    this.normalizedShape = normalizedShape.clone();
    this.d = NormalizedShape.numel("LayerNorm", normalizedShape);
    elementwiseAffine(true);
  }

  /** {@code eps} (default 1e-5), added to the variance. */
  public LayerNorm eps(float value) {
    eps = NormalizedShape.eps("LayerNorm", value);
    return this;
  }

  /** Whether the layer has {@code weight} (ones) and {@code bias} (zeros); default true. */
  public LayerNorm elementwiseAffine(boolean on) {
    unregister("weight");
    unregister("bias");
    weight = bias = null;
    if (on) {
      weight = registerParameter("weight", new Parameter(Device.cpu(), normalizedShape));
      weight.device().kernels().fill(weight, 1f);
      bias = registerParameter("bias", new Parameter(Device.cpu(), normalizedShape));
    }
    return this;
  }

  /** The weight {@code normalizedShape}, or null without {@code elementwiseAffine}. */
  public Parameter weight() {
    return weight;
  }

  /** The bias {@code normalizedShape}, or null without {@code elementwiseAffine}. */
  public Parameter bias() {
    return bias;
  }

  public int[] normalizedShape() {
    return normalizedShape.clone();
  }

  public float eps() {
    return eps;
  }

  @Override
  public int[] outputShape(int[] x) {
    int k = normalizedShape.length;
    boolean ok = x.length >= k;
    for (int i = 0; ok && i < k; i++) {
      ok = x[x.length - k + i] == normalizedShape[i];
    }
    if (!ok) {
      String dims = PyRepr.tuple(normalizedShape);
      throw new IllegalArgumentException("LayerNorm(" + dims + ") expects input (*, "
          + dims.substring(1, dims.length() - (k == 1 ? 2 : 1)) + ") but got "
          + Shapes.toString(x));
    }
    return x.clone();
  }

  @Override
  public void forwardInto(Tensor x, Tensor y, Workspace ws) {
    int rows = x.numel() / d;
    Tensor mean = ws.peek(MEAN);
    Tensor rstd = ws.peek(RSTD);
    if (mean == null || mean.device() != x.device() || mean.size(0) != rows) {
      mean = ws.get(MEAN, x.device(), rows);
      rstd = ws.get(RSTD, x.device(), rows);
    }
    x.device().kernels().layerNorm(x, d, eps, weight, bias, y, mean, rstd);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx, Workspace ws) {
    x.device().kernels().layerNormBackward(x, dy, d, ws.peek(MEAN), ws.peek(RSTD), weight, dx,
        weight == null ? null : gradOf(weight), bias == null ? null : gradOf(bias));
  }

  @Override
  protected String extraRepr() {
    return PyRepr.tuple(normalizedShape) + ", eps=" + PyRepr.floatRepr(eps)
        + ", elementwise_affine=" + (weight != null ? "True" : "False");
  }
}
