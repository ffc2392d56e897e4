package dev.kiln.examples;

import static dev.kiln.examples.Fixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.kiln.nn.Module;
import dev.kiln.nn.RemovableHandle;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hooks on the several-part layers of a compiled {@link TransformerOps}: the encoder layers of
 * its ModuleList loop and its MultiheadAttention. While they have hooks the model runs eagerly,
 * so each call runs its hooks in PyTorch's order, with the numbers of the compiled plan; once
 * the hooks are removed the plan runs again (its inference output is the plan's own buffer, the
 * same tensor every call).
 */
class LoweredModuleHooksTest {
  private static final Tensor TOKENS =
      Tensor.of(new float[] {1, 4, 10, 0, 3, 3, 7, 2, 9, 5}, 2, 5);
  private static final Tensor PADDING =
      Tensor.of(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 2, 5);

  private final List<String> calls = new ArrayList<>();
  private final Map<String, Tensor> seen = new LinkedHashMap<>();
  private final List<RemovableHandle> handles = new ArrayList<>();

  private void recordAll(String name, Module m) {
    handles.add(m.registerForwardPreHook((mod, in) -> {
      calls.add(name + " pre");
      seen.put(name + " in", in[0].detach());
      return null;
    }));
    handles.add(m.registerForwardHook((mod, in, out) -> {
      calls.add(name + " fwd");
      seen.put(name + " out", out.detach());
      return null;
    }));
    handles.add(m.registerFullBackwardHook((mod, gIn, gOut) -> {
      calls.add(name + " bwd");
      seen.put(name + " dOut", gOut[0].detach());
      return null;
    }));
  }

  /** Output and every parameter's gradient after a backward of {@code dy}. */
  private static Map<String, Tensor> step(TransformerOps m, Tensor dy) {
    m.zeroGrad();
    Map<String, Tensor> r = new LinkedHashMap<>();
    Tensor y = m.forward(TOKENS, PADDING);
    r.put("output", y.detach());
    y.backward(dy);
    m.namedParameters().forEach((k, p) -> r.put(k, p.grad().detach()));
    return r;
  }

  /** An inference call: a compiled plan returns its own output buffer, the same every call. */
  private static Tensor infer(TransformerOps m) {
    return GradMode.noGrad(() -> m.forward(TOKENS, PADDING));
  }

  @Test
  void encoderBlocksAndAttentionRunTheirHooksWithThePlansNumbers() {
    TransformerOps m = TransformerOps.create(2);
    Tensor dy = Tensor.zeros(2, 5, 11).add(Tensor.scalar(0.1f));
    Map<String, Tensor> plain = step(m, dy);
    assertSame(infer(m), infer(m), "compiled: the plan's buffer");

    recordAll("blocks.0", m.blocks.get(0));
    recordAll("blocks.1", m.blocks.get(1));
    recordAll("mha", m.mha);
    Map<String, Tensor> hooked = step(m, dy);
    assertEquals(List.of("blocks.0 pre", "blocks.0 fwd", "blocks.1 pre", "blocks.1 fwd",
        "mha pre", "mha fwd", "mha bwd", "blocks.1 bwd", "blocks.0 bwd"), calls);
    plain.forEach((k, t) -> assertClose(t, hooked.get(k), 1e-5, 1e-4, k));
    assertClose(seen.get("blocks.0 out"), seen.get("blocks.1 in"), 0, 0, "the chain's link");
    assertClose(seen.get("blocks.1 out"), seen.get("mha in"), 0, 0, "attention's query");
    assertEquals(List.of(2, 5, 8), List.of(seen.get("mha dOut").size(0),
        seen.get("mha dOut").size(1), seen.get("mha dOut").size(2)));
    assertNotSame(infer(m), infer(m), "eager while hooked");

    handles.forEach(RemovableHandle::remove);
    calls.clear();
    assertSame(infer(m), infer(m), "compiled again");
    assertEquals(List.of(), calls);
  }

  @Test
  void aReplacedAttentionOutputReachesTheRestOfTheModelAndItsGradient() {
    TransformerOps m = TransformerOps.create(1);
    Tensor dy = Tensor.zeros(2, 5, 11).add(Tensor.scalar(0.1f));
    Map<String, Tensor> plain = step(m, dy);
    // output * 0 removes attention's output from h = h + a.output() + ...: out_proj gets no
    // gradient from it, while its input projection still gets the weights' gradient
    RemovableHandle h = m.mha.registerForwardHook((mod, in, out) -> out.mul(Tensor.scalar(0f)));
    Map<String, Tensor> zeroed = step(m, dy);
    h.remove();
    assertClose(Tensor.zeros(8, 8), zeroed.get("mha.out_proj.weight"), 0, 0, "out_proj.weight");
    assertEquals(false, plain.get("mha.out_proj.weight").toFloatArray()[0] == 0f);
    assertEquals(false, Math.abs(plain.get("output").toFloatArray()[0]
        - zeroed.get("output").toFloatArray()[0]) < 1e-6, "the replacement changed the output");
  }
}
