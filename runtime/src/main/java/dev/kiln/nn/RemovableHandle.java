package dev.kiln.nn;

/**
 * What registering a hook returns, as PyTorch's {@code RemovableHandle}: {@link #remove()}
 * unregisters the hook (again: no effect). Usable in try-with-resources.
 */
public final class RemovableHandle implements AutoCloseable {
  private final Runnable remover;
  private boolean removed;

  RemovableHandle(Runnable remover) {
    this.remover = remover;
  }

  /** Unregisters the hook; later calls do nothing. */
  public synchronized void remove() {
    if (!removed) {
      removed = true;
      remover.run();
    }
  }

  /** {@link #remove()}. */
  @Override
  public void close() {
    remove();
  }
}
