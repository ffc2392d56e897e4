package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** loadStateDict(state, false) as PyTorch's strict=False: partial loads, listed keys. */
class NonStrictLoadTest {
  private static Sequential model() {
    return new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
  }

  @Test
  void copiesTheSharedKeysAndListsTheOthers() {
    Rng.manualSeed(4);
    Sequential m = model();
    float[] keptWeight = m.namedParameters().get("2.weight").toFloatArray();
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("0.weight", Tensor.of(new float[12], 4, 3));
    state.put("0.bias", Tensor.of(new float[] {1, 2, 3, 4}, 4));
    state.put("head.weight", Tensor.zeros(1));
    state.put("extra", Tensor.zeros(2));
    IncompatibleKeys keys = m.loadStateDict(state, false);
    assertEquals(List.of("2.weight", "2.bias"), keys.missingKeys());
    assertEquals(List.of("head.weight", "extra"), keys.unexpectedKeys());
    assertArrayEquals(new float[12], m.namedParameters().get("0.weight").toFloatArray());
    assertArrayEquals(new float[] {1, 2, 3, 4}, m.namedParameters().get("0.bias").toFloatArray());
    assertArrayEquals(keptWeight, m.namedParameters().get("2.weight").toFloatArray());
  }

  @Test
  void aShapeMismatchStillFailsAndChangesNothing() {
    Rng.manualSeed(5);
    Sequential m = model();
    float[] bias = m.namedParameters().get("0.bias").toFloatArray();
    Map<String, Tensor> state = Map.of("0.bias", Tensor.of(new float[] {9, 9, 9, 9}, 4),
        "2.weight", Tensor.zeros(4, 2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, false));
    assertEquals("cannot load state dict into Sequential: '2.weight' has shape (4, 2) but the"
        + " model expects (2, 4) (the model is unchanged)", e.getMessage());
    assertArrayEquals(bias, m.namedParameters().get("0.bias").toFloatArray());
  }

  @Test
  void strictLoadReportsNothingIncompatible() {
    Rng.manualSeed(6);
    Sequential src = model();
    IncompatibleKeys keys = model().loadStateDict(src.stateDict(), true);
    assertEquals(new IncompatibleKeys(List.of(), List.of()), keys);
  }
}
