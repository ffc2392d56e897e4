package dev.kiln.examples;

import static dev.kiln.examples.Fixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.HookedForward;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.RemovableHandle;
import dev.kiln.nn.Sequential;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Forward pre-hooks, forward hooks and full backward hooks on {@link HookNet}'s layers and on
 * the model, compiled and eager, against PyTorch 1.13's hooks on the same model
 * ({@code tools/fixtures/make_hook_fixtures.py}): the same calls in the same order, each seeing
 * the same tensors (atol 1e-5, rtol 1e-4), and the same output and gradients; likewise the
 * elements of an eager {@link Sequential} and a nested model inside a compiled one.
 */
class HooksTest {
  /** Each hook call as {@code e<NN>.<module>.<kind>.<what>} with the tensors it saw (copies). */
  private final Map<String, Tensor> seen = new TreeMap<>();
  private final List<RemovableHandle> handles = new ArrayList<>();
  private int calls;

  private void record(String name, String kind, String[] whats, Tensor... tensors) {
    int n = calls++;
    for (int i = 0; i < tensors.length; i++) {
      if (tensors[i] != null) {
        seen.put(String.format("e%02d.%s.%s.%s", n, name, kind, whats[i]), tensors[i].detach());
      }
    }
  }

  private void recordAll(String name, Module m) {
    handles.add(m.registerForwardPreHook((mod, in) -> {
      record(name, "pre", new String[] {"input"}, in[0]);
      return null;
    }));
    handles.add(m.registerForwardHook((mod, in, out) -> {
      record(name, "fwd", new String[] {"input", "output"}, in[0], out);
      return null;
    }));
    handles.add(m.registerFullBackwardHook((mod, gIn, gOut) -> {
      record(name, "bwd", new String[] {"grad_input", "grad_output"}, gIn[0], gOut[0]);
      return null;
    }));
  }

  /** fc1's output + 1, fc2's input + 0.5, fc2's input gradient * 0.5, as the fixture's. */
  private static void replaceAll(HookNet m) {
    m.fc1.registerForwardHook((mod, in, out) -> out.add(Tensor.scalar(1f)));
    m.fc2.registerForwardPreHook((mod, in) -> new Tensor[] {in[0].add(Tensor.scalar(0.5f))});
    m.fc2.registerFullBackwardHook((mod, gIn, gOut) ->
        new Tensor[] {gIn[0].mul(Tensor.scalar(0.5f))});
  }

  private static HookNet loaded(Fixture f) {
    HookNet m = HookNet.create();
    Map<String, Tensor> state = new TreeMap<>(f.stateDict());
    state.keySet().removeIf(k -> k.startsWith("e"));
    m.loadStateDict(state);
    return m;
  }

  /** Runs forward and backward as the fixture did; checks output and gradients. */
  private static void step(Fixture f, HookNet m, Function<Tensor, Tensor> forward) {
    Tensor x = f.get("input").detach().requiresGrad(true);
    Tensor out = forward.apply(x);
    assertClose(f.get("output"), out, 1e-5, 1e-4, "output");
    out.backward(f.get("upstream"));
    assertClose(f.get("grad.input"), x.grad(), 1e-4, 1e-3, "grad.input");
    m.namedParameters().forEach((k, p) ->
        assertClose(f.get("grad." + k), p.grad(), 1e-4, 1e-3, "grad." + k));
  }

  /** The fixture's hook calls, minus those of the modules in {@code skip}. */
  private static Map<String, Tensor> expected(Fixture f, String skip) {
    Map<String, Tensor> e = new TreeMap<>();
    List<String> keys = new ArrayList<>(f.all.keySet().stream()
        .filter(k -> k.startsWith("e") && !k.contains("." + skip + ".")).sorted().toList());
    // renumber the calls that are left: e<NN> by order of first appearance
    Map<String, String> renumber = new TreeMap<>();
    for (String k : keys) {
      renumber.computeIfAbsent(k.substring(0, 3), c -> String.format("e%02d", renumber.size()));
      e.put(renumber.get(k.substring(0, 3)) + k.substring(3), f.get(k));
    }
    return e;
  }

  private void assertSeen(Map<String, Tensor> expected) {
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(seen.keySet()), "hook calls");
    expected.forEach((k, t) -> assertClose(t, seen.get(k), 1e-5, 1e-4, k));
  }

  @Test
  void compiledModelRunsEveryHookAsPytorch() throws Exception {
    Fixture f = new Fixture("hooks.safetensors");
    HookNet m = loaded(f);
    recordAll("model", m);
    recordAll("fc1", m.fc1);
    recordAll("fc2", m.fc2);
    step(f, m, m::forward);
    assertSeen(expected(f, "none"));
  }

  @Test
  void eagerLayersRunTheirHooksAsPytorch() throws Exception {
    Fixture f = new Fixture("hooks.safetensors");
    HookNet m = loaded(f);
    recordAll("fc1", m.fc1);
    recordAll("fc2", m.fc2);
    step(f, m, ((KilnHookNet) m)::forwardEager);
    assertSeen(expected(f, "model"));
  }

  @Test
  void eagerSequentialRunsItsElementsHooksAsPytorch() throws Exception {
    Fixture f = new Fixture("hooks.safetensors");
    Sequential seq = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
    seq.loadStateDict(Map.of("0.weight", f.get("fc1.weight"), "0.bias", f.get("fc1.bias"),
        "2.weight", f.get("fc2.weight"), "2.bias", f.get("fc2.bias")));
    recordAll("fc1", seq.get(0));
    recordAll("fc2", seq.get(2));
    Tensor x = f.get("input").detach().requiresGrad(true);
    Tensor out = seq.apply(x);
    assertClose(f.get("output"), out, 1e-5, 1e-4, "output");
    out.backward(f.get("upstream"));
    assertClose(f.get("grad.input"), x.grad(), 1e-4, 1e-3, "grad.input");
    assertSeen(expected(f, "model"));
  }

  /**
   * The fixture's run with recording hooks on the model and both layers plus {@code
   * replacements}: compiled, then eager (the forward body op by op, with the model's own hooks
   * around it as a compiled model runs them).
   */
  private void compiledAndEager(String fixture, Consumer<HookNet> replacements) throws Exception {
    Fixture f = new Fixture(fixture);
    for (boolean compiled : new boolean[] {true, false}) {
      seen.clear();
      calls = 0;
      HookNet m = loaded(f);
      recordAll("model", m);
      recordAll("fc1", m.fc1);
      recordAll("fc2", m.fc2);
      replacements.accept(m);
      step(f, m, compiled ? m::forward
          : x -> HookedForward.run(m, in -> ((KilnHookNet) m).forwardEager(in[0]), x));
      assertSeen(expected(f, "none"));
    }
  }

  @Test
  void replacementsWorkAsPytorchCompiledAndEager() throws Exception {
    compiledAndEager("hooks_replace.safetensors", HooksTest::replaceAll);
  }

  /** fc1's output * 2, fc2's input squared, the model's input * 0.5 and output * 3. */
  private static void scaleAll(HookNet m) {
    m.fc1.registerForwardHook((mod, in, out) -> out.mul(Tensor.scalar(2f)));
    m.fc2.registerForwardPreHook((mod, in) -> new Tensor[] {in[0].mul(in[0])});
    m.registerForwardPreHook((mod, in) -> new Tensor[] {in[0].mul(Tensor.scalar(0.5f))});
    m.registerForwardHook((mod, in, out) -> out.mul(Tensor.scalar(3f)));
  }

  @Test
  void replacementsAreDifferentiatedThroughAsPytorchCompiledAndEager() throws Exception {
    compiledAndEager("hooks_scale.safetensors", HooksTest::scaleAll);
  }

  @Test
  void hooksOnTheContainerFlattenAndReluOfACompiledSequentialRunAsPytorch() throws Exception {
    Fixture f = new Fixture("hooks_seq.safetensors");
    SeqHookNet m = new KilnSeqHookNet();
    Map<String, Tensor> state = new TreeMap<>(f.stateDict());
    state.keySet().removeIf(k -> k.startsWith("e"));
    m.loadStateDict(state);
    recordAll("net", m.net);
    recordAll("flat", m.net.get(0));
    recordAll("relu", m.net.get(2));
    recordAll("fc2", m.net.get(3));
    handles.add(m.net.get(2).registerForwardHook((mod, in, out) -> out.mul(Tensor.scalar(2f))));
    Tensor x = f.get("input").detach().requiresGrad(true);
    Tensor out = m.forward(x);
    assertClose(f.get("output"), out, 1e-5, 1e-4, "output");
    out.backward(f.get("upstream"));
    assertClose(f.get("grad.input"), x.grad(), 1e-4, 1e-3, "grad.input");
    m.namedParameters().forEach((k, p) ->
        assertClose(f.get("grad." + k), p.grad(), 1e-4, 1e-3, "grad." + k));
    assertSeen(expected(f, "none"));
    float hookedFirst = out.toFloatArray()[0];

    // with every hook removed: no calls, and the output of the model without hooks
    handles.forEach(RemovableHandle::remove);
    seen.clear();
    Tensor plain = m.forward(f.get("input"));
    assertTrue(seen.isEmpty());
    assertClose(((KilnSeqHookNet) m).forwardEager(f.get("input")), plain, 1e-6, 1e-6, "unhooked");
    assertFalse(Math.abs(plain.toFloatArray()[0] - hookedFirst) < 1e-6,
        "the relu's replacement (* 2) no longer applies");
  }

  @Test
  void removingHandlesStopsTheCalls() throws Exception {
    Fixture f = new Fixture("hooks.safetensors");
    HookNet m = loaded(f);
    recordAll("model", m);
    recordAll("fc1", m.fc1);
    recordAll("fc2", m.fc2);
    assertTrue(m.hasHooks() && m.fc1.hasHooks());
    handles.forEach(RemovableHandle::remove);
    handles.forEach(RemovableHandle::remove); // a second remove does nothing
    assertFalse(m.hasHooks() || m.fc1.hasHooks() || m.fc2.hasHooks());
    step(f, m, m::forward);
    m.zeroGrad();
    step(f, m, ((KilnHookNet) m)::forwardEager);
    assertEquals(0, calls);

    // one of two forward hooks removed: the other still runs, alone
    List<String> order = new ArrayList<>();
    RemovableHandle first = m.fc1.registerForwardHook((mod, in, out) -> {
      order.add("first");
      return null;
    });
    m.fc1.registerForwardHook((mod, in, out) -> {
      order.add("second");
      return null;
    });
    m.forward(f.get("input"));
    first.remove();
    m.forward(f.get("input"));
    assertEquals(List.of("first", "second", "second"), order);
  }

  @Test
  void wrongShapeReplacementsThrowNamingTheLayerAndBothShapes() {
    HookNet m = HookNet.create();
    Tensor x = Tensor.zeros(2, 3);
    RemovableHandle h = m.fc1.registerForwardHook((mod, in, out) -> Tensor.zeros(2, 5));
    String expected = "forward hook on Linear(in_features=3, out_features=4, bias=True) returned"
        + " an output of shape (2, 5), but the output it replaces has shape (2, 4)";
    assertEquals(expected, assertThrows(IllegalStateException.class, () -> m.forward(x))
        .getMessage());
    assertEquals(expected, assertThrows(IllegalStateException.class, () -> m.fc1.apply(x))
        .getMessage());
    h.remove();

    h = m.fc2.registerForwardPreHook((mod, in) -> new Tensor[] {Tensor.zeros(2, 3)});
    assertEquals("forward pre-hook on Linear(in_features=4, out_features=2, bias=True) returned"
        + " input[0] of shape (2, 3), but the input it replaces has shape (2, 4)",
        assertThrows(IllegalStateException.class, () -> m.forward(x)).getMessage());
    h.remove();

    m.registerFullBackwardHook((mod, gIn, gOut) -> new Tensor[] {Tensor.zeros(3, 3)});
    Tensor out = m.forward(x.detach().requiresGrad(true));
    assertEquals("full backward hook on HookNet returned gradInput[0] of shape (3, 3), but the"
        + " gradient it replaces has shape (2, 3)",
        assertThrows(IllegalStateException.class, () -> out.backward(Tensor.zeros(2, 2)))
            .getMessage());
  }

  @Test
  void nestedModelHooksRunInsideTheCompiledModel() {
    KilnTower t = new KilnTower();
    Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f, 1f, 0.25f, -0.75f}, 2, 3)
        .requiresGrad(true);
    Tensor expectedH = t.first.forward(t.in.apply(x)).detach();
    List<Tensor> gradOut = new ArrayList<>();
    t.first.registerForwardHook((mod, in, out) -> {
      record("first", "fwd", new String[] {"input", "output"}, in[0], out);
      return null;
    });
    t.first.registerFullBackwardHook((mod, gIn, gOut) -> {
      gradOut.add(gOut[0].detach());
      return null;
    });
    t.forward(x).backward(Tensor.zeros(2, 2).add(Tensor.scalar(1f)));
    assertEquals(List.of("e00.first.fwd.input", "e00.first.fwd.output"),
        List.copyOf(seen.keySet()));
    assertClose(expectedH, seen.get("e00.first.fwd.output"), 1e-6, 1e-6, "first's output");
    assertEquals(1, gradOut.size());
    assertEquals(List.of(2, 5), List.of(gradOut.get(0).size(0), gradOut.get(0).size(1)));

    // a replaced output (zeros) reaches the rest of the compiled forward: out(second(0) * 0)
    t.first.registerForwardHook((mod, in, out) -> Tensor.zeros(2, 5));
    Tensor y = t.forward(x);
    float[] bias = t.out.bias().toFloatArray();
    assertClose(Tensor.of(new float[] {bias[0], bias[1], bias[0], bias[1]}, 2, 2), y, 1e-6, 0,
        "output with first's output replaced by zeros");
  }

  @Test
  void aUserLayerWithAWorkspaceRunsItsHooksInTheCompiledModel() {
    KilnDoubled m = new KilnDoubled();
    Tensor x = Tensor.of(new float[] {1, 2, -3, 4}, 2, 2);
    List<Tensor> seenOut = new ArrayList<>();
    List<Tensor[]> grads = new ArrayList<>();
    m.twice.registerForwardHook((mod, in, out) -> {
      seenOut.add(in[0].add(in[0])); // Doubler: out = 2 * in
      seenOut.add(out.detach());
      return null;
    });
    m.twice.registerFullBackwardHook((mod, gIn, gOut) -> {
      grads.add(new Tensor[] {gIn[0].detach(), gOut[0].detach()});
      return new Tensor[] {Tensor.zeros(2, 2)}; // nothing reaches fc
    });
    Tensor y = m.forward(x);
    assertClose(seenOut.get(0), seenOut.get(1), 0, 0, "twice's output");
    assertClose(y, seenOut.get(1), 0, 0, "the model's output");
    Tensor dy = Tensor.of(new float[] {1, -1, 0.5f, 2}, 2, 2);
    y.backward(dy);
    assertClose(dy, grads.get(0)[1], 0, 0, "gradOutput");
    assertClose(dy.add(dy), grads.get(0)[0], 0, 0, "gradInput: 2 dy");
    assertClose(Tensor.zeros(2, 2), m.fc.weight().grad(), 0, 0, "fc.weight's gradient");
  }
}
