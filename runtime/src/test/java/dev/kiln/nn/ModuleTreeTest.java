package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * children(), namedModules(), modules(), getSubmodule(), getParameter() and requiresGrad(boolean)
 * walk a nested model as PyTorch 1.13 does (names, order, types and frozen flags from
 * tools/fixtures/make_module_tree_fixtures.py).
 */
class ModuleTreeTest {
  /** PyTorch's Block: linear1, act, linear2 (a one-input layer so Sequential can hold it). */
  static final class Block extends UnaryModule {
    final Linear linear1 = registerModule("linear1", new Linear(8, 8));
    final ReLU act = registerModule("act", new ReLU());
    final Linear linear2 = registerModule("linear2", new Linear(8, 8));

    @Override
    public int[] outputShape(int[] in) {
      return in;
    }
  }

  static final class Net extends Module {
    final Linear stem = registerModule("stem", new Linear(4, 8));
    final Sequential blocks = registerModule("blocks", new Sequential(new Block(), new Block()));
    final Sequential head = registerModule("head", new Sequential(new Linear(8, 2), new Tanh()));
  }

  private static final Map<String, List<String>> FIXTURE = load();

  @Test
  void namedModulesFollowPyTorchsOrderAndNames() {
    Net net = new Net();
    assertEquals(FIXTURE.get("net.named_modules"), describe(net.namedModules()));
    assertEquals(FIXTURE.get("net.children"), types(net.children()));
    assertEquals(FIXTURE.get("net.named_parameters"), List.copyOf(net.namedParameters().keySet()));
    List<Module> modules = net.modules();
    assertSame(net, modules.get(0));
    assertEquals(List.copyOf(net.namedModules().values()), modules);
    assertSame(net.blocks.get(1), net.namedModules().get("blocks.1"));
  }

  @Test
  void aSharedModuleIsListedOnce() {
    Linear shared = new Linear(3, 3);
    Sequential seq = new Sequential(shared, new ReLU(), shared);
    assertEquals(FIXTURE.get("shared.named_modules"), describe(seq.namedModules()));
    assertEquals(FIXTURE.get("shared.children"), types(seq.children()));
    assertEquals(3, seq.namedChildren().size()); // the registry itself keeps both names
  }

  @Test
  void getSubmoduleFollowsDottedPaths() {
    Net net = new Net();
    assertSame(net, net.getSubmodule(""));
    assertSame(net.blocks, net.getSubmodule("blocks"));
    assertSame(((Block) net.blocks.get(0)).linear1, net.getSubmodule("blocks.0.linear1"));
    assertSame(net.head.get(1), net.getSubmodule("head.1"));
    assertMessage("no submodule 'blocks.2.linear1' in Net: Sequential 'blocks' has no child '2'"
        + " (its children: 0, 1)", () -> net.getSubmodule("blocks.2.linear1"));
    assertMessage("no submodule 'trunk' in Net: the model has no child 'trunk' (its children:"
        + " stem, blocks, head)", () -> net.getSubmodule("trunk"));
    assertMessage("no submodule 'stem.weight' in Net: Linear 'stem' has no child 'weight'"
        + " ('weight' is a parameter) (its children: none)", () -> net.getSubmodule("stem.weight"));
    assertMessage("no submodule 'blocks.' in Net: Sequential 'blocks' has no child ''",
        () -> net.getSubmodule("blocks."));
  }

  @Test
  void getParameterFindsOwnParametersOnly() {
    Net net = new Net();
    assertSame(((Block) net.blocks.get(1)).linear2.namedParameters().get("bias"),
        net.getParameter("blocks.1.linear2.bias"));
    assertSame(net.namedParameters().get("stem.weight"), net.getParameter("stem.weight"));
    assertMessage("no parameter 'blocks.0.weight' in Net: Block 'blocks.0' has no parameter"
        + " 'weight' (its parameters: none)", () -> net.getParameter("blocks.0.weight"));
    assertMessage("no parameter 'stem.scale' in Net: Linear 'stem' has no parameter 'scale'"
        + " (its parameters: weight, bias)", () -> net.getParameter("stem.scale"));
    assertMessage("no submodule 'x' in Net", () -> net.getParameter("x.weight"));
  }

  @Test
  void requiresGradFreezesASubtreeAsRequiresGrad_() {
    Net net = new Net();
    assertSame(net.blocks, net.getSubmodule("blocks").requiresGrad(false));
    List<String> flags = new ArrayList<>();
    net.namedParameters().forEach((k, p) -> flags.add(k + "=" + p.requiresGrad()));
    assertEquals(FIXTURE.get("net.frozen"), flags);
    assertEquals(8 * 4 + 8 + 8 * 2 + 2, net.numParameters(true));
    net.requiresGrad(true);
    assertEquals(net.numParameters(), net.numParameters(true));
  }

  private static List<String> describe(Map<String, Module> modules) {
    List<String> out = new ArrayList<>();
    modules.forEach((k, m) -> out.add((k.isEmpty() ? "<root>" : k) + ":" + m.typeName()));
    return out;
  }

  private static List<String> types(List<Module> modules) {
    List<String> out = new ArrayList<>();
    modules.forEach(m -> out.add(m.typeName()));
    return out;
  }

  private static void assertMessage(String prefix, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(ex.getMessage().startsWith(prefix), ex.getMessage());
  }

  private static Map<String, List<String>> load() {
    try (InputStream in = ModuleTreeTest.class.getResourceAsStream("/nn/module_tree.txt")) {
      Map<String, List<String>> out = new HashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] parts = line.trim().split(" ");
        out.put(parts[0], List.of(parts).subList(1, parts.length));
      }
      return out;
    } catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }
}
