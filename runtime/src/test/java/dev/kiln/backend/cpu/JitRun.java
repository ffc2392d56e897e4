package dev.kiln.backend.cpu;

import java.util.Arrays;

/**
 * Runs the vectorised kernels whose results could depend on the JIT (exp in tanh and sigmoid,
 * lane sums in the dot products, exp and erf in the activations of issue 16 and softmax; the
 * matmul for completeness) {@code rounds} times and prints a
 * hash of each one's last result bits, for {@link JitIndependenceTest}.
 */
public final class JitRun {
  private JitRun() {}

  public static void main(String[] args) {
    int rounds = Integer.parseInt(args[0]);
    float[] x = new float[403];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 1.7) * (i % 4 + 0.5f) * 3f;
    }
    float[] t = new float[x.length];
    float[] s = new float[x.length];
    float[] dot = new float[9];
    float[] c = new float[12 * 10];
    float[][] act = new float[10][x.length];
    for (int r = 0; r < rounds; r++) {
      Activations.tanh(x, t);
      Activations.sigmoid(x, s);
      Arrays.fill(dot, 0f);
      Gemv.gemm(false, true, 1, 9, 20, x, 0, x, 30, dot, 0); // one row: dot8 and rowDot
      dot[8] = VectorDots.dot(x, 1, x, 5, 61);
      Arrays.fill(c, 0f);
      PackedGemm.gemm(false, false, 12, 10, 5, x, 0, x, 2, c, 0, false, null, false);
      SmoothActivations.gelu(x, false, act[0]);
      SmoothActivations.gelu(x, true, act[1]);
      SmoothActivations.silu(x, act[2]);
      SmoothActivations.elu(x, 0.7f, act[3]);
      Arrays.fill(act[4], 0f);
      SmoothActivations.geluBackward(x, false, s, act[4]);
      SmoothActivations.geluBackward(x, true, s, act[4]);
      SmoothActivations.siluBackward(x, s, act[4]);
      SmoothActivations.eluBackward(x, 0.7f, s, act[4]);
      VectorSoftmax.row(x, act[5], 0, x.length, false);
      VectorSoftmax.row(x, act[6], 0, x.length, true);
      VectorSoftmax.block(x, act[7], 3, 12, 32, true);
      VectorSoftmax.block(x, act[7], 3, 12, 32, false);
      Arrays.fill(act[8], 0f);
      VectorSoftmax.rowBackward(act[5], x, act[8], 0, x.length, false);
      VectorSoftmax.rowBackward(act[6], x, act[8], 0, x.length, true);
      VectorSoftmax.blockBackward(act[7], x, act[8], 3, 12, 32, false);
      VectorSoftmax.blockBackward(act[7], x, act[8], 3, 12, 32, true);
    }
    System.out.println("tanh " + Arrays.hashCode(t));
    System.out.println("sigmoid " + Arrays.hashCode(s));
    System.out.println("dot " + Arrays.hashCode(dot));
    System.out.println("gemm " + Arrays.hashCode(c));
    System.out.println("activations " + Arrays.deepHashCode(act));
  }
}
