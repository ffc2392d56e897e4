package dev.kiln.compiled;

import dev.kiln.tensor.Device;
import java.util.Arrays;

/**
 * One thread's plans of one model, most recently used first, at most
 * {@link PlanCache#PER_THREAD}; looked up by device and the sizes in the probe, allocating
 * nothing.
 */
final class ThreadPlans<P extends CompiledPlan> {
  private final Object[] plans = new Object[PlanCache.PER_THREAD];
  private final Device[] devices = new Device[PlanCache.PER_THREAD];
  private final int[][] sizes = new int[PlanCache.PER_THREAD][];
  private int count;
  private int[] probe = new int[4];
  private int probeLength;

  /** The probe array, to be filled with {@code n} sizes before {@link #find}. */
  int[] probe(int n) {
    if (probe.length < n) {
      probe = new int[n];
    }
    probeLength = n;
    return probe;
  }

  int[] probeCopy() {
    return Arrays.copyOf(probe, probeLength);
  }

  @SuppressWarnings("unchecked")
  P current() {
    return (P) plans[0];
  }

  int size() {
    return count;
  }

  /** The plan for the probe's sizes on {@code device}, made the most recent; null if none. */
  @SuppressWarnings("unchecked")
  P find(Device device) {
    for (int i = 0; i < count; i++) {
      if (devices[i] == device
          && Arrays.equals(sizes[i], 0, sizes[i].length, probe, 0, probeLength)) {
        P p = (P) plans[i];
        moveToFront(i, p, device, sizes[i]);
        return p;
      }
    }
    return null;
  }

  /** Adds a plan for the probe's sizes as the most recent, dropping the least recent if full. */
  void add(Device device, P p) {
    if (count < plans.length) {
      count++;
    }
    moveToFront(count - 1, p, device, probeCopy());
  }

  private void moveToFront(int i, Object p, Device device, int[] s) {
    System.arraycopy(plans, 0, plans, 1, i);
    System.arraycopy(devices, 0, devices, 1, i);
    System.arraycopy(sizes, 0, sizes, 1, i);
    plans[0] = p;
    devices[0] = device;
    sizes[0] = s;
  }
}
