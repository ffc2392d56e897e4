package dev.kiln.compiled;

import dev.kiln.tensor.Device;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** A model's plans, one per device and input dimensions, built on first use. */
public final class PlanCache<P extends CompiledPlan> {
  private final Map<Key, P> plans = new HashMap<>();

  /** The plan for these inputs, made by {@code make} the first time. */
  public synchronized P get(Device device, int[] dims, Supplier<P> make) {
    return plans.computeIfAbsent(new Key(device, dims.clone()), k -> make.get());
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
