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
            return new Tensor[] {x.device().tensor(d, x.shape())};
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

  /**
   * {@code y = (1000 x0, x1)} with the backward of the small element twice too large: a tolerance
   * relative to the largest gradient element (the old check: 2e-3 * 1000) lets it through; the
   * per-element check does not.
   */
  @Test
  void rejectsASmallElementWrongByAHundredPercentBesideALargeOne() {
    Tensor x = GradCheck.leaf(6, 1.0, 2);
    Supplier<Tensor> f = () -> {
      Tensor y;
      try (GradMode g = GradMode.noGrad()) {
        y = x.mul(x.device().tensor(new float[] {1000f, 1f}, 2));
      }
      if (GradMode.isEnabled()) {
        y.setGradFn(new GradFn(x) {
          @Override
          public Tensor[] backward(Tensor dOut) {
            float[] d = dOut.toFloatArray();
            d[0] *= 1000f;
            d[1] *= 2f; // should be 1
            return new Tensor[] {x.device().tensor(d, x.shape())};
          }

          @Override
          public String name() {
            return "ScaleBackward";
          }
        });
      }
      return y;
    };
    assertThrows(AssertionFailedError.class, () -> GradCheck.check(f, x));
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
