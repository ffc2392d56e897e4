package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.kiln.backend.BinaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Backward of add, sub, mul and div, same shape and broadcast either way, checked numerically. */
class BinaryOpsGradTest {

  static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
    return switch (op) {
      case ADD -> a.add(b);
      case SUB -> a.sub(b);
      case MUL -> a.mul(b);
      case DIV -> a.div(b);
    };
  }

  static Stream<Arguments> cases() {
    int[][][] shapes = {
        {{2, 3}, {2, 3}},
        {{3, 1, 4}, {2, 4}},
        {{2, 4}, {3, 1, 4}},
        {{4, 1}, {1, 3}},
        {{2, 3}, {}},
        {{}, {2, 3}},
        {{2, 1, 3}, {2, 4, 1}},
    };
    List<Arguments> out = new ArrayList<>();
    for (BinaryOp op : BinaryOp.values()) {
      for (int[][] s : shapes) {
        out.add(Arguments.of(op, s[0], s[1]));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void gradientsMatchCentralDifferences(BinaryOp op, int[] sa, int[] sb) {
    Tensor a = GradCheck.leaf(11, 2.0, sa);
    // a divisor away from 0, where 1/b is steep
    Tensor b = op == BinaryOp.DIV ? GradCheck.leafAwayFromZero(12, 0.5, 2.0, sb)
        : GradCheck.leaf(12, 2.0, sb);
    Tensor out = apply(op, a, b);
    assertArrayEquals(Shapes.broadcast(sa, sb), out.shape());
    GradCheck.check(() -> apply(op, a, b), a, b);
  }

  @Test
  void onlyOneOperandRequiringGradGetsOne() {
    Tensor a = GradCheck.leaf(13, 1.0, 3, 1, 4);
    Tensor b = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
    GradCheck.checkWith(java.util.List.of(b), () -> a.mul(b), a);
    org.junit.jupiter.api.Assertions.assertNull(b.grad());
  }

  @Test
  void broadcastGradientIsSummedOverRepeatedDimensions() {
    // out = a + b with a (2, 1) and b (3): d(sum(out))/da = 3 each, d/db = 2 each.
    Tensor a = Tensor.of(new float[] {1, 2}, 2, 1).requiresGrad(true);
    Tensor b = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
    a.add(b).sum().backward();
    assertArrayEquals(new float[] {3, 3}, a.grad().toFloatArray());
    assertArrayEquals(new float[] {2, 2, 2}, b.grad().toFloatArray());
  }

  @Test
  void subGradientOfSecondOperandIsNegated() {
    Tensor a = Tensor.of(new float[] {5, 6}, 2).requiresGrad(true);
    Tensor b = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
    a.sub(b).backward(Tensor.of(new float[] {1, 10}, 2));
    assertArrayEquals(new float[] {1, 10}, a.grad().toFloatArray());
    assertArrayEquals(new float[] {-1, -10}, b.grad().toFloatArray());
  }
}
