package dev.kiln.nn;

import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One module's own buffers ({@code running_mean}, {@code num_batches_tracked}, ...): tensors that
 * are state but not parameters, as PyTorch's {@code Module._buffers}, and the recursive views of
 * a module tree (named buffers, state dict) in PyTorch's order.
 */
final class Buffers {
  private final Map<String, Tensor> byName = new LinkedHashMap<>();
  private final Set<String> nonPersistent = new HashSet<>();

  boolean has(String name) {
    return byName.containsKey(name);
  }

  /**
   * Registers {@code t} (its storage shared, not copied) and returns the tensor the module keeps:
   * that object stays the same when {@link Module#to} moves it, so layers may hold it in a field.
   */
  Tensor register(String name, Tensor t, boolean persistent) {
    if (t.requiresGrad()) {
      throw new IllegalArgumentException("buffer '" + name
          + "' requires grad; register it as a parameter instead");
    }
    Held h = new Held(t);
    byName.put(name, h);
    if (!persistent) {
      nonPersistent.add(name);
    }
    return h;
  }

  void remove(String name) {
    byName.remove(name);
    nonPersistent.remove(name);
  }

  void moveAll(Device device) {
    byName.values().forEach(t -> ((Held) t).move(device));
  }

  /** Every buffer of {@code m}'s tree with its dotted key: own buffers, then children. */
  static Map<String, Tensor> named(Module m) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect(m, "", false, out);
    return Collections.unmodifiableMap(out);
  }

  /**
   * PyTorch's {@code state_dict()} order: per module its own parameters, then its own persistent
   * buffers, then each child's entries in registration order.
   */
  static Map<String, Tensor> stateDict(Module m) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect(m, "", true, out);
    return out;
  }

  private static void collect(Module m, String prefix, boolean state, Map<String, Tensor> out) {
    if (state) {
      m.ownParameters().forEach((k, p) -> out.put(prefix + k, p));
    }
    Buffers b = m.ownBuffers();
    b.byName.forEach((k, t) -> {
      if (!state || !b.nonPersistent.contains(k)) {
        out.put(prefix + k, t);
      }
    });
    m.namedChildren().forEach((k, c) -> collect(c, prefix + k + ".", state, out));
  }

  /** A registered buffer: a tensor whose storage {@link Module#to} can move in place. */
  private static final class Held extends Tensor {
    Held(Tensor t) {
      super(t.device(), t.buffer(), t.shape());
    }

    void move(Device device) {
      moveTo(device);
    }
  }
}
