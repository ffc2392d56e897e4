package dev.kiln.backend.cpu;

import java.util.Arrays;

/**
 * Runs the vectorised kernels whose results could depend on the JIT (exp in tanh and sigmoid,
 * lane sums in the dot products; the matmul for completeness) {@code rounds} times and prints a
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
    for (int r = 0; r < rounds; r++) {
      Activations.tanh(x, t);
      Activations.sigmoid(x, s);
      Arrays.fill(dot, 0f);
      Gemv.gemm(false, true, 1, 9, 20, x, 0, x, 30, dot, 0); // one row: dot8 and rowDot
      dot[8] = VectorDots.dot(x, 1, x, 5, 61);
      Arrays.fill(c, 0f);
      PackedGemm.gemm(false, false, 12, 10, 5, x, 0, x, 2, c, 0, false, null, false);
    }
    System.out.println("tanh " + Arrays.hashCode(t));
    System.out.println("sigmoid " + Arrays.hashCode(s));
    System.out.println("dot " + Arrays.hashCode(dot));
    System.out.println("gemm " + Arrays.hashCode(c));
  }
}
