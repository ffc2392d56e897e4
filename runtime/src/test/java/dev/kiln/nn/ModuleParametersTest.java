package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parameter registry: dotted keys in PyTorch order, counts, default init, seeding. */
class ModuleParametersTest {

  @Test
  void sequentialKeysAndOrderMatchPyTorch() {
    Sequential s = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 64));
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"),
        List.copyOf(s.namedParameters().keySet()));
    assertEquals(List.copyOf(s.namedParameters().keySet()), List.copyOf(s.stateDict().keySet()));
    assertArrayEquals(new int[] {128, 784}, s.namedParameters().get("0.weight").shape());
    assertArrayEquals(new int[] {64}, s.namedParameters().get("2.bias").shape());
  }

  @Test
  void nestedKeysAreDotted() {
    Sequential s = new Sequential(new Sequential(new Linear(2, 3), new Tanh()), new Linear(3, 1));
    assertEquals(List.of("0.0.weight", "0.0.bias", "1.weight", "1.bias"),
        List.copyOf(s.namedParameters().keySet()));
  }

  @Test
  void parameterCountsMatchPyTorch() {
    Sequential s = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 64));
    int total = 0;
    for (Parameter p : s.parameters()) {
      total += p.numel();
      assertTrue(p.requiresGrad());
    }
    // sum(p.numel() for p in model.parameters()) in PyTorch: 784*128+128 + 128*64+64
    assertEquals(100480 + 8256, total);
    assertEquals(4, s.parameters().size());
  }

  @Test
  void parametersAreTheLayersOwnTensors() {
    Linear l = new Linear(3, 2);
    Map<String, Tensor> sd = l.stateDict();
    assertSame(l.weight(), sd.get("weight"));
    assertSame(l.bias(), l.parameters().get(1));
  }

  @Test
  void defaultInitIsUniformWithinOneOverSqrtFanIn() {
    Linear l = new Linear(400, 50);
    double bound = 1 / Math.sqrt(400);
    for (Parameter p : l.parameters()) {
      float[] v = p.toFloatArray();
      Set<Float> distinct = new HashSet<>();
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (float f : v) {
        assertTrue(Math.abs(f) <= bound, f + " outside ±" + bound);
        distinct.add(f);
        min = Math.min(min, f);
        max = Math.max(max, f);
      }
      assertTrue(distinct.size() > v.length / 2, "values should not repeat");
      // spread over the interval, not squeezed into a corner (50 bias samples suffice for this)
      assertTrue(min < -bound / 2 && max > bound / 2, "min " + min + " max " + max);
    }
  }

  @Test
  void manualSeedMakesInitReproducible() {
    Rng.manualSeed(1234);
    Linear a = new Linear(5, 4);
    Rng.manualSeed(1234);
    Linear b = new Linear(5, 4);
    assertArrayEquals(a.weight().toFloatArray(), b.weight().toFloatArray());
    assertArrayEquals(a.bias().toFloatArray(), b.bias().toFloatArray());
    Rng.manualSeed(1235);
    Linear c = new Linear(5, 4);
    assertFalse(java.util.Arrays.equals(a.weight().toFloatArray(), c.weight().toFloatArray()));
  }

  @Test
  void successiveLayersGetDifferentWeights() {
    Rng.manualSeed(1);
    Linear a = new Linear(5, 4);
    Linear b = new Linear(5, 4);
    assertFalse(java.util.Arrays.equals(a.weight().toFloatArray(), b.weight().toFloatArray()));
  }
}
