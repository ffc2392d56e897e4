package dev.kiln.backend.cpu;

import dev.kiln.nn.F;
import dev.kiln.nn.Rng;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * Prints whether the vectorised kernels are on, one product\'s elements, the activations\'
 * outputs and gradients and a convolution\'s output and gradients, for FallbackTest.
 */
final class FallbackRun {
  private FallbackRun() {}

  static float[] compute() {
    Rng.manualSeed(5);
    Tensor a = Rng.randn(37, 300);
    Tensor b = Rng.randn(300, 45);
    float[] product = a.matmul(b).tanh().toFloatArray();
    // the activations of issue 16, forward and input gradient, over (7, 45) and along both dims
    Tensor x = Rng.randn(7, 45).mul(Tensor.of(new float[] {3f})).requiresGrad(true);
    Tensor up = Rng.randn(7, 45);
    Tensor w = Rng.randn(45);
    List<Function<Tensor, Tensor>> ops = List.of(F::gelu, t -> F.gelu(t, "tanh"), F::silu,
        t -> F.elu(t, 0.7f), t -> F.leakyRelu(t, 0.1f), t -> F.softmax(t, 1),
        t -> F.softmax(t, 0), t -> F.logSoftmax(t, 1), t -> F.logSoftmax(t, 0),
        t -> F.prelu(t.reshape(7, 45, 1), w).reshape(7, 45));
    float[] all = product;
    for (Function<Tensor, Tensor> op : ops) {
      x.setGrad(null);
      Tensor y = op.apply(x);
      y.backward(up);
      all = concat(concat(all, y.toFloatArray()), x.grad().toFloatArray());
    }
    // a convolution and its backward (im2col onto the product, samples split between threads)
    dev.kiln.nn.Conv2d conv = new dev.kiln.nn.Conv2d(6, 20, 3, 2, 1).groups(2);
    Tensor cx = Rng.randn(4, 6, 9, 11).requiresGrad(true);
    Tensor cy = conv.apply(cx);
    cy.backward(Rng.randn(cy.shape()));
    all = concat(concat(concat(all, cy.toFloatArray()), cx.grad().toFloatArray()),
        conv.weight().grad().toFloatArray());
    return all;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  public static void main(String[] args) {
    System.out.println("simd " + Simd.ENABLED);
    for (float v : compute()) {
      System.out.println(Float.floatToRawIntBits(v));
    }
  }
}
