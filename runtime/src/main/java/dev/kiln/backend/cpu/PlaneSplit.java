package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.backend.Window2d;
import dev.kiln.tensor.Tensor;

/**
 * One spatial kernel ({@link Pool2d}, {@link Resample2d}, {@link Rearrange2d}) run over its
 * planes: each plane is independent, so large calls are cut into one block of planes per thread
 * (results do not depend on the split). Reused per calling thread: a call allocates nothing.
 */
final class PlaneSplit implements WorkerPool.Job {
  /** Below this many elements read and written, a call runs on the calling thread. */
  private static final int PARALLEL_MIN = 1 << 16;
  private static final ThreadLocal<PlaneSplit> JOB = ThreadLocal.withInitial(PlaneSplit::new);

  enum Op { MAX, MAX_BACKWARD, AVG, AVG_BACKWARD, ADAPTIVE, ADAPTIVE_BACKWARD, NEAREST,
    NEAREST_BACKWARD, BILINEAR, BILINEAR_BACKWARD, SHUFFLE, SHUFFLE_BACKWARD, PAD, PAD_BACKWARD }

  Op op;
  float[] x;
  float[] y;
  float[] idx;
  /** Input plane height and width, output plane height and width. */
  int h;
  int w;
  int oh;
  int ow;
  Window2d window;
  boolean flag;
  int r;
  int left;
  int top;
  /** Bilinear column tables (lower, upper source column, upper weight), grown as needed. */
  int[] col0 = new int[0];
  int[] col1 = new int[0];
  float[] lam1 = new float[0];
  private int step;
  private int planes;

  /**
   * The calling thread's job, set to {@code op} between {@code in (.., h, w)} and {@code out (..,
   * oh, ow)}: {@link #x} is in's array (the input, or for a backward the input gradient),
   * {@link #y} out's (the output, or the output gradient).
   */
  static PlaneSplit of(Op op, Tensor in, Tensor out) {
    PlaneSplit s = JOB.get();
    s.op = op;
    s.h = in.size(-2);
    s.w = in.size(-1);
    s.oh = out.size(-2);
    s.ow = out.size(-1);
    s.x = a(in);
    s.y = a(out);
    return s;
  }

  /** Runs the op on every plane of {@code in}; sets {@link #planes}. */
  void run() {
    int planes = h * w == 0 ? 0 : x.length / (h * w);
    if (oh * ow == 0 || planes == 0) {
      clear();
      return;
    }
    this.planes = planes;
    long work = (long) x.length + y.length;
    int threads = Math.min(CpuThreads.get(), planes);
    try {
      if (threads <= 1 || work < PARALLEL_MIN) {
        planes(0, planes);
      } else {
        step = (planes + threads - 1) / threads;
        WorkerPool.run((planes + step - 1) / step, this);
      }
    } finally {
      clear();
    }
  }

  private void clear() {
    x = null;
    y = null;
    idx = null;
    window = null;
  }

  @Override
  public void run(int part) {
    planes(part * step, Math.min((part + 1) * step, planes));
  }

  private void planes(int lo, int hi) {
    switch (op) {
      case MAX -> Pool2d.max(this, lo, hi);
      case MAX_BACKWARD -> Pool2d.maxBackward(this, lo, hi);
      case AVG -> Pool2d.avg(this, lo, hi, false);
      case AVG_BACKWARD -> Pool2d.avg(this, lo, hi, true);
      case ADAPTIVE -> Resample2d.adaptive(this, lo, hi, false);
      case ADAPTIVE_BACKWARD -> Resample2d.adaptive(this, lo, hi, true);
      case NEAREST -> Resample2d.nearest(this, lo, hi, false);
      case NEAREST_BACKWARD -> Resample2d.nearest(this, lo, hi, true);
      case BILINEAR -> Resample2d.bilinear(this, lo, hi, false);
      case BILINEAR_BACKWARD -> Resample2d.bilinear(this, lo, hi, true);
      case SHUFFLE -> Rearrange2d.shuffle(this, lo, hi, false);
      case SHUFFLE_BACKWARD -> Rearrange2d.shuffle(this, lo, hi, true);
      case PAD -> Rearrange2d.pad(this, lo, hi, false);
      case PAD_BACKWARD -> Rearrange2d.pad(this, lo, hi, true);
    }
  }
}
