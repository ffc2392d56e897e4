package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Objects;

/**
 * In-place initialisers, as {@code torch.nn.init}: each overwrites a parameter (or any tensor)
 * and returns it. The write is a kernel call, never recorded by autograd (PyTorch runs these
 * under {@code no_grad}); {@code requiresGrad} and any gradient are untouched. Random values
 * come from {@link Rng}. Fans follow PyTorch: a weight {@code (out, in, *kernel)} has
 * {@code fanIn = in * prod(kernel)}, {@code fanOut = out * prod(kernel)}; fewer than 2
 * dimensions throws {@link IllegalArgumentException}.
 *
 * <pre>{@code model.apply(m -> { if (m instanceof Linear l) {
 *     Init.xavierUniform(l.weight()); Init.zeros(l.bias()); } });}</pre>
 */
public final class Init {
  private static final double SQRT3 = Math.sqrt(3.0);

  private Init() {}

  public static <T extends Tensor> T zeros(T t) {
    return constant(t, 0);
  }

  public static <T extends Tensor> T ones(T t) {
    return constant(t, 1);
  }

  public static <T extends Tensor> T constant(T t, double value) {
    check(t).device().kernels().fill(t, (float) value);
    return t;
  }

  /** {@code U[0, 1)}. */
  public static <T extends Tensor> T uniform(T t) {
    return uniform(t, 0, 1);
  }

  /** {@code U[a, b)}; {@code a > b} throws, as PyTorch's {@code uniform_}. */
  public static <T extends Tensor> T uniform(T t, double a, double b) {
    if (a > b) {
      throw new IllegalArgumentException(
          "uniform_ expects to return a [from, to) range, but found from=" + a + " > to=" + b);
    }
    float[] v = new float[check(t).numel()];
    Rng.uniform(v, a, b);
    return write(t, v);
  }

  /** {@code N(0, 1)}. */
  public static <T extends Tensor> T normal(T t) {
    return normal(t, 0, 1);
  }

  /** {@code N(mean, std^2)}; {@code std < 0} throws, as PyTorch. */
  public static <T extends Tensor> T normal(T t, double mean, double std) {
    if (!(std >= 0)) {
      throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
    }
    float[] v = new float[check(t).numel()];
    Rng.normal(v, mean, std);
    return write(t, v);
  }

  /** Glorot: {@code U(-b, b)}, {@code b = gain * sqrt(6 / (fanIn + fanOut))}; gain 1. */
  public static <T extends Tensor> T xavierUniform(T t) {
    return xavierUniform(t, 1);
  }

  public static <T extends Tensor> T xavierUniform(T t, double gain) {
    double bound = SQRT3 * xavierStd(check(t), gain);
    return uniform(t, -bound, bound);
  }

  /** Glorot: {@code N(0, std^2)}, {@code std = gain * sqrt(2 / (fanIn + fanOut))}; gain 1. */
  public static <T extends Tensor> T xavierNormal(T t) {
    return xavierNormal(t, 1);
  }

  public static <T extends Tensor> T xavierNormal(T t, double gain) {
    return normal(t, 0, xavierStd(check(t), gain));
  }

  /**
   * He: {@code U(-b, b)}, {@code b = sqrt(3) * gain / sqrt(fan)} with {@code gain =
   * calculateGain(nonlinearity, a)}. PyTorch's defaults: {@code a = 0}, {@code "fan_in"},
   * {@code "leaky_relu"} (so gain {@code sqrt(2)}). An empty tensor is returned untouched.
   */
  public static <T extends Tensor> T kaimingUniform(T t) {
    return kaimingUniform(t, 0);
  }

  public static <T extends Tensor> T kaimingUniform(T t, double a) {
    return kaimingUniform(t, a, "fan_in");
  }

  public static <T extends Tensor> T kaimingUniform(T t, double a, String mode) {
    return kaimingUniform(t, a, mode, "leaky_relu");
  }

  public static <T extends Tensor> T kaimingUniform(T t, double a, String mode,
      String nonlinearity) {
    if (check(t).numel() == 0) {
      return t;
    }
    double bound = SQRT3 * kaimingStd(t, a, mode, nonlinearity);
    return uniform(t, -bound, bound);
  }

  /** He: {@code N(0, std^2)}, {@code std = gain / sqrt(fan)}; defaults as kaimingUniform. */
  public static <T extends Tensor> T kaimingNormal(T t) {
    return kaimingNormal(t, 0);
  }

  public static <T extends Tensor> T kaimingNormal(T t, double a) {
    return kaimingNormal(t, a, "fan_in");
  }

  public static <T extends Tensor> T kaimingNormal(T t, double a, String mode) {
    return kaimingNormal(t, a, mode, "leaky_relu");
  }

  public static <T extends Tensor> T kaimingNormal(T t, double a, String mode,
      String nonlinearity) {
    if (check(t).numel() == 0) {
      return t;
    }
    return normal(t, 0, kaimingStd(t, a, mode, nonlinearity));
  }

  /**
   * PyTorch's recommended gain: 1 for linear, conv and sigmoid, 5/3 tanh, sqrt(2) relu,
   * {@code sqrt(2 / (1 + 0.01^2))} leaky_relu, 3/4 selu; unknown names throw.
   */
  public static double calculateGain(String nonlinearity) {
    return InitRules.gain(nonlinearity, null);
  }

  /** As {@link #calculateGain(String)}; {@code param} is leaky_relu's negative slope (finite). */
  public static double calculateGain(String nonlinearity, double param) {
    return InitRules.gain(nonlinearity, param);
  }

  /** {@code in * prod(kernel)} for a shape {@code (out, in, *kernel)}; at least 2-D. */
  public static int fanIn(Tensor t) {
    return InitRules.fans(t.shape())[0];
  }

  /** {@code out * prod(kernel)} for a shape {@code (out, in, *kernel)}; at least 2-D. */
  public static int fanOut(Tensor t) {
    return InitRules.fans(t.shape())[1];
  }

  private static double xavierStd(Tensor t, double gain) {
    int[] f = InitRules.fans(t.shape());
    return gain * Math.sqrt(2.0 / (f[0] + f[1]));
  }

  private static double kaimingStd(Tensor t, double a, String mode, String nonlinearity) {
    int fan = InitRules.fan(t.shape(), mode);
    return InitRules.gain(nonlinearity, a) / Math.sqrt(fan);
  }

  private static <T extends Tensor> T check(T t) {
    return Objects.requireNonNull(t, "Init: the tensor is null (a layer built without bias?)");
  }

  private static <T extends Tensor> T write(T t, float[] v) {
    t.device().kernels().copy(Tensor.of(v, t.shape()), t);
    return t;
  }
}
