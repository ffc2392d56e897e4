package dev.kiln.nn;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Central-difference gradient checks ({@link GradCheck}: float64 analytic vs numeric, then the
 * float32 CPU backward vs float64) of every layer of the pooling family. Max pooling runs on
 * distinct values at least 0.01 apart, so no step of 1e-6 moves an argmax.
 */
class PoolGradCheckTest {
  private static void check(Supplier<UnaryModule> layer, Tensor x) {
    UnaryModule m = layer.get();
    GradCheck.check(() -> m.apply(x), x);
  }

  /** A leaf holding a random permutation of {@code 0.01 * (0 .. n-1)}, minus its middle. */
  private static Tensor distinct(long seed, int... shape) {
    int n = dev.kiln.tensor.Shapes.numel(shape);
    float[] v = new float[n];
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      int j = r.nextInt(i + 1);
      v[i] = v[j];
      v[j] = 0.01f * (i - n / 2);
    }
    return Tensor.of(v, shape).requiresGrad(true);
  }

  @Test
  void maxPool() {
    check(() -> new MaxPool2d(2), distinct(1, 2, 2, 6, 5));
    check(() -> new MaxPool2d(3, 2, 1), distinct(2, 1, 2, 7, 6));
    check(() -> new MaxPool2d(2, 1, 1, 2).ceilMode(true), distinct(3, 1, 2, 6, 7));
    check(() -> new MaxPool2d(new int[] {2, 3}).stride(2, 1).ceilMode(true), distinct(4, 2, 5, 6));
  }

  @Test
  void avgPool() {
    check(() -> new AvgPool2d(2), GradCheck.leaf(5, 1.5, 2, 2, 6, 5));
    check(() -> new AvgPool2d(3, 2, 1), GradCheck.leaf(6, 1.5, 1, 2, 7, 6));
    check(() -> new AvgPool2d(3, 2, 1, true, false), GradCheck.leaf(7, 1.5, 1, 2, 8, 6));
    check(() -> new AvgPool2d(2, 2, 1, true, true), GradCheck.leaf(8, 1.5, 2, 5, 6));
  }

  @Test
  void adaptiveAvgPool() {
    check(() -> new AdaptiveAvgPool2d(new int[] {3, 4}), GradCheck.leaf(9, 1.5, 2, 2, 7, 5));
    check(() -> new AdaptiveAvgPool2d(new int[] {7, 4}), GradCheck.leaf(10, 1.5, 1, 2, 5, 6));
    check(() -> new AdaptiveAvgPool2d(1), GradCheck.leaf(11, 1.5, 3, 4, 5));
  }

  @Test
  void upsample() {
    check(() -> new Upsample().scaleFactor(2), GradCheck.leaf(12, 1.5, 1, 2, 3, 4));
    check(() -> new Upsample().scaleFactor(3, 2), GradCheck.leaf(13, 1.5, 1, 2, 3, 4));
    check(() -> new Upsample().scaleFactor(2).mode("bilinear"),
        GradCheck.leaf(14, 1.5, 2, 2, 3, 4));
    check(() -> new Upsample().scaleFactor(3).mode("bilinear").alignCorners(true),
        GradCheck.leaf(15, 1.5, 1, 2, 3, 4));
    check(() -> new Upsample().scaleFactor(2, 3).mode("bilinear"),
        GradCheck.leaf(16, 1.5, 1, 1, 4, 3));
  }

  @Test
  void rearranging() {
    check(() -> new PixelShuffle(2), GradCheck.leaf(17, 1.5, 2, 8, 3, 2));
    check(() -> new ZeroPad2d(new int[] {-1, 2, 1, 0}), GradCheck.leaf(18, 1.5, 2, 2, 3, 4));
    check(Identity::new, GradCheck.leaf(19, 1.5, 3, 4));
    check(() -> new Unflatten(1, 3, -1), GradCheck.leaf(20, 1.5, 2, 6));
  }
}
