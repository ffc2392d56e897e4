package dev.kiln.nn;

import dev.kiln.ShapeContract;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * Root-mean-square normalization, as {@code torch.nn.RMSNorm} (PyTorch 2.4): {@code y = x /
 * sqrt(mean(x^2) + eps) * weight}, the mean over the last {@code normalizedShape.length}
 * dimensions, the same in training and evaluation. {@code eps} defaults to None, meaning float32's
 * machine epsilon {@code 1.1920929e-07}.
 *
 * <p>Shape: input {@code (*, normalizedShape...)}, output the same. Parameter (when {@code
 * elementwiseAffine}): {@code weight}, shape {@code normalizedShape}, ones. The per-row {@code 1 /
 * sqrt(mean(x^2) + eps)} of a call lives in its {@link Workspace}.
 *
 * <p>{@code new RMSNorm(64)} normalises the last dimension of {@code (B, T, 64)}.
 */
@ShapeContract(args = {"normalizedShape"}, input = "*, normalizedShape",
    output = "*, normalizedShape")
public final class RMSNorm extends UnaryModule {
  /** float32's machine epsilon, {@code torch.finfo(torch.float32).eps}: eps=None. */
  public static final float FLOAT32_EPS = 1.1920929e-07f;
  private static final int RSTD = 0;

  private final int[] normalizedShape;
  private final int d;
  private Float eps;
  private Parameter weight;

  /** @throws IllegalArgumentException if the shape is empty or a size is not positive */
  public RMSNorm(int... normalizedShape) {
    this.normalizedShape = normalizedShape.clone();
    this.d = NormalizedShape.numel("RMSNorm", normalizedShape);
    elementwiseAffine(true);
  }

  /** {@code eps}, added to the mean square; default None (float32's machine epsilon). */
  public RMSNorm eps(float value) {
    eps = NormalizedShape.eps("RMSNorm", value);
    return this;
  }

  /** Whether the layer has {@code weight} (ones); default true. */
  public RMSNorm elementwiseAffine(boolean on) {
    unregister("weight");
    weight = null;
    if (on) {
      weight = registerParameter("weight", new Parameter(Device.cpu(), normalizedShape));
      weight.device().kernels().fill(weight, 1f);
    }
    return this;
  }

  /** The weight {@code normalizedShape}, or null without {@code elementwiseAffine}. */
  public Parameter weight() {
    return weight;
  }

  public int[] normalizedShape() {
    return normalizedShape.clone();
  }

  /** The eps in use: the one set, or {@link #FLOAT32_EPS}. */
  public float eps() {
    return eps == null ? FLOAT32_EPS : eps;
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
      throw new IllegalArgumentException("RMSNorm(" + dims + ") expects input (*, "
          + dims.substring(1, dims.length() - (k == 1 ? 2 : 1)) + ") but got "
          + Shapes.toString(x));
    }
    return x.clone();
  }

  @Override
  public void forwardInto(Tensor x, Tensor y, Workspace ws) {
    int rows = x.numel() / d;
    Tensor rstd = ws.peek(RSTD);
    if (rstd == null || rstd.device() != x.device() || rstd.size(0) != rows) {
      rstd = ws.get(RSTD, x.device(), rows);
    }
    x.device().kernels().rmsNorm(x, d, eps(), weight, y, rstd);
  }

  @Override
  public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx, Workspace ws) {
    x.device().kernels().rmsNormBackward(x, dy, d, ws.peek(RSTD), weight, dx,
        weight == null ? null : gradOf(weight));
  }

  @Override
  protected String extraRepr() {
    return PyRepr.tuple(normalizedShape) + ", eps=" + (eps == null ? "None"
        : PyRepr.floatRepr(eps)) + ", elementwise_affine=" + (weight != null ? "True" : "False");
  }
}
