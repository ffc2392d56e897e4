package dev.kiln.backend.cpu;

import dev.kiln.nn.Rng;
import dev.kiln.tensor.Tensor;

/** Prints whether the vectorised kernels are on and one product's elements, for FallbackTest. */
final class FallbackRun {
  private FallbackRun() {}

  static float[] compute() {
    Rng.manualSeed(5);
    Tensor a = Rng.randn(37, 300);
    Tensor b = Rng.randn(300, 45);
    return a.matmul(b).tanh().toFloatArray();
  }

  public static void main(String[] args) {
    System.out.println("simd " + Simd.ENABLED);
    for (float v : compute()) {
      System.out.println(Float.floatToRawIntBits(v));
    }
  }
}
