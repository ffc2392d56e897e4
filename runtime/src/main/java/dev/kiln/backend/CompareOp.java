package dev.kiln.backend;

/**
 * The broadcasting elementwise comparisons, as PyTorch's {@code eq ne gt lt ge le}. IEEE rules:
 * any comparison with NaN is false except {@code NE}, which is true.
 */
public enum CompareOp {
  EQ,
  NE,
  GT,
  LT,
  GE,
  LE;

  /** {@code a op b}. */
  public boolean test(float a, float b) {
    return switch (this) {
      case EQ -> a == b;
      case NE -> a != b;
      case GT -> a > b;
      case LT -> a < b;
      case GE -> a >= b;
      case LE -> a <= b;
    };
  }
}
