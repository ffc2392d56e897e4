package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ReLU, Tanh, Sigmoid and Flatten modules: same values as the tensor ops, backward numerically. */
class ActivationModulesTest {

  static Stream<Arguments> activations() {
    return Stream.of(
        Arguments.of(new ReLU(), "relu"),
        Arguments.of(new Tanh(), "tanh"),
        Arguments.of(new Sigmoid(), "sigmoid"));
  }

  private static Tensor op(String name, Tensor x) {
    return switch (name) {
      case "relu" -> F.relu(x);
      case "tanh" -> F.tanh(x);
      default -> F.sigmoid(x);
    };
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("activations")
  void moduleMatchesFunctional(UnaryModule m, String name) {
    Tensor x = GradCheck.leafAwayFromZero(81, 0.1, 3.0, 2, 3, 4);
    Tensor y = m.apply(x);
    assertArrayEquals(x.shape(), y.shape());
    assertArrayEquals(op(name, x).toFloatArray(), y.toFloatArray());
    assertTrue(m.parameters().isEmpty());
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("activations")
  void moduleGradient(UnaryModule m, String name) {
    Tensor x = GradCheck.leafAwayFromZero(82, 0.1, 3.0, 2, 3, 4);
    GradCheck.check(() -> m.apply(x), x);
  }

  @Test
  void moduleGradFnIsNamedAfterTheModule() {
    Tensor x = GradCheck.leaf(83, 1.0, 2);
    assertEquals("TanhBackward", new Tanh().apply(x).gradFn().name());
  }

  @Test
  void flattenModuleKeepsBatchDimension() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 3, 2);
    Tensor y = new Flatten().apply(x);
    assertArrayEquals(new int[] {2, 6}, y.shape());
    assertArrayEquals(x.toFloatArray(), y.toFloatArray());
    assertArrayEquals(new int[] {6, 2}, new Flatten(0, 1).apply(x).shape());
    assertArrayEquals(new int[] {2, 3, 2}, new Flatten(1, 1).apply(x).shape());
  }

  @Test
  void flattenModuleGradient() {
    Tensor x = GradCheck.leaf(84, 2.0, 2, 3, 2, 2);
    GradCheck.check(() -> new Flatten().apply(x), x);
    GradCheck.check(() -> new Flatten(1, 2).apply(x).tanh(), x);
  }

  @Test
  void activationOutputShapeIsInputShape() {
    assertArrayEquals(new int[] {5, 1, 7}, new ReLU().outputShape(new int[] {5, 1, 7}));
  }
}
