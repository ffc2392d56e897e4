package dev.kiln.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.backend.Kernels;
import dev.kiln.nn.Parameter;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** PlanCache: one plan per thread, device and sizes; Inputs: shape checks with readable messages. */
class PlanCacheAndInputsTest {

  /** A second device object backed by the CPU, to tell devices apart in the cache key. */
  private static final Device OTHER = new Device() {
    @Override
    public Kernels kernels() {
      return Device.cpu().kernels();
    }

    @Override
    public Tensor zeros(int... shape) {
      return Device.cpu().zeros(shape);
    }

    @Override
    public Tensor tensor(float[] data, int... shape) {
      return Device.cpu().tensor(data, shape);
    }

    @Override
    public float[] read(Tensor t) {
      return Device.cpu().read(t);
    }
  };

  private static TinyPlan plan() {
    return new TinyPlan(new Parameter(Device.cpu(), 3, 4), 2);
  }

  private static PlanCache<TinyPlan> cache(AtomicInteger made) {
    return new PlanCache<>("Tiny", (device, sizes) -> {
      made.incrementAndGet();
      return plan();
    });
  }

  @Test
  void samePlanForSameDeviceAndSizes() {
    AtomicInteger made = new AtomicInteger();
    PlanCache<TinyPlan> cache = cache(made);
    TinyPlan a = cache.get(Device.cpu(), 2, 3);
    assertSame(a, cache.get(Device.cpu(), 2, 3));
    assertSame(a, cache.get(Device.cpu(), new int[] {2, 3}));
    assertEquals(1, made.get());
    assertNotSame(a, cache.get(Device.cpu(), 3, 3));
    assertNotSame(a, cache.get(OTHER, 2, 3));
    assertNotSame(a, cache.get(Device.cpu(), 2));
    assertEquals(4, made.get());
  }

  @Test
  void theMakerGetsItsOwnCopyOfTheSizes() {
    int[][] seen = new int[1][];
    PlanCache<TinyPlan> cache = new PlanCache<>("Tiny", (device, sizes) -> {
      seen[0] = sizes;
      return plan();
    });
    int[] sizes = {2, 3};
    TinyPlan a = cache.get(Device.cpu(), sizes);
    sizes[0] = 7; // e.g. a caller reusing a scratch array
    cache.get(Device.cpu(), 5, 5);
    assertArrayEquals(new int[] {5, 5}, seen[0]);
    assertSame(a, cache.get(Device.cpu(), 2, 3));
  }

  @Test
  void eachThreadHasItsOwnPlans() throws Exception {
    PlanCache<TinyPlan> cache = cache(new AtomicInteger());
    TinyPlan mine = cache.get(Device.cpu(), 2, 3);
    TinyPlan[] theirs = new TinyPlan[2];
    Thread t = new Thread(() -> {
      theirs[0] = cache.current();
      theirs[1] = cache.get(Device.cpu(), 2, 3);
    });
    t.start();
    t.join();
    assertNull(theirs[0]);
    assertNotSame(mine, theirs[1]);
    assertSame(mine, cache.current());
  }

  @Test
  void aThreadKeepsAtMostPerThreadPlansDroppingTheLeastRecentlyUsed() {
    PlanCache<TinyPlan> cache = cache(new AtomicInteger());
    TinyPlan first = cache.get(Device.cpu(), 1);
    TinyPlan second = cache.get(Device.cpu(), 2);
    for (int b = 3; b <= 20; b++) {
      assertSame(cache.get(Device.cpu(), b), cache.current());
      assertSame(first, cache.get(Device.cpu(), 1));
    }
    assertEquals(PlanCache.PER_THREAD, cache.size());
    assertNotSame(second, cache.get(Device.cpu(), 2));
  }

  @Test
  void rankCheckMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Inputs.rank("Mlp", "x", "B, 784", Tensor.zeros(2, 28, 28), 2));
    assertEquals("Mlp.forward: x must have shape (B, 784) but has shape (2, 28, 28)",
        e.getMessage());
    assertDoesNotThrow(() -> Inputs.rank("Mlp", "x", "B, 784", Tensor.zeros(2, 784), 2));
  }

  @Test
  void dimsMismatchMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Inputs.mismatch("Mlp", "x", "B, 784", Tensor.zeros(2, 100), 2, 784));
    assertEquals("Mlp.forward: x must have shape (B, 784) = (2, 784) but has shape (2, 100)",
        e.getMessage());
  }

  @Test
  void requireThrowsWithTheGivenMessage() {
    assertDoesNotThrow(() -> Inputs.require(true, "unused"));
    assertEquals("hidden must equal 128", assertThrows(IllegalArgumentException.class,
        () -> Inputs.require(false, "hidden must equal 128")).getMessage());
  }
}
