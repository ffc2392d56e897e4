package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.backend.Window2d;
import dev.kiln.backend.cpu.PlaneSplit.Op;
import dev.kiln.tensor.Tensor;

/** The CPU entry points of the pooling family of {@link dev.kiln.backend.Kernels}. */
final class Spatial2d {
  private Spatial2d() {}

  static void maxPool(Tensor x, Window2d w, Tensor y, Tensor indices) {
    PlaneSplit s = PlaneSplit.of(Op.MAX, x, y);
    s.window = w;
    s.idx = a(indices);
    s.run();
  }

  static void maxPoolBackward(Tensor indices, Tensor dy, Tensor dx) {
    if (dx != null) {
      PlaneSplit s = PlaneSplit.of(Op.MAX_BACKWARD, dx, dy);
      s.idx = a(indices);
      s.run();
    }
  }

  static void avgPool(Tensor x, Window2d w, boolean countIncludePad, Tensor y) {
    PlaneSplit s = PlaneSplit.of(Op.AVG, x, y);
    s.window = w;
    s.flag = countIncludePad;
    s.run();
  }

  static void avgPoolBackward(Tensor dy, Window2d w, boolean countIncludePad, Tensor dx) {
    if (dx != null) {
      PlaneSplit s = PlaneSplit.of(Op.AVG_BACKWARD, dx, dy);
      s.window = w;
      s.flag = countIncludePad;
      s.run();
    }
  }

  /** {@code op} from {@code in} to {@code out}, or for a backward op from dy {@code out} to dx. */
  static void run(Op op, Tensor in, Tensor out, boolean flag) {
    if (in != null) {
      PlaneSplit s = PlaneSplit.of(op, in, out);
      s.flag = flag;
      if (op == Op.BILINEAR || op == Op.BILINEAR_BACKWARD) {
        Resample2d.bilinearColumns(s);
      }
      s.run();
    }
  }

  static void pixelShuffle(Op op, Tensor in, Tensor out, int r) {
    if (in != null) {
      PlaneSplit s = PlaneSplit.of(op, in, out);
      s.r = r;
      s.run();
    }
  }

  static void pad(Op op, Tensor in, Tensor out, int left, int top) {
    if (in != null) {
      PlaneSplit s = PlaneSplit.of(op, in, out);
      s.left = left;
      s.top = top;
      s.run();
    }
  }
}
