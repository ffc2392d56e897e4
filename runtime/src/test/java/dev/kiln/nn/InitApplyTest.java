package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Init through Module.apply, outside autograd, and reproducible from a seed. */
class InitApplyTest {
  @Test
  void applyVisitsChildrenBeforeParentAsPyTorch() {
    Sequential inner = new Sequential(new Linear(2, 3), new Tanh());
    Sequential outer = new Sequential(inner, new Linear(3, 1));
    List<Module> seen = new ArrayList<>();
    assertSame(outer, outer.apply(seen::add));
    // torch: nn.Sequential(nn.Sequential(nn.Linear(2,3), nn.Tanh()), nn.Linear(3,1)).apply(...)
    // visits ['Linear', 'Tanh', 'Sequential', 'Linear', 'Sequential']
    assertEquals(List.of(inner.get(0), inner.get(1), inner, outer.get(1), outer), seen);
  }

  @Test
  void xavierAndZerosThroughApply() {
    Sequential model = new Sequential(new Linear(3, 64), new ReLU(), new Linear(64, 2));
    model.apply(m -> {
      if (m instanceof Linear l) {
        Init.xavierUniform(l.weight());
        Init.zeros(l.bias());
      }
    });
    for (int i : new int[] {0, 2}) {
      Linear l = (Linear) model.get(i);
      double b = Math.sqrt(6.0 / (l.inFeatures() + l.outFeatures()));
      for (float v : l.weight().toFloatArray()) {
        assertTrue(Math.abs(v) < b, "outside xavier bound " + b + ": " + v);
      }
      assertArrayEquals(new float[l.outFeatures()], l.bias().toFloatArray());
    }
  }

  @Test
  void writingIsNotRecordedByAutograd() {
    Linear l = new Linear(4, 3);
    l.apply(Tensor.of(new float[] {1, 2, 3, 4}, 1, 4)).sum().backward();
    Tensor grad = l.weight().grad();
    float[] before = grad.toFloatArray();
    Parameter w = Init.kaimingNormal(l.weight());
    assertSame(l.weight(), w);
    assertNull(w.gradFn());
    assertTrue(w.requiresGrad());
    assertSame(grad, w.grad());
    assertArrayEquals(before, grad.toFloatArray());
    Init.constant(l.bias(), 2);
    assertNull(l.bias().gradFn());
    l.bias().requiresGrad(false);
    Init.normal(l.bias());
    assertFalse(l.bias().requiresGrad());
  }

  @Test
  void sameSeedSameValuesOtherSeedOtherValues() {
    float[][] runs = new float[3][];
    long[] seeds = {11, 11, 12};
    for (int r = 0; r < 3; r++) {
      Rng.manualSeed(seeds[r]);
      Tensor t = Tensor.zeros(8, 8);
      float[] all = new float[5 * 64];
      System.arraycopy(Init.uniform(t, -1, 1).toFloatArray(), 0, all, 0, 64);
      System.arraycopy(Init.normal(t).toFloatArray(), 0, all, 64, 64);
      System.arraycopy(Init.xavierUniform(t).toFloatArray(), 0, all, 128, 64);
      System.arraycopy(Init.kaimingNormal(t).toFloatArray(), 0, all, 192, 64);
      System.arraycopy(Rng.randn(8, 8).toFloatArray(), 0, all, 256, 64);
      runs[r] = all;
    }
    assertArrayEquals(runs[0], runs[1]);
    assertFalse(java.util.Arrays.equals(runs[0], runs[2]));
  }
}
