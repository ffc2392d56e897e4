package dev.kiln.nn;

/** Argument checks shared by the normalizations over trailing dimensions (LayerNorm, RMSNorm). */
final class NormalizedShape {
  private NormalizedShape() {}

  /**
   * The number of elements of {@code shape}, the normalized trailing dimensions.
   *
   * @throws IllegalArgumentException naming {@code layer} if the shape is empty, a size is not
   *     positive or the product overflows an int
   */
  static int numel(String layer, int[] shape) {
    long n = shape.length == 0 ? 0 : 1;
    for (int s : shape) {
      n = s <= 0 ? 0 : n * s;
    }
    if (n <= 0 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(layer + "(" + PyRepr.tuple(shape)
          + "): normalized_shape must be non-empty with positive sizes");
    }
    return (int) n;
  }

  /** {@code eps}, checked positive and finite. */
  static float eps(String layer, float value) {
    if (!(value > 0) || Float.isInfinite(value)) {
      throw new IllegalArgumentException(layer + ": eps must be positive and finite, got " + value);
    }
    return value;
  }
}
