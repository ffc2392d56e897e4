package dev.kiln.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Modules held in a list, as {@code torch.nn.ModuleList}: element {@code i} is the child
 * {@code "i"}, so parameters read {@code blocks.0.linear1.weight}. Unlike {@link Sequential} it
 * has no forward of its own: a model's {@code @Forward} walks it, {@code for (Block b : blocks)}
 * or {@code blocks.get(0)}, and the compiler checks each element's shapes.
 *
 * @param <M> the element type
 */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
  private final List<M> items = new ArrayList<>();

  /** An empty list; fill it with {@link #add} in the model's constructor. */
  public ModuleList() {}

  /** A list of {@code modules}, in order. */
  @SafeVarargs
  public ModuleList(M... modules) {
    for (M m : modules) {
      add(m);
    }
  }

  /** A list of {@code modules}, in order. */
  public ModuleList(List<? extends M> modules) {
    modules.forEach(this::add);
  }

  /** Appends {@code m} as child {@code size()}; returns this list. */
  public ModuleList<M> add(M m) {
    if (m == null) {
      throw new NullPointerException("a ModuleList element cannot be null");
    }
    registerModule(Integer.toString(items.size()), m);
    items.add(m);
    return this;
  }

  /** The element at {@code index} (negative counts from the end, as Python). */
  public M get(int index) {
    int i = index < 0 ? index + items.size() : index;
    if (i < 0 || i >= items.size()) {
      throw new IndexOutOfBoundsException(
          "index " + index + " is out of range for a ModuleList of " + items.size());
    }
    return items.get(i);
  }

  /**
   * The element at {@code index} of a list that must hold {@code size} elements: a compiled
   * forward that unrolled a loop over this list calls this, so that a list changed after the
   * model was made fails loudly instead of skipping or missing elements.
   */
  public M get(int index, int size) {
    if (items.size() != size) {
      throw new IllegalStateException("this ModuleList holds " + items.size() + " layers, but"
          + " the compiled forward unrolled its loop over " + size + "; add a model's layers in"
          + " its constructor only");
    }
    return items.get(index);
  }

  public int size() {
    return items.size();
  }

  @Override
  public Iterator<M> iterator() {
    return Collections.unmodifiableList(items).iterator();
  }
}
