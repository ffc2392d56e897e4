package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The gradient checker itself: it accepts a right backward and rejects slightly wrong ones. */
class GradCheckSelfTest {

  /** {@code y = x * x} computed without recording, with a hand-written backward {@code factor * x * dy}. */
  private static Supplier<Tensor> square(Tensor x, float factor) {
    return () -> {
      Tensor y;
      try (GradMode g = GradMode.noGrad()) {
        y = x.mul(x);
      }
      if (GradMode.isEnabled()) {
        y.setGradFn(new GradFn(x) {
          @Override
          public Tensor[] backward(Tensor dOut) {
            float[] xs = x.toFloatArray();
            float[] d = dOut.toFloatArray();
            for (int i = 0; i < d.length; i++) {
              d[i] *= factor * xs[i];
            }
            return new Tensor[] {Tensor.of(d, x.shape())};
          }

          @Override
          public String name() {
            return "SquareBackward";
          }
        });
      }
      return y;
    };
  }

  @Test
  void acceptsCorrectGradient() {
    Tensor x = GradCheck.leaf(1, 2.0, 3, 4);
    assertDoesNotThrow(() -> GradCheck.check(square(x, 2f), x));
  }

  @Test
  void rejectsGradientMissingAFactor() {
    Tensor x = GradCheck.leaf(1, 2.0, 3, 4);
    assertThrows(AssertionFailedError.class, () -> GradCheck.check(square(x, 1f), x));
  }

  @Test
  void rejectsGradientFivePercentOff() {
    Tensor x = GradCheck.leaf(2, 2.0, 5);
    assertThrows(AssertionFailedError.class, () -> GradCheck.check(square(x, 2.1f), x));
  }

  @Test
  void rejectsMissingGradient() {
    Tensor x = GradCheck.leaf(3, 1.0, 2);
    Tensor unused = GradCheck.leaf(4, 1.0, 2);
    assertThrows(AssertionFailedError.class, () -> GradCheck.check(() -> x.tanh(), x, unused));
  }

  @Test
  void restoresInputValues() {
    Tensor x = GradCheck.leaf(5, 1.0, 2, 3);
    float[] before = x.toFloatArray();
    GradCheck.check(() -> x.sigmoid(), x);
    org.junit.jupiter.api.Assertions.assertArrayEquals(before, x.toFloatArray());
  }
}
