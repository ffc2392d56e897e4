package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Functional activations, as {@code torch.nn.functional}; any shape in, same shape out. Each
 * records its backward when its input requires grad.
 */
public final class F {
  private F() {}

  public static Tensor relu(Tensor x) {
    return x.relu();
  }

  public static Tensor tanh(Tensor x) {
    return x.tanh();
  }

  public static Tensor sigmoid(Tensor x) {
    return x.sigmoid();
  }

  /** {@code leaky_relu(x, 0.01)}. */
  public static Tensor leakyRelu(Tensor x) {
    return leakyRelu(x, 0.01f);
  }

  /** {@code x > 0 ? x : negativeSlope * x}, as {@code F.leaky_relu}. */
  public static Tensor leakyRelu(Tensor x, float negativeSlope) {
    return new LeakyReLU(negativeSlope).apply(x);
  }

  /** The exact GELU, {@code x * Phi(x)}, as {@code F.gelu}. */
  public static Tensor gelu(Tensor x) {
    return gelu(x, "none");
  }

  /** GELU with {@code approximate} {@code "none"} (exact) or {@code "tanh"}. */
  public static Tensor gelu(Tensor x, String approximate) {
    return new GELU(approximate).apply(x);
  }

  /** {@code x * sigmoid(x)}, as {@code F.silu}. */
  public static Tensor silu(Tensor x) {
    return new SiLU().apply(x);
  }

  /** {@code elu(x, 1.0)}. */
  public static Tensor elu(Tensor x) {
    return elu(x, 1.0f);
  }

  /** {@code x > 0 ? x : alpha * (exp(x) - 1)}, as {@code F.elu}. */
  public static Tensor elu(Tensor x, float alpha) {
    return new ELU(alpha).apply(x);
  }

  /** Softmax along {@code dim} (negative counts from the end), as {@code F.softmax}. */
  public static Tensor softmax(Tensor x, int dim) {
    return new Softmax(dim).apply(x);
  }

  /** Log-softmax along {@code dim}, as {@code F.log_softmax}. */
  public static Tensor logSoftmax(Tensor x, int dim) {
    return new LogSoftmax(dim).apply(x);
  }

  /**
   * {@code x > 0 ? x : weight * x}, as {@code F.prelu}: {@code weight} has one element or one per
   * channel (dimension 1 of {@code x}); gradients reach both.
   */
  public static Tensor prelu(Tensor x, Tensor weight) {
    return PreluOp.apply(x, weight);
  }
}
