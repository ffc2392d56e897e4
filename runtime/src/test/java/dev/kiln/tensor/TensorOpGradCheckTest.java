package dev.kiln.tensor;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Central-difference gradient checks ({@link GradCheck}, float64) of the tensor ops of issue 17,
 * negative dimensions included; the float32 CPU gradients (tiled transpose, row walks) must
 * match the float64 kernels written from the definitions.
 */
class TensorOpGradCheckTest {
  private static final Tensor CAUSAL = causal(4, 5);

  static Stream<Arguments> unary() {
    return Stream.of(
        op("transpose(0, 2)", x -> x.transpose(0, 2), 2, 3, 4),
        op("transpose(-1, -2) tiled", x -> x.transpose(-1, -2), 2, 40, 35),
        op("permute(0, 2, 1, 3)", x -> x.permute(0, 2, 1, 3), 2, 3, 4, 5),
        op("permute(3, 1, 0, 2)", x -> x.permute(3, 1, 0, 2), 2, 3, 4, 5),
        op("permute(-1, 0, 1)", x -> x.permute(-1, 0, 1), 3, 4, 5),
        op("view(6, -1)", x -> x.view(6, -1), 2, 3, 4),
        op("unsqueeze(-1)", x -> x.unsqueeze(-1), 2, 3),
        op("squeeze(1)", x -> x.squeeze(1), 2, 1, 3),
        op("softmax(-1)", x -> x.softmax(-1), 2, 3, 4),
        op("softmax(1)", x -> x.softmax(1), 2, 3, 4),
        op("logSoftmax(0)", x -> x.logSoftmax(0), 2, 3, 4),
        op("narrow(1, 1, 2)", x -> x.narrow(1, 1, 2), 2, 4, 3),
        op("narrow(-1, -2, 2)", x -> x.narrow(-1, -2, 2), 2, 4, 3),
        op("select(1, -1)", x -> x.select(1, -1), 2, 4, 3),
        op("select(0, 1)", x -> x.select(0, 1), 2, 4, 3),
        op("select(-1, 0)", x -> x.select(-1, 0), 2, 4, 3),
        op("split(2, 1) pieces reordered", x -> {
          List<Tensor> p = x.split(2, 1);
          return Tensor.cat(List.of(p.get(2), p.get(0), p.get(1).mul(3f)), 1);
        }, 2, 5, 3),
        op("chunk(3, -1) pieces reordered", x -> {
          List<Tensor> p = x.chunk(3, -1);
          return Tensor.cat(List.of(p.get(1), p.get(2).add(1f), p.get(0)), -1);
        }, 2, 3, 8),
        op("cat of itself", x -> Tensor.cat(List.of(x, x.mul(2f), x), 0), 2, 3),
        op("maskedFill causal", x -> x.maskedFill(CAUSAL, -5f), 2, 3, 4, 5),
        op("maskedFill -inf then softmax", x -> x.maskedFill(CAUSAL, Float.NEGATIVE_INFINITY)
            .softmax(-1), 2, 4, 5),
        op("sum(1, keepdim)", x -> x.sum(1, true), 2, 3, 4),
        op("sum(-1, no keepdim)", x -> x.sum(-1, false), 2, 3, 4),
        op("mean(0, keepdim)", x -> x.mean(0, true), 2, 3, 4),
        op("mean(-2, no keepdim)", x -> x.mean(-2, false), 2, 3, 4),
        op("mul(float)", x -> x.mul(-0.7f), 2, 3),
        op("div(float)", x -> x.div(3f), 2, 3),
        op("add(float)", x -> x.add(2.5f), 2, 3),
        op("sub(float)", x -> x.sub(2.5f), 2, 3));
  }

  private static Arguments op(String name, Function<Tensor, Tensor> f, int... shape) {
    return Arguments.of(name, f, shape);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unary")
  void gradientMatchesCentralDifferences(String name, Function<Tensor, Tensor> f, int[] shape) {
    Tensor x = GradCheck.leaf(17, 2.0, shape);
    GradCheck.checkWith(List.of(CAUSAL), () -> f.apply(x), x);
  }

  @Test
  void catOfThreeTensorsAlongTheMiddle() {
    Tensor a = GradCheck.leaf(1, 1.0, 2, 1, 3);
    Tensor b = GradCheck.leaf(2, 1.0, 2, 4, 3);
    Tensor c = GradCheck.leaf(3, 1.0, 2, 2, 3);
    GradCheck.check(() -> Tensor.cat(List.of(a, b, c), -2), a, b, c);
  }

  @Test
  void divWithBroadcastingBothWays() {
    Tensor a = GradCheck.leaf(4, 2.0, 3, 1);
    Tensor b = GradCheck.leafAwayFromZero(5, 0.5, 2.0, 2, 3, 4);
    GradCheck.check(() -> a.div(b), a, b);
  }

  @Test
  void batchedAttentionChain() {
    Tensor q = GradCheck.leaf(6, 1.0, 2, 2, 4, 3);
    Tensor k = GradCheck.leaf(7, 1.0, 2, 2, 5, 3);
    Tensor v = GradCheck.leaf(8, 1.0, 2, 2, 5, 2);
    GradCheck.checkWith(List.of(CAUSAL), () -> q.matmul(k.transpose(-2, -1)).div(1.7f)
        .maskedFill(CAUSAL, Float.NEGATIVE_INFINITY).softmax(-1).matmul(v), q, k, v);
  }

  @Test
  void batchedMatmulBroadcastingBatchDimensions() {
    Tensor a = GradCheck.leaf(9, 1.0, 2, 1, 3, 4);
    Tensor b = GradCheck.leaf(10, 1.0, 3, 4, 2);
    GradCheck.check(() -> a.matmul(b), a, b);
  }

  private static Tensor causal(int l, int s) {
    float[] m = new float[l * s];
    for (int i = 0; i < l; i++) {
      for (int j = i + 1; j < s; j++) {
        m[i * s + j] = 1f;
      }
    }
    return Tensor.of(m, l, s);
  }
}
