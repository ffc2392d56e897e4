package dev.kiln.compiled;

import dev.kiln.tensor.Device;

/**
 * A model's plans: each calling thread has its own, one per device and input sizes, built on
 * first use. The weights are shared; a plan's buffers (and so the tensor a forward returns)
 * belong to the thread that made it, so threads calling one model at once never write each
 * other's buffers. A thread keeps at most {@link #PER_THREAD} plans, dropping the least recently
 * used (a dropped plan's output stays valid; the next call at its sizes builds a new plan).
 * Finding a kept plan allocates nothing. Backward through a plan goes through the model's
 * {@link TrainingGuard}.
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
  private final ThreadLocal<ThreadPlans<P>> local = ThreadLocal.withInitial(ThreadPlans::new);

  /** The cache of the model called {@code model} in messages. */
  public PlanCache(String model, Maker<P> maker) {
    this.guard = new TrainingGuard(model);
    this.maker = maker;
  }

  /** This thread's most recently used plan, or null: the generated forward's fast path. */
  public P current() {
    return local.get().current();
  }

  /** This thread's plan for a model whose inputs have no size symbols. */
  public P get(Device device) {
    ThreadPlans<P> mine = local.get();
    mine.probe(0);
    return find(mine, device);
  }

  /** This thread's plan for the size of the one input symbol. */
  public P get(Device device, int s0) {
    ThreadPlans<P> mine = local.get();
    mine.probe(1)[0] = s0;
    return find(mine, device);
  }

  /** This thread's plan for the sizes of two input symbols. */
  public P get(Device device, int s0, int s1) {
    ThreadPlans<P> mine = local.get();
    int[] s = mine.probe(2);
    s[0] = s0;
    s[1] = s1;
    return find(mine, device);
  }

  /** This thread's plan for the sizes of the input symbols. */
  public P get(Device device, int... sizes) {
    ThreadPlans<P> mine = local.get();
    System.arraycopy(sizes, 0, mine.probe(sizes.length), 0, sizes.length);
    return find(mine, device);
  }

  /** The number of plans this thread holds. */
  public int size() {
    return local.get().size();
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
