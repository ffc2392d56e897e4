package dev.kiln.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Modules held by name, in insertion order, as {@code torch.nn.ModuleDict}: {@code put("encoder",
 * m)} makes parameters read {@code layers.encoder.weight}. A model's {@code @Forward} reads an
 * element with a constant key, {@code layers.get("encoder")}.
 *
 * @param <M> the element type
 */
public final class ModuleDict<M extends Module> extends Module {
  private final Map<String, M> items = new LinkedHashMap<>();

  /** An empty dict; fill it with {@link #put} in the model's constructor. */
  public ModuleDict() {}

  /** A dict of {@code modules}, in the map's iteration order. */
  public ModuleDict(Map<String, ? extends M> modules) {
    modules.forEach(this::put);
  }

  /** Adds {@code m} as child {@code key}; returns this dict. */
  public ModuleDict<M> put(String key, M m) {
    if (m == null) {
      throw new NullPointerException("ModuleDict element '" + key + "' cannot be null");
    }
    if (items.containsKey(key)) {
      throw new IllegalArgumentException("ModuleDict already holds '" + key + "'");
    }
    registerModule(key, m);
    items.put(key, m);
    return this;
  }

  /** The element named {@code key}; throws naming the keys there are if it is absent. */
  public M get(String key) {
    M m = items.get(key);
    if (m == null) {
      throw new IllegalArgumentException(
          "ModuleDict has no '" + key + "'; its keys are " + items.keySet());
    }
    return m;
  }

  public boolean containsKey(String key) {
    return items.containsKey(key);
  }

  /** The keys, in insertion order. */
  public Set<String> keys() {
    return Collections.unmodifiableSet(items.keySet());
  }

  /** The entries, in insertion order. */
  public Map<String, M> items() {
    return Collections.unmodifiableMap(items);
  }

  public int size() {
    return items.size();
  }
}
