package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Eager hooks on a layer ({@link UnaryModule#apply}): registration order across handles,
 * removal (also from inside a hook and by try-with-resources), a null gradInput for an input
 * that needs none, and replacements followed by autograd as in PyTorch.
 */
class HooksEagerTest {
  private static Linear linear() {
    Linear l = new Linear(2, 2);
    l.loadStateDict(java.util.Map.of("weight", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2),
        "bias", Tensor.of(new float[] {0, 0}, 2)));
    return l;
  }

  @Test
  void hooksRunInRegistrationOrderAndStopWhenRemoved() {
    Linear l = linear();
    List<String> calls = new ArrayList<>();
    RemovableHandle a = l.registerForwardHook((m, in, out) -> {
      calls.add("a");
      return null;
    });
    RemovableHandle[] self = new RemovableHandle[1];
    self[0] = l.registerForwardHook((m, in, out) -> {
      calls.add("b, removes itself");
      self[0].remove();
      return null;
    });
    l.registerForwardPreHook((m, in) -> {
      calls.add("pre");
      return null;
    });
    Tensor x = Tensor.of(new float[] {1, 1}, 1, 2);
    l.apply(x);
    l.apply(x);
    assertEquals(List.of("pre", "a", "b, removes itself", "pre", "a"), calls);
    try (RemovableHandle h = l.registerForwardHook((m, in, out) -> null)) {
      assertEquals(true, l.hasHooks());
    }
    a.remove();
    assertEquals(true, l.hasHooks()); // the pre-hook is still there
  }

  @Test
  void aBackwardHookSeesNullForAnInputThatNeedsNoGradient() {
    Linear l = linear();
    List<Tensor[]> seen = new ArrayList<>();
    try (RemovableHandle h = l.registerFullBackwardHook((m, gIn, gOut) -> {
      seen.add(new Tensor[] {gIn[0], gOut[0]});
      return null;
    })) {
      l.apply(Tensor.of(new float[] {1, 1}, 1, 2)).sum().backward();
      assertEquals(1, seen.size());
      assertNull(seen.get(0)[0]);
      assertArrayEquals(new float[] {1, 1}, seen.get(0)[1].toFloatArray());
    }
    assertFalse(l.hasHooks());
  }

  @Test
  void eagerReplacementsAreDifferentiatedThrough() {
    Linear l = linear();
    l.registerForwardPreHook((m, in) -> new Tensor[] {in[0].mul(Tensor.scalar(2f))});
    l.registerForwardHook((m, in, out) -> out.mul(Tensor.scalar(3f)));
    Tensor x = Tensor.of(new float[] {1, -1}, 1, 2).requiresGrad(true);
    Tensor y = l.apply(x); // 3 * W (2x)
    assertArrayEquals(new float[] {-6, -6}, y.toFloatArray());
    y.sum().backward();
    // d/dx sum(3 W 2x) = 6 * column sums of W = 6 * (4, 6)
    assertArrayEquals(new float[] {24, 36}, x.grad().toFloatArray());
  }
}
