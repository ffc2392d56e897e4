package dev.kiln.backend;

/**
 * The elementwise losses {@code l(x, y)} of an input element {@code x} and its target {@code y},
 * each with PyTorch's formula; {@code p} is the op's parameter (beta, delta), unused otherwise.
 */
public enum LossOp {
  /** {@code (x - y)^2}. */
  MSE,
  /** {@code |x - y|}. */
  L1,
  /** {@code d = |x - y|}: {@code 0.5 d^2 / p} where {@code d < p}, else {@code d - 0.5 p}. */
  SMOOTH_L1,
  /** {@code d = |x - y|}: {@code 0.5 d^2} where {@code d < p}, else {@code p (d - 0.5 p)}. */
  HUBER,
  /** {@code -(y max(log x, -100) + (1 - y) max(log(1 - x), -100))}, {@code x} a probability. */
  BCE,
  /** {@code (1 - y) x + (1 + (q - 1) y) log(1 + exp(-x))}, {@code q} the positive weight. */
  BCE_WITH_LOGITS
}
