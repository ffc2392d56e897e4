package dev.kiln.examples;

import static dev.kiln.examples.CompiledEqualsEagerTest.assertSameResults;
import static dev.kiln.examples.CompiledEqualsEagerTest.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.nn.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model whose layers include compiled models: PyTorch keys, and compiled == eager. */
class NestedModelTest {
  @Test
  void keysNestLikePytorch() {
    KilnTower t = new KilnTower();
    assertEquals(List.of("in.weight", "in.bias", "first.fc.weight", "first.fc.bias",
        "second.fc.weight", "second.fc.bias", "out.weight", "out.bias"),
        List.copyOf(t.namedParameters().keySet()));
    assertEquals("Tower(\n  (in): Linear(in_features=3, out_features=5, bias=True)\n"
        + "  (first): Block(\n    (fc): Linear(in_features=5, out_features=5, bias=True)\n  )\n"
        + "  (second): Block(\n    (fc): Linear(in_features=5, out_features=5, bias=True)\n  )\n"
        + "  (out): Linear(in_features=5, out_features=2, bias=True)\n)", t.toString());
  }

  @Test
  void compiledForwardAndBackwardEqualEager() {
    Rng.manualSeed(31);
    KilnTower t = new KilnTower();
    assertSameResults(t, t::forward, t::forwardEager, random(32, 4, 3), random(33, 4, 2));
  }
}
