package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.backend.CompareOp;
import dev.kiln.tensor.Tensor;

/** Broadcasting comparisons writing 1 where true and 0 where false. */
final class Comparisons {
  private Comparisons() {}

  static void compare(CompareOp op, Tensor a, Tensor b, Tensor out) {
    float[] x = a(a);
    float[] y = a(b);
    float[] o = a(out);
    int[] ia = Broadcast.offsets(out.shape(), a.shape());
    int[] ib = Broadcast.offsets(out.shape(), b.shape());
    for (int i = 0; i < o.length; i++) {
      o[i] = op.test(x[ia[i]], y[ib[i]]) ? 1f : 0f;
    }
  }
}
