package dev.kiln.compiled;

import dev.kiln.tensor.Device;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model's plans: each calling thread has its own, one per device and input sizes, built on
 * first use. The weights are shared; a plan's buffers (and so the tensor a forward returns)
 * belong to the thread that made it, so threads calling one model at once never write each
 * other's buffers. A thread keeps at most {@link #PER_THREAD} plans, dropping the least recently
 * used (a dropped plan's output stays valid; the next call at its sizes builds a new plan).
 * Finding a kept plan allocates nothing. Backward through a plan goes through the model's
 * {@link TrainingGuard}.
 *
 * <p>The plans are held by the model, in a map by thread, not in a {@code ThreadLocal}: a plan
 * refers to its model, so a thread-local value would keep every model a long-lived thread (a
 * server's) ever called alive. A model that is dropped takes its plans with it; the plans of
 * threads that have ended are dropped when another thread first calls.
 */
public final class PlanCache<P extends CompiledPlan> {
  /** Plans one thread keeps per model: batch sizes a server sees at once, for example. */
  public static final int PER_THREAD = 8;

  /** Builds a plan for a device and the sizes of the input symbols. */
  public interface Maker<P> {
    P make(Device device, int[] sizes);
  }

  private final TrainingGuard guard;
  private final Maker<P> maker;
  private final Map<Thread, ThreadPlans<P>> byThread = new ConcurrentHashMap<>();
  /** The caches of numbered call sites 1, 2, ... ({@link #at}), made on first use. */
  private volatile PlanCache<P>[] sites;

  /** The cache of the model called {@code model} in messages. */
  public PlanCache(String model, Maker<P> maker) {
    this(new TrainingGuard(model), maker);
  }

  private PlanCache(TrainingGuard guard, Maker<P> maker) {
    this.guard = guard;
    this.maker = maker;
  }

  /** A new, empty cache of plans for one more call site ({@link SiteForward#newSite}). */
  public PlanCache<P> site() {
    return new PlanCache<>(guard, maker);
  }

  /**
   * The plans of the numbered call site {@code site} (an eager forward body's later calls, see
   * {@link EagerScope}): this cache for site 0, else one kept for that number.
   */
  public PlanCache<P> at(int site) {
    if (site == 0) {
      return this;
    }
    PlanCache<P>[] s = sites;
    if (s == null || s.length < site || s[site - 1] == null) {
      s = grow(site);
    }
    return s[site - 1];
  }

  @SuppressWarnings("unchecked")
  private synchronized PlanCache<P>[] grow(int site) {
    PlanCache<P>[] s = sites == null ? new PlanCache[site]
        : java.util.Arrays.copyOf(sites, Math.max(site, sites.length));
    if (s[site - 1] == null) {
      s[site - 1] = new PlanCache<>(guard, maker);
    }
    sites = s;
    return s;
  }

  /** This thread's most recently used plan, or null: the generated forward's fast path. */
  public P current() {
    return threadPlans().current();
  }

  /** This thread's plan for a model whose inputs have no size symbols. */
  public P get(Device device) {
    ThreadPlans<P> mine = threadPlans();
    mine.probe(0);
    return find(mine, device);
  }

  /** This thread's plan for the size of the one input symbol. */
  public P get(Device device, int s0) {
    ThreadPlans<P> mine = threadPlans();
    mine.probe(1)[0] = s0;
    return find(mine, device);
  }

  /** This thread's plan for the sizes of two input symbols. */
  public P get(Device device, int s0, int s1) {
    ThreadPlans<P> mine = threadPlans();
    int[] s = mine.probe(2);
    s[0] = s0;
    s[1] = s1;
    return find(mine, device);
  }

  /** This thread's plan for the sizes of the input symbols. */
  public P get(Device device, int... sizes) {
    ThreadPlans<P> mine = threadPlans();
    System.arraycopy(sizes, 0, mine.probe(sizes.length), 0, sizes.length);
    return find(mine, device);
  }

  /** The number of plans this thread holds. */
  public int size() {
    return threadPlans().size();
  }

  /** The calling thread's plans, made (and ended threads' dropped) on its first call. */
  private ThreadPlans<P> threadPlans() {
    Thread me = Thread.currentThread();
    ThreadPlans<P> plans = byThread.get(me);
    if (plans == null) {
      byThread.keySet().removeIf(t -> !t.isAlive());
      plans = new ThreadPlans<>();
      byThread.put(me, plans);
    }
    return plans;
  }

  private P find(ThreadPlans<P> mine, Device device) {
    P p = mine.find(device);
    if (p == null) {
      p = maker.make(device, mine.probeCopy());
      p.attach(guard);
      mine.add(device, p);
    }
    return p;
  }
}
