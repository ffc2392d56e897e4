package dev.kiln.compiled;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Who may write a model's gradients. From a forward that records gradients until the backward
 * of every such forward has run, the model belongs to the thread that recorded: a recording
 * forward or a backward on another thread throws, naming both threads, instead of mixing two
 * threads' gradients. Forwards under {@code GradMode.noGrad()} never take the model, so any
 * number of threads may run inference at once. A thread that died holding it gives it up.
 */
final class TrainingGuard {
  private final String model;
  private final AtomicReference<Thread> owner = new AtomicReference<>();
  /** Running recording forwards and backwards, and recorded nodes awaiting backward. */
  private int holds;

  TrainingGuard(String model) {
    this.model = model;
  }

  String model() {
    return model;
  }

  /** Makes the calling thread the owner, or throws if another live thread is. */
  void acquire(String what) {
    Thread me = Thread.currentThread();
    Thread o = owner.get();
    if (o == me) {
      return;
    }
    if ((o == null || !o.isAlive()) && owner.compareAndSet(o, me)) {
      holds = 0;
      return;
    }
    Thread holder = owner.get();
    throw new IllegalStateException(model + ": " + what + " on thread '" + me.getName()
        + "' while thread '" + (holder == null ? "?" : holder.getName()) + "' is training this"
        + " model (it ran a forward that records gradients and its backward has not run): train"
        + " a model from one thread at a time, give each training thread its own model, or run"
        + " inference under GradMode.noGrad(), which any number of threads may do at once");
  }

  /** The owner starts a forward or backward, or keeps a recorded node. */
  void hold() {
    holds++;
  }

  /** The owner ends one; with none left the model is free for any thread. */
  void drop() {
    if (--holds <= 0) {
      holds = 0;
      owner.compareAndSet(Thread.currentThread(), null);
    }
  }
}
