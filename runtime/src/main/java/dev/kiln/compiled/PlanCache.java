package dev.kiln.compiled;

import dev.kiln.tensor.Device;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A model's plans: each calling thread has its own, one per device and input dimensions, built
 * on first use. The weights are shared; a plan's buffers (and so the tensor a forward returns)
 * belong to the thread that made it, so threads calling one model at once never write each
 * other's buffers. A thread keeps at most {@link #PER_THREAD} plans, dropping the least recently
 * used (a dropped plan's output stays valid; the next call at its sizes builds a new plan).
 * Backward through a plan goes through the model's {@link TrainingGuard}.
 */
public final class PlanCache<P extends CompiledPlan> {
  /** Plans one thread keeps per model: batch sizes a server sees at once, for example. */
  public static final int PER_THREAD = 8;

  private final TrainingGuard guard;
  private final ThreadLocal<Local<P>> local = ThreadLocal.withInitial(Local::new);

  /** The cache of the model called {@code model} in messages. */
  public PlanCache(String model) {
    this.guard = new TrainingGuard(model);
  }

  /** This thread's most recently used plan, or null: the generated forward's fast path. */
  public P current() {
    return local.get().current;
  }

  /** This thread's plan for these inputs, made by {@code make} the first time. */
  public P get(Device device, int[] dims, Supplier<P> make) {
    Local<P> mine = local.get();
    Key key = new Key(device, dims.clone());
    P p = mine.plans.get(key);
    if (p == null) {
      p = make.get();
      p.attach(guard);
      mine.plans.put(key, p);
    }
    mine.current = p;
    return p;
  }

  /** The number of plans this thread holds (for tests and memory accounting). */
  public int size() {
    return local.get().plans.size();
  }

  private static final class Local<P> {
    P current;
    final Map<Key, P> plans = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, P> eldest) {
        return size() > PER_THREAD;
      }
    };
  }

  private record Key(Device device, int[] dims) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.device == device && Arrays.equals(k.dims, dims);
    }

    @Override
    public int hashCode() {
      return device.hashCode() * 31 + Arrays.hashCode(dims);
    }
  }
}
