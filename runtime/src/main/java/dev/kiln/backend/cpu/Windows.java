package dev.kiln.backend.cpu;

/**
 * The inner loops of average pooling over a window of a plane: rows {@code [h0, h1)}, columns
 * {@code [w0, w1)} of a plane of width {@code w} at {@code off}. A window of whole rows is one
 * contiguous run. Vectorised with {@link Simd} for runs of eight or more.
 */
final class Windows {
  private Windows() {}

  static float sum(float[] x, int off, int w, int h0, int h1, int w0, int w1) {
    int n = w1 - w0;
    if (n == w) {
      return run(x, off + h0 * w, (h1 - h0) * w);
    }
    float s = 0;
    for (int a = h0; a < h1; a++) {
      s += run(x, off + a * w + w0, n);
    }
    return s;
  }

  static void add(float[] x, int off, int w, int h0, int h1, int w0, int w1, float g) {
    int n = w1 - w0;
    if (n == w) {
      addRun(x, off + h0 * w, (h1 - h0) * w, g);
      return;
    }
    for (int a = h0; a < h1; a++) {
      addRun(x, off + a * w + w0, n, g);
    }
  }

  private static float run(float[] x, int off, int n) {
    if (Simd.ENABLED && n >= 8) {
      return VectorWindows.sum(x, off, n);
    }
    float s = 0;
    for (int i = 0; i < n; i++) {
      s += x[off + i];
    }
    return s;
  }

  private static void addRun(float[] x, int off, int n, float g) {
    if (Simd.ENABLED && n >= 8) {
      VectorWindows.add(x, off, n, g);
      return;
    }
    for (int i = 0; i < n; i++) {
      x[off + i] += g;
    }
  }
}
