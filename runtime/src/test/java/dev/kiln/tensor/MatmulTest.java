package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Matrix product with batch broadcasting: forward against PyTorch, backward numerically. */
class MatmulTest {

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(new int[] {3, 4}, new int[] {4, 5}, new int[] {3, 5}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {4, 5}, new int[] {2, 3, 5}),
        Arguments.of(new int[] {3, 4}, new int[] {2, 4, 5}, new int[] {2, 3, 5}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {2, 4, 5}, new int[] {2, 3, 5}),
        Arguments.of(new int[] {2, 1, 3, 4}, new int[] {3, 4, 2}, new int[] {2, 3, 3, 2}),
        Arguments.of(new int[] {1, 4}, new int[] {4, 1}, new int[] {1, 1}));
  }

  @ParameterizedTest(name = "{0} @ {1}")
  @MethodSource("shapes")
  void gradientsMatchCentralDifferences(int[] sa, int[] sb, int[] expected) {
    Tensor a = GradCheck.leaf(21, 1.5, sa);
    Tensor b = GradCheck.leaf(22, 1.5, sb);
    assertArrayEquals(expected, a.matmul(b).shape());
    GradCheck.check(() -> a.matmul(b), a, b);
  }

  static float[] range(int n, float div, float shift) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i / div + shift;
    }
    return v;
  }

  @Test
  void plainMatrixProductByHand() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor b = Tensor.of(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
    // [[1*7+2*9+3*11, 1*8+2*10+3*12], [4*7+5*9+6*11, 4*8+5*10+6*12]]
    assertArrayEquals(new float[] {58, 64, 139, 154}, a.matmul(b).toFloatArray());
  }

  @Test
  void batchedTimesMatrixMatchesTorch() {
    // A = (arange(12)/10 - 0.5).reshape(2,2,3); B = (arange(6)/5 - 0.3).reshape(3,2); torch 1.13 A @ B
    Tensor a = Tensor.of(range(12, 10, -0.5f), 2, 2, 3);
    Tensor b = Tensor.of(range(6, 5, -0.3f), 3, 2);
    Tensor c = a.matmul(b);
    assertArrayEquals(new int[] {2, 2, 2}, c.shape());
    float[] torch = {-0.039999999f, -0.28f, 0.050000001f, -0.0099999979f,
        0.14f, 0.25999999f, 0.23000002f, 0.53000003f};
    assertArrayEquals(torch, c.toFloatArray(), 1e-6f);
  }

  @Test
  void matrixTimesBatchedMatchesTorch() {
    // A2 = (arange(6)/4 - 0.5).reshape(2,3); B2 = (arange(24)/10 - 1).reshape(2,3,4); torch A2 @ B2
    Tensor a = Tensor.of(range(6, 4, -0.5f), 2, 3);
    Tensor b = Tensor.of(range(24, 10, -1f), 2, 3, 4);
    Tensor c = a.matmul(b);
    assertArrayEquals(new int[] {2, 2, 4}, c.shape());
    float[] torch = {0.64999998f, 0.57499999f, 0.5f, 0.42500001f,
        -0.69999999f, -0.55000001f, -0.39999998f, -0.24999997f,
        -0.25000003f, -0.32499999f, -0.39999998f, -0.47499999f,
        1.1f, 1.25f, 1.4f, 1.55f};
    assertArrayEquals(torch, c.toFloatArray(), 1e-6f);
  }

  @Test
  void broadcastOperandGradientSumsOverBatch() {
    // c = a @ b with a (2, 1, 2) = ones and b (2, 1) = ones: dc/db sums over the batch of 2.
    Tensor a = Tensor.of(new float[] {1, 1, 1, 1}, 2, 1, 2).requiresGrad(true);
    Tensor b = Tensor.of(new float[] {1, 1}, 2, 1).requiresGrad(true);
    a.matmul(b).sum().backward();
    assertArrayEquals(new float[] {2, 2}, b.grad().toFloatArray());
    assertArrayEquals(new float[] {1, 1, 1, 1}, a.grad().toFloatArray());
  }
}
