package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** loadStateDict: copies values; all-or-nothing with one exception listing every problem. */
class StateDictTest {

  private static Sequential model() {
    return new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
  }

  private static List<float[]> snapshot(Module m) {
    List<float[]> out = new ArrayList<>();
    m.parameters().forEach(p -> out.add(p.toFloatArray()));
    return out;
  }

  @Test
  void loadCopiesValuesFromAnotherModel() {
    Rng.manualSeed(1);
    Sequential src = model();
    Rng.manualSeed(2);
    Sequential dst = model();
    dst.loadStateDict(src.stateDict());
    for (String k : src.stateDict().keySet()) {
      Tensor a = src.stateDict().get(k);
      Tensor b = dst.stateDict().get(k);
      assertNotSame(a, b);
      assertArrayEquals(a.toFloatArray(), b.toFloatArray(), k);
    }
  }

  @Test
  void loadedValuesAreCopiesNotAliases() {
    Linear l = new Linear(2, 1);
    float[] w = {3, 4};
    Tensor src = Tensor.of(w, 1, 2);
    l.loadStateDict(Map.of("weight", src, "bias", Tensor.of(new float[] {5}, 1)));
    l.parameters().get(0).device().kernels().fill(src, 0f);
    assertArrayEquals(new float[] {3, 4}, l.weight().toFloatArray());
    assertArrayEquals(new float[] {5}, l.bias().toFloatArray());
  }

  @Test
  void everyProblemIsListedAndNothingChanges() {
    Rng.manualSeed(3);
    Sequential m = model();
    List<float[]> before = snapshot(m);
    Map<String, Tensor> state = new LinkedHashMap<>(m.stateDict());
    // values that would differ if they were copied
    state.replaceAll((k, t) -> Tensor.of(new float[t.numel()], t.shape()));
    state.remove("0.bias");                                // missing
    state.put("3.weight", Tensor.zeros(2, 2));             // unexpected
    state.put("2.weight", Tensor.zeros(2, 5));             // wrong shape (2, 4) expected
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state));
    String msg = e.getMessage();
    assertTrue(msg.contains("0.bias"), msg);
    assertTrue(msg.contains("3.weight"), msg);
    assertTrue(msg.contains("2.weight") && msg.contains("(2, 5)") && msg.contains("(2, 4)"), msg);
    List<float[]> after = snapshot(m);
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i), "parameter " + i + " changed");
    }
  }

  @Test
  void missingKeyAloneIsRejected() {
    Linear l = new Linear(2, 2);
    assertThrows(IllegalArgumentException.class,
        () -> l.loadStateDict(Map.of("weight", Tensor.zeros(2, 2))));
  }

  @Test
  void unexpectedKeyAloneIsRejected() {
    Linear l = new Linear(2, 2);
    float[] before = l.weight().toFloatArray();
    Map<String, Tensor> state = new LinkedHashMap<>(Map.of(
        "weight", Tensor.zeros(2, 2), "bias", Tensor.zeros(2), "extra", Tensor.zeros(1)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> l.loadStateDict(state));
    assertTrue(e.getMessage().contains("extra"), e.getMessage());
    assertArrayEquals(before, l.weight().toFloatArray());
  }
}
