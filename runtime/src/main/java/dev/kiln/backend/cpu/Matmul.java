package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/** Batched matrix product {@code (..., n, k) @ (..., k, m)} with broadcast batch dimensions. */
final class Matmul {
  private Matmul() {}

  static void forward(Tensor a, Tensor b, Tensor out) {
    float[] o = a(out);
    Arrays.fill(o, 0f);
    Batches s = new Batches(a, b, out);
    for (int i = 0; i < s.count; i++) {
      Gemm.gemm(false, false, s.n, s.m, s.k, a(a), s.offA[i] * s.n * s.k,
          a(b), s.offB[i] * s.k * s.m, o, i * s.n * s.m);
    }
  }

  static void backward(Tensor a, Tensor b, Tensor dOut, Tensor da, Tensor db) {
    Batches s = new Batches(a, b, dOut);
    for (int i = 0; i < s.count; i++) {
      int g = i * s.n * s.m;
      if (da != null) {
        Gemm.gemm(false, true, s.n, s.k, s.m, a(dOut), g, a(b), s.offB[i] * s.k * s.m,
            a(da), s.offA[i] * s.n * s.k);
      }
      if (db != null) {
        Gemm.gemm(true, false, s.k, s.m, s.n, a(a), s.offA[i] * s.n * s.k, a(dOut), g,
            a(db), s.offB[i] * s.k * s.m);
      }
    }
  }

  /** Which matrix of {@code a} and of {@code b} each output matrix uses. */
  private static final class Batches {
    final int n;
    final int k;
    final int m;
    final int count;
    final int[] offA;
    final int[] offB;

    Batches(Tensor a, Tensor b, Tensor out) {
      int[] sa = a.shape();
      int[] sb = b.shape();
      int[] so = out.shape();
      n = sa[sa.length - 2];
      k = sa[sa.length - 1];
      m = sb[sb.length - 1];
      int[] batch = Arrays.copyOf(so, so.length - 2);
      offA = Broadcast.offsets(batch, Arrays.copyOf(sa, sa.length - 2));
      offB = Broadcast.offsets(batch, Arrays.copyOf(sb, sb.length - 2));
      count = offA.length;
    }
  }
}
