package dev.kiln.backend.cpu;

/**
 * A large {@code y = x W^T} at batch 1 divided into one block of output rows per thread, each a
 * multiple of eight rows, so every core reads its own share of {@code W} from its own cache.
 * Reused per calling thread, so splitting allocates nothing.
 */
final class GemvSplit implements WorkerPool.Job {
  private static final ThreadLocal<GemvSplit> JOB = ThreadLocal.withInitial(GemvSplit::new);

  private int n;
  private int k;
  private float[] x;
  private int xo;
  private float[] w;
  private int wo;
  private float[] c;
  private int co;
  private int step;

  /** {@code c[co + j] += dot(x, row j of w)} for every row {@code j < n}. */
  static void run(int threads, int n, int k, float[] x, int xo, float[] w, int wo, float[] c,
      int co) {
    GemvSplit s = JOB.get();
    int groups = (n + 7) / 8;
    int parts = Math.min(threads, groups);
    s.n = n;
    s.k = k;
    s.x = x;
    s.xo = xo;
    s.w = w;
    s.wo = wo;
    s.c = c;
    s.co = co;
    s.step = (groups + parts - 1) / parts * 8;
    WorkerPool.run((n + s.step - 1) / s.step, s);
    s.x = null;
    s.w = null;
    s.c = null;
  }

  @Override
  public void run(int part) {
    int lo = part * step;
    Gemv.rows(lo, Math.min(n, lo + step), k, x, xo, w, wo, c, co);
  }
}
