package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Tensor;

/** Dropout masks (a counter-based stream, the same on every backend) and their application. */
final class Dropouts {
  private static final long GAMMA = 0x9e3779b97f4a7c15L;

  private Dropouts() {}

  /** The uniform draw of element {@code i}: SplitMix64's mix of {@code seed + (i + 1) GAMMA}. */
  static float uniform(long seed, long i) {
    long z = seed + (i + 1) * GAMMA;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    z ^= z >>> 31;
    return (z >>> 40) * 0x1p-24f;
  }

  static void mask(Tensor mask, long seed, float p, float scale) {
    float[] m = a(mask);
    for (int i = 0; i < m.length; i++) {
      m[i] = uniform(seed, i) >= p ? scale : 0f;
    }
  }

  static void apply(Tensor x, Tensor mask, Tensor y) {
    float[] v = a(x);
    float[] m = a(mask);
    float[] out = a(y);
    int n = x.numel();
    if (m.length == n) {
      Segments.multiply(v, m, out, n);
      return;
    }
    int k = m.length == 0 ? 0 : n / m.length;
    for (int j = 0; j < m.length; j++) {
      Segments.affine(v, out, j * k, k, m[j], 0f);
    }
  }

  static void backward(Tensor dy, Tensor mask, Tensor dx) {
    float[] g = a(dy);
    float[] m = a(mask);
    float[] d = a(dx);
    int n = dx.numel();
    if (m.length == n) {
      Segments.multiplyAdd(g, m, d, n);
      return;
    }
    int k = m.length == 0 ? 0 : n / m.length;
    for (int j = 0; j < m.length; j++) {
      Segments.gradient(g, g, d, j * k, k, m[j], 0f, 0f, 0f);
    }
  }
}
