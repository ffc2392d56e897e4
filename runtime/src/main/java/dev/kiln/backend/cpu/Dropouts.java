package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Tensor;

/** Dropout masks (a counter-based hash, the same on every backend) and their application. */
final class Dropouts {
  private Dropouts() {}

  /** The uniform draw of element {@code i} ({@link dev.kiln.backend.Kernels#dropoutMask}). */
  static float uniform(long seed, int i) {
    int h = (i * 0x9e3779b9 + (int) seed) ^ (int) (seed >>> 32);
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return (h >>> 8) * 0x1p-24f;
  }

  static void mask(Tensor mask, long seed, float p, float scale) {
    float[] m = a(mask);
    int i = Simd.ENABLED ? VectorSegments.dropoutMask(m, seed, p, scale) : 0;
    for (; i < m.length; i++) {
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
