package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.CpuKernels.a;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Layer normalization ({@code centered}) and RMS normalization over rows: {@code x} viewed as
 * {@code (rows, d)}, each row normalised by its own statistics, computed while the row is in
 * cache (sums in double across lanes). Rows are taken in fixed blocks of {@link #BLOCK}; large
 * calls share the blocks between threads. The backward sums each block's weight and bias
 * gradients into its own partial row and adds the partials in block order, so results do not
 * depend on the thread count. Reused per calling thread: a warm call allocates nothing.
 */
final class RowNorm implements WorkerPool.Job {
  private static final int BLOCK = 64;
  /** Below this many elements a call runs on the calling thread. */
  private static final int PARALLEL_MIN = 1 << 15;
  private static final ThreadLocal<RowNorm> JOB = ThreadLocal.withInitial(RowNorm::new);

  private boolean backward;
  private boolean centered;
  private int d;
  private int rows;
  private int step;
  private float eps;
  private float[] x;
  private float[] y;
  private float[] dy;
  private float[] dx;
  private float[] w;
  private float[] b;
  private float[] mean;
  private float[] rstd;
  private boolean params;
  private float[] ones = new float[0];
  private float[] zeros = new float[0];
  private float[] partW = new float[0];
  private float[] partB = new float[0];
  private final double[][] sums = new double[64][2];

  private RowNorm() {}

  /** {@code y = (x - mean) * rstd * w + b}; writes {@code mean} (when centered) and {@code rstd}. */
  static void forward(Tensor x, int d, float eps, boolean centered, Tensor weight, Tensor bias,
      Tensor y, Tensor mean, Tensor rstd) {
    RowNorm s = JOB.get().set(x, d, weight, bias, centered, mean, rstd);
    s.backward = false;
    s.eps = eps;
    s.y = a(y);
    s.run();
  }

  /** Accumulates {@code dx}, {@code dweight}, {@code dbias} (each may be null). */
  static void backward(Tensor x, Tensor dy, int d, boolean centered, Tensor mean, Tensor rstd,
      Tensor weight, Tensor dx, Tensor dweight, Tensor dbias) {
    RowNorm s = JOB.get().set(x, d, weight, null, centered, mean, rstd);
    s.backward = true;
    s.dy = a(dy);
    s.dx = dx == null ? null : a(dx);
    s.params = dweight != null || dbias != null;
    int blocks = (s.rows + BLOCK - 1) / BLOCK;
    if (s.params) {
      if (s.partW.length < blocks * d) {
        s.partW = new float[blocks * d];
        s.partB = new float[blocks * d];
      }
      Arrays.fill(s.partW, 0, blocks * d, 0f);
      Arrays.fill(s.partB, 0, blocks * d, 0f);
    }
    s.run();
    if (s.params) {
      for (int blk = 0; blk < blocks; blk++) {
        if (dweight != null) {
          Rows.add(s.partW, blk * d, a(dweight), 0, d);
        }
        if (dbias != null) {
          Rows.add(s.partB, blk * d, a(dbias), 0, d);
        }
      }
    }
  }

  private RowNorm set(Tensor x, int d, Tensor weight, Tensor bias, boolean centered, Tensor mean,
      Tensor rstd) {
    this.x = a(x);
    this.d = d;
    this.rows = d == 0 ? 0 : x.numel() / d;
    this.centered = centered;
    this.mean = centered ? a(mean) : null;
    this.rstd = a(rstd);
    if (ones.length < d) {
      ones = new float[d];
      Arrays.fill(ones, 1f);
      zeros = new float[d];
    }
    this.w = weight == null ? ones : a(weight);
    this.b = bias == null ? zeros : a(bias);
    return this;
  }

  private void run() {
    int blocks = (rows + BLOCK - 1) / BLOCK;
    int threads = Math.min(Math.min(CpuThreads.get(), blocks), sums.length);
    try {
      if (threads <= 1 || (long) rows * d < PARALLEL_MIN) {
        step = blocks;
        run(0);
      } else {
        step = (blocks + threads - 1) / threads;
        WorkerPool.run((blocks + step - 1) / step, this);
      }
    } finally {
      x = y = dy = dx = w = b = mean = rstd = null;
    }
  }

  @Override
  public void run(int part) {
    int end = Math.min((part + 1) * step * BLOCK, rows);
    for (int r = part * step * BLOCK; r < end; r++) {
      if (backward) {
        backwardRow(r, sums[part]);
      } else {
        forwardRow(r);
      }
    }
  }

  private void forwardRow(int r) {
    int off = r * d;
    float m = centered ? (float) (Segments.sum(x, off, d) / d) : 0f;
    double var = Segments.sumSquaredDeviation(x, off, d, m) / d;
    float rs = (float) (1 / Math.sqrt(var + eps));
    if (centered) {
      mean[r] = m;
    }
    rstd[r] = rs;
    Rows.normalize(x, y, off, d, m, rs, w, b);
  }

  private void backwardRow(int r, double[] s) {
    int off = r * d;
    float m = centered ? mean[r] : 0f;
    float rs = rstd[r];
    if (dx == null) {
      if (params) {
        Rows.paramGrads(dy, x, off, d, m, rs, partW, partB, (r / BLOCK) * d);
      }
      return;
    }
    Rows.sums(dy, x, w, off, d, m, s);
    double rs3 = (double) rs * rs * rs;
    float fb = (float) (-s[1] * rs3 / d);
    float fc = centered ? (float) (-s[0] * rs / d) : 0f;
    if (params) {
      Rows.gradientAndParams(dy, x, w, dx, off, d, m, rs, fb, fc, partW, partB,
          (r / BLOCK) * d);
    } else {
      Rows.gradient(dy, x, w, dx, off, d, m, rs, fb, fc);
    }
  }
}
