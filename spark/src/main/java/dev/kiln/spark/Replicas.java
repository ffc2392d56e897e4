package dev.kiln.spark;

import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Models kept by an executor JVM between tasks. A compiled model's plan belongs to one caller at
 * a time, and with {@code local[2]} or several cores per executor two tasks run at once in one
 * JVM, so a task borrows a model of its own and returns it when the task ends; the weights are
 * parsed once per JVM and per broadcast, and a model is built only when none is idle (at most
 * one per concurrently running task).
 */
final class Replicas {
  private static final Map<Long, Pool<?>> POOLS = new ConcurrentHashMap<>();
  private static final AtomicInteger BUILT = new AtomicInteger();

  private Replicas() {}

  /** An idle model for {@code key} (a broadcast id), or a new one holding the weights. */
  @SuppressWarnings("unchecked")
  static <M extends Module> M borrow(long key, ModelSpec<M> spec, Supplier<byte[]> weights) {
    Pool<M> pool = (Pool<M>) POOLS.computeIfAbsent(key, k -> new Pool<>(weights));
    M model = pool.idle.pollFirst();
    if (model == null) {
      model = Weights.newModel(spec, pool.state());
      model.eval();
      BUILT.incrementAndGet();
    }
    return model;
  }

  /** Gives {@code model} back for the next task of the same key. */
  @SuppressWarnings("unchecked")
  static <M extends Module> void release(long key, M model) {
    Pool<M> pool = (Pool<M>) POOLS.get(key);
    if (pool != null) {
      pool.idle.addFirst(model);
    }
  }

  /** Drops every kept model of {@code key} (when its broadcast is destroyed). */
  static void forget(long key) {
    POOLS.remove(key);
  }

  /** How many models this JVM has built so far (for tests). */
  static int built() {
    return BUILT.get();
  }

  private static final class Pool<M extends Module> {
    final ConcurrentLinkedDeque<M> idle = new ConcurrentLinkedDeque<>();
    private final Supplier<byte[]> weights;
    private Map<String, Tensor> state;

    Pool(Supplier<byte[]> weights) {
      this.weights = weights;
    }

    synchronized Map<String, Tensor> state() {
      if (state == null) {
        state = Weights.parse(weights.get());
      }
      return state;
    }
  }
}
