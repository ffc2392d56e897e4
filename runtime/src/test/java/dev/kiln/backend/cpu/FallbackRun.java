package dev.kiln.backend.cpu;

import dev.kiln.nn.Rng;
import dev.kiln.tensor.Tensor;

/**
 * Prints whether the vectorised kernels are on, one product's elements and a convolution's
 * output and gradients, for FallbackTest.
 */
final class FallbackRun {
  private FallbackRun() {}

  static float[] compute() {
    Rng.manualSeed(5);
    Tensor a = Rng.randn(37, 300);
    Tensor b = Rng.randn(300, 45);
    float[] product = a.matmul(b).tanh().toFloatArray();
    // a convolution and its backward (im2col onto the product, samples split between threads)
    dev.kiln.nn.Conv2d conv = new dev.kiln.nn.Conv2d(6, 20, 3, 2, 1).groups(2);
    Tensor x = Rng.randn(4, 6, 9, 11).requiresGrad(true);
    Tensor y = conv.apply(x);
    y.backward(Rng.randn(y.shape()));
    float[] out = java.util.Arrays.copyOf(product, product.length + y.numel() + x.numel()
        + conv.weight().numel());
    System.arraycopy(y.toFloatArray(), 0, out, product.length, y.numel());
    System.arraycopy(x.grad().toFloatArray(), 0, out, product.length + y.numel(), x.numel());
    System.arraycopy(conv.weight().grad().toFloatArray(), 0, out,
        product.length + y.numel() + x.numel(), conv.weight().numel());
    return out;
  }

  public static void main(String[] args) {
    System.out.println("simd " + Simd.ENABLED);
    for (float v : compute()) {
      System.out.println(Float.floatToRawIntBits(v));
    }
  }
}
