package dev.kiln.backend.cpu;

/**
 * The loops of the normalization and dropout kernels over one contiguous run of elements
 * ({@code [off, off + len)}): vectorised by {@link VectorSegments} when {@link Simd#ENABLED}, else
 * plain loops with the same arithmetic.
 */
final class Segments {
  private static final int MIN_VECTOR = 16;

  private Segments() {}

  private static boolean vector(int len) {
    return Simd.ENABLED && len >= MIN_VECTOR;
  }

  /** {@code sum(x)}, in double across lanes. */
  static double sum(float[] x, int off, int len) {
    if (vector(len)) {
      return VectorSegments.sum(x, off, len);
    }
    double s = 0;
    for (int i = off; i < off + len; i++) {
      s += x[i];
    }
    return s;
  }

  /** {@code sum((x - mean)^2)}. */
  static double sumSquaredDeviation(float[] x, int off, int len, float mean) {
    if (vector(len)) {
      return VectorSegments.sumSquaredDeviation(x, off, len, mean);
    }
    double s = 0;
    for (int i = off; i < off + len; i++) {
      float d = x[i] - mean;
      s += d * d;
    }
    return s;
  }

  /** {@code sum(dy * (x - mean))}. */
  static double dotDeviation(float[] dy, float[] x, int off, int len, float mean) {
    if (vector(len)) {
      return VectorSegments.dotDeviation(dy, x, off, len, mean);
    }
    double s = 0;
    for (int i = off; i < off + len; i++) {
      s += dy[i] * (x[i] - mean);
    }
    return s;
  }

  /** {@code y = x * a + b}. */
  static void affine(float[] x, float[] y, int off, int len, float a, float b) {
    if (vector(len)) {
      VectorSegments.affine(x, y, off, len, a, b);
      return;
    }
    for (int i = off; i < off + len; i++) {
      y[i] = x[i] * a + b;
    }
  }

  /** {@code dx += dy * a + (x - mean) * b + c}. */
  static void gradient(float[] dy, float[] x, float[] dx, int off, int len, float a, float mean,
      float b, float c) {
    if (vector(len)) {
      VectorSegments.gradient(dy, x, dx, off, len, a, mean, b, c);
      return;
    }
    for (int i = off; i < off + len; i++) {
      dx[i] += dy[i] * a + (x[i] - mean) * b + c;
    }
  }

  /** {@code y = x * m} elementwise. */
  static void multiply(float[] x, float[] m, float[] y, int len) {
    if (vector(len)) {
      VectorSegments.multiply(x, m, y, len);
      return;
    }
    for (int i = 0; i < len; i++) {
      y[i] = x[i] * m[i];
    }
  }

  /** {@code dx += dy * m} elementwise. */
  static void multiplyAdd(float[] dy, float[] m, float[] dx, int len) {
    if (vector(len)) {
      VectorSegments.multiplyAdd(dy, m, dx, len);
      return;
    }
    for (int i = 0; i < len; i++) {
      dx[i] += dy[i] * m[i];
    }
  }
}
