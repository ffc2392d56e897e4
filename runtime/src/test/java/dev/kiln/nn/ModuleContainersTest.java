package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ModuleList and ModuleDict: state-dict keys and reprs as PyTorch 1.13's (the reprs below were
 * printed by it), Python-style negative indices, train/eval reaching the elements, and errors.
 */
class ModuleContainersTest {

  /** {@code blocks = ModuleList([Linear(2, 2)] * 2)}, {@code layers = ModuleDict(encoder=...)}. */
  static final class Net extends Module {
    final ModuleList<Linear> blocks = new ModuleList<>(new Linear(2, 2), new Linear(2, 2));
    final ModuleDict<Linear> layers = new ModuleDict<Linear>().put("encoder", new Linear(2, 3));

    Net() {
      registerModule("blocks", blocks);
      registerModule("layers", layers);
    }

    @Override
    protected String typeName() {
      return "M";
    }
  }

  @Test
  void stateDictKeysAsPyTorch() {
    assertEquals(List.of("blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias",
        "layers.encoder.weight", "layers.encoder.bias"), new ArrayList<>(new Net().stateDict()
        .keySet()));
  }

  @Test
  void reprAsPyTorch() {
    assertEquals("M(\n"
        + "  (blocks): ModuleList(\n"
        + "    (0): Linear(in_features=2, out_features=2, bias=True)\n"
        + "    (1): Linear(in_features=2, out_features=2, bias=True)\n"
        + "  )\n"
        + "  (layers): ModuleDict(\n"
        + "    (encoder): Linear(in_features=2, out_features=3, bias=True)\n"
        + "  )\n"
        + ")", new Net().toString());
    assertEquals("ModuleList(\n"
        + "  (0): Linear(in_features=2, out_features=3, bias=True)\n"
        + "  (1): Linear(in_features=3, out_features=3, bias=True)\n"
        + "  (2): Linear(in_features=3, out_features=3, bias=True)\n"
        + "  (3): ReLU()\n"
        + ")", new ModuleList<Module>(new Linear(2, 3), new Linear(3, 3), new Linear(3, 3),
            new ReLU()).toString());
    assertEquals("ModuleList()", new ModuleList<>().toString());
    assertEquals("ModuleDict()", new ModuleDict<>().toString());
    Map<String, Linear> m = new LinkedHashMap<>();
    m.put("encoder", new Linear(2, 3));
    m.put("decoder", new Linear(3, 2));
    assertEquals("ModuleDict(\n"
        + "  (encoder): Linear(in_features=2, out_features=3, bias=True)\n"
        + "  (decoder): Linear(in_features=3, out_features=2, bias=True)\n"
        + ")", new ModuleDict<>(m).toString());
  }

  @Test
  void listIndicesAndIteration() {
    Linear a = new Linear(2, 2);
    Linear b = new Linear(2, 3);
    ModuleList<Linear> list = new ModuleList<>(List.of(a)).add(b);
    assertEquals(2, list.size());
    assertSame(a, list.get(0));
    assertSame(b, list.get(-1));
    assertSame(a, list.get(-2));
    List<Linear> walked = new ArrayList<>();
    list.forEach(walked::add);
    assertEquals(List.of(a, b), walked);
    assertEquals("index 2 is out of range for a ModuleList of 2",
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(2)).getMessage());
    assertEquals("index -3 is out of range for a ModuleList of 2",
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(-3)).getMessage());
    assertEquals("a ModuleList element cannot be null",
        assertThrows(NullPointerException.class, () -> list.add(null)).getMessage());
    assertThrows(UnsupportedOperationException.class, () -> {
      var it = list.iterator();
      it.next();
      it.remove();
    });
  }

  @Test
  void dictLookupsAndErrors() {
    Net net = new Net();
    assertSame(net.layers.get("encoder"), net.getSubmodule("layers.encoder"));
    assertTrue(net.layers.containsKey("encoder"));
    assertEquals(List.of("encoder"), new ArrayList<>(net.layers.keys()));
    assertEquals("ModuleDict has no 'decoder'; its keys are [encoder]",
        assertThrows(IllegalArgumentException.class, () -> net.layers.get("decoder"))
            .getMessage());
    assertEquals("ModuleDict already holds 'encoder'",
        assertThrows(IllegalArgumentException.class,
            () -> net.layers.put("encoder", new Linear(1, 1))).getMessage());
    assertEquals("ModuleDict element 'x' cannot be null",
        assertThrows(NullPointerException.class, () -> net.layers.put("x", null)).getMessage());
  }

  @Test
  void trainAndEvalReachTheElements() {
    Net net = new Net();
    net.eval();
    assertTrue(!net.blocks.get(1).isTraining() && !net.layers.get("encoder").isTraining());
    net.train();
    assertTrue(net.blocks.get(0).isTraining() && net.layers.get("encoder").isTraining());
    assertEquals(2 * 6 + 9, net.numParameters());
  }
}
