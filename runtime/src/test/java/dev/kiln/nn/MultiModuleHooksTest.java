package dev.kiln.nn;

import static dev.kiln.nn.AttentionFixtures.get;
import static dev.kiln.nn.AttentionFixtures.leaf;
import static dev.kiln.nn.NormFixtures.FWD_ATOL;
import static dev.kiln.nn.NormFixtures.FWD_RTOL;
import static dev.kiln.nn.NormFixtures.GRAD_ATOL;
import static dev.kiln.nn.NormFixtures.GRAD_RTOL;
import static dev.kiln.nn.NormFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hooks on MultiheadAttention, LSTM and TransformerEncoderLayer run eagerly ({@code applyAll})
 * against PyTorch 1.13 (tools/fixtures/make_multi_hook_fixtures.py): every tensor each
 * recording pre-, forward and full backward hook sees, in call order (one backward call per
 * backward, also when two outputs get gradients), the outputs and all gradients; with
 * replacements (input + 0.5, output[0] * 2, grad_input * 0.5) too. Kiln's hooks also see what
 * PyTorch's do not (a keyword mask, LSTM's h_n gradient), checked against the known values.
 * Also removal, a null gradInput for an input without gradient, parameters-only gradients and
 * the messages for wrong-shape replacements, and a gradient check through the joint backward
 * node with a replaced (squared) output.
 */
class MultiModuleHooksTest {
  private static final Map<String, Tensor> F = load();
  private static final String[] MHA_ARGS = {"query", "key", "value", "attn_mask",
      "key_padding_mask"};
  private static final String[] LSTM_ARGS = {"input", "h0", "c0"};
  private static final String[] TEL_ARGS = {"src", "src_mask", "src_key_padding_mask"};

  private static Map<String, Tensor> load() {
    try {
      return SafeTensors.load(Path.of(MultiModuleHooksTest.class
          .getResource("/nn/multi_hooks.safetensors").toURI()));
    } catch (Exception e) {
      throw new AssertionError("fixture multi_hooks.safetensors", e);
    }
  }

  private static MultiModule layer(String c) {
    MultiModule m = c.startsWith("mha") ? new MultiheadAttention(8, 2).batchFirst(true)
        : c.startsWith("lstm") ? new LSTM(4, 5).batchFirst(true)
        : new TransformerEncoderLayer(8, 2).dimFeedforward(16).dropout(0f).batchFirst(true);
    m.loadStateDict(AttentionFixtures.state(F, c, m));
    return m;
  }

  private static String[] argNames(MultiModule m) {
    return m instanceof MultiheadAttention ? MHA_ARGS : m instanceof LSTM ? LSTM_ARGS : TEL_ARGS;
  }

  /** Registers hooks recording what they see as the fixture names it: e00.pre.input.query. */
  private static List<RemovableHandle> record(MultiModule m, Map<String, Tensor> seen) {
    String[] args = argNames(m);
    int[] calls = {0};
    List<RemovableHandle> handles = new ArrayList<>();
    handles.add(m.registerForwardPreHook((mod, in) -> {
      String e = String.format("e%02d.pre.", calls[0]++);
      put(seen, e + "input.", args, in);
      return null;
    }));
    handles.add(m.registerForwardHook((mod, in, out) -> {
      String e = String.format("e%02d.fwd.", calls[0]++);
      put(seen, e + "input.", args, in);
      seen.put(e + "output", out.detach());
      return null;
    }));
    handles.add(m.registerFullBackwardHook((mod, gIn, gOut) -> {
      String e = String.format("e%02d.bwd.", calls[0]++);
      put(seen, e + "grad_input.", args, gIn);
      put(seen, e + "grad_output.", null, gOut);
      return null;
    }));
    return handles;
  }

  private static void put(Map<String, Tensor> seen, String prefix, String[] names, Tensor[] t) {
    for (int i = 0; i < t.length; i++) {
      if (t[i] != null) {
        seen.put(prefix + (names == null ? String.valueOf(i) : names[i]), t[i].detach());
      }
    }
  }

  private static void replace(MultiModule m) {
    m.registerForwardPreHook((mod, in) -> {
      Tensor[] r = in.clone();
      r[0] = in[0].add(Tensor.scalar(0.5f));
      return r;
    });
    m.registerForwardHook((mod, in, out) -> out.mul(Tensor.scalar(2f)));
    m.registerFullBackwardHook((mod, gIn, gOut) -> {
      Tensor[] r = new Tensor[gIn.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = gIn[i] == null ? null : gIn[i].mul(Tensor.scalar(0.5f));
      }
      return r;
    });
  }

  /** The case's inputs as applyAll takes them, leaves requiring grad; masks as Mask tensors. */
  private static Tensor[] inputs(String c, MultiModule m) {
    String[] names = argNames(m);
    Tensor[] in = new Tensor[names.length];
    for (int i = 0; i < names.length; i++) {
      Tensor t = F.get(c + "/" + names[i]);
      if (t != null) {
        in[i] = names[i].endsWith("mask") ? t : leaf(F, c + "/" + names[i]);
      }
    }
    return in;
  }

  /** Runs the case forward and backward as the script does; returns {out, weights|hN, cN}. */
  private static Tensor[] run(String c, MultiModule m, Tensor[] in) {
    Tensor[] r;
    if (m instanceof MultiheadAttention a) {
      AttentionOutput o = a.apply(in[0], in[1], in[2], in[3] == null ? null : Mask.additive(in[3]));
      r = new Tensor[] {o.output(), o.weights()};
    } else if (m instanceof LSTM l) {
      LstmOutput o = l.apply(in[0]);
      r = new Tensor[] {o.output(), o.hN(), o.cN()};
    } else {
      r = new Tensor[] {((TransformerEncoderLayer) m).apply(in[0])};
    }
    Tensor dout = get(F, c + "/dout");
    if (F.containsKey(c + "/dweights") || F.containsKey(c + "/dh_n")) {
      Tensor d1 = F.containsKey(c + "/dweights") ? F.get(c + "/dweights") : F.get(c + "/dh_n");
      r[0].mul(dout).sum().add(r[1].mul(d1).sum()).backward();
    } else {
      r[0].backward(dout);
    }
    return r;
  }

  private static void assertResults(String c, MultiModule m, Tensor[] in, Tensor[] r,
      float inputGradScale) {
    assertClose(get(F, c + "/out"), r[0], FWD_ATOL, FWD_RTOL, c + " out");
    String[] results = m instanceof MultiheadAttention ? new String[] {"out", "weights"}
        : m instanceof LSTM ? new String[] {"out", "h_n", "c_n"} : new String[] {"out"};
    for (int i = 1; i < results.length; i++) {
      assertClose(get(F, c + "/" + results[i]), r[i], FWD_ATOL, FWD_RTOL, c + " " + results[i]);
    }
    String[] names = argNames(m);
    for (int i = 0; i < in.length; i++) {
      if (in[i] != null && !names[i].endsWith("mask")) {
        assertClose(get(F, c + "/d" + names[i]).mul(inputGradScale), in[i].grad(), GRAD_ATOL,
            GRAD_RTOL, c + " d" + names[i]);
      }
    }
    AttentionFixtures.assertParamGrads(F, c, m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mha", "mha_mask", "mha_replace", "lstm", "lstm_h", "lstm_replace",
      "tel"})
  void hooksSeeWhatPyTorchsSee(String c) {
    MultiModule m = layer(c);
    Map<String, Tensor> seen = new TreeMap<>();
    record(m, seen);
    if (c.endsWith("_replace")) {
      replace(m);
    }
    Tensor[] in = inputs(c, m);
    Tensor[] r = run(c, m, in);
    assertResults(c, m, in, r, 1f);
    // Kiln's hooks see two things PyTorch's do not: the keyword mask among the inputs, and the
    // gradient of h_n (PyTorch's grad_output[1] is None: (h_n, c_n) is a nested tuple).
    Map<String, Tensor> expected = new TreeMap<>();
    F.forEach((k, v) -> {
      if (k.startsWith(c + "/e")) {
        expected.put(k.substring(c.length() + 1), v);
      }
    });
    if (c.equals("mha_mask")) {
      expected.put("e00.pre.input.attn_mask", get(F, c + "/attn_mask"));
      expected.put("e01.fwd.input.attn_mask", get(F, c + "/attn_mask"));
    } else if (c.equals("lstm_h")) {
      expected.put("e02.bwd.grad_output.1", get(F, c + "/dh_n"));
    }
    assertEquals(expected.keySet(), seen.keySet(), c + ": the hook calls and what they saw");
    expected.forEach((k, v) -> assertClose(v, seen.get(k), GRAD_ATOL, GRAD_RTOL, c + " " + k));
  }

  @Test
  void forwardHookReplacementsAreDifferentiatedWithoutABackwardHook() {
    // mha_replace without the backward hook that halves grad_input: the per-output path.
    String c = "mha_replace";
    MultiModule m = layer(c);
    m.registerForwardPreHook((mod, in) -> {
      Tensor[] r = in.clone();
      r[0] = in[0].add(Tensor.scalar(0.5f));
      return r;
    });
    m.registerForwardHook((mod, in, out) -> out.mul(Tensor.scalar(2f)));
    Tensor[] in = inputs(c, m);
    assertResults(c, m, in, run(c, m, in), 2f);
  }

  @Test
  void removedHooksAreNotCalledAndTheLayerRunsAsWithout() {
    String c = "lstm_h";
    MultiModule m = layer(c);
    Map<String, Tensor> seen = new TreeMap<>();
    List<RemovableHandle> handles = record(m, seen);
    run(c, m, inputs(c, m));
    assertEquals(6, seen.size()); // pre, fwd input and output, bwd grad_input and 2 grad_outputs
    handles.forEach(RemovableHandle::remove);
    assertFalse(m.hasHooks());
    seen.clear();
    m.zeroGrad();
    Tensor[] in = inputs(c, m);
    Tensor[] r = run(c, m, in);
    assertEquals(Map.of(), seen);
    assertResults(c, m, in, r, 1f);
  }

  @Test
  void inputsWithoutGradientGetNullAndParametersOnlyStillCallTheHook() {
    MultiheadAttention a = (MultiheadAttention) layer("mha");
    List<Tensor[]> calls = new ArrayList<>();
    a.registerFullBackwardHook((mod, gIn, gOut) -> {
      calls.add(gIn);
      calls.add(gOut);
      return null;
    });
    Tensor q = leaf(F, "mha/query");
    Tensor k = leaf(F, "mha/key");
    Tensor v = get(F, "mha/value"); // needs no gradient: null (PyTorch 1.13 passes zeros)
    AttentionOutput o = a.apply(q, k, v, Mask.additive(Tensor.zeros(3, 4)));
    o.weights().sum().backward();
    assertEquals(2, calls.size());
    Tensor[] gIn = calls.get(0);
    assertEquals(5, gIn.length);
    assertNotNull(gIn[0]);
    assertNotNull(gIn[1]);
    assertNull(gIn[2]);
    assertNull(gIn[3]); // the mask
    assertNull(gIn[4]); // absent key padding mask
    assertNull(calls.get(1)[0]); // the output got no gradient
    assertNotNull(calls.get(1)[1]);

    LSTM l = (LSTM) layer("lstm");
    calls.clear();
    l.registerFullBackwardHook((mod, gIn2, gOut) -> {
      calls.add(gIn2);
      calls.add(gOut);
      return null;
    });
    l.apply(get(F, "lstm/input")).output().sum().backward();
    assertEquals(2, calls.size());
    assertEquals(List.of(), nonNull(calls.get(0)));
    assertEquals(List.of(0), nonNull(calls.get(1)));
    assertNotNull(l.namedParameters().get("weight_ih_l0").grad());
  }

  private static List<Integer> nonNull(Tensor[] t) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < t.length; i++) {
      if (t[i] != null) {
        r.add(i);
      }
    }
    return r;
  }

  @Test
  void wrongReplacementsThrowTheHooksMessages() {
    LSTM l = (LSTM) layer("lstm");
    Tensor x = leaf(F, "lstm/input");
    try (RemovableHandle h = l.registerForwardPreHook(
        (mod, in) -> new Tensor[] {Tensor.zeros(2, 3, 3), null, null})) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.apply(x));
      assertEquals("forward pre-hook on LSTM(4, 5, batch_first=True) returned input[0] of shape"
          + " (2, 3, 3), but the input it replaces has shape (2, 3, 4)", e.getMessage());
    }
    try (RemovableHandle h = l.registerForwardHook((mod, in, out) -> Tensor.zeros(2, 3, 4))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.apply(x));
      assertEquals("forward hook on LSTM(4, 5, batch_first=True) returned an output of shape"
          + " (2, 3, 4), but the output it replaces has shape (2, 3, 5)", e.getMessage());
    }
    try (RemovableHandle h = l.registerFullBackwardHook(
        (mod, gIn, gOut) -> new Tensor[] {Tensor.zeros(2, 3, 5), null, null})) {
      Tensor y = l.apply(x).output();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
      assertEquals("full backward hook on LSTM(4, 5, batch_first=True) returned gradInput[0] of"
          + " shape (2, 3, 5), but the gradient it replaces has shape (2, 3, 4)", e.getMessage());
    }
    MultiheadAttention a = (MultiheadAttention) layer("mha");
    Tensor q = leaf(F, "mha/query");
    a.registerFullBackwardHook((mod, gIn, gOut) -> {
      Tensor[] r = gIn.clone();
      r[3] = Tensor.zeros(3, 3);
      return r;
    });
    Tensor y = a.apply(q, q, q, Mask.causal(3)).output();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
    assertEquals("full backward hook on MultiheadAttention returned a gradInput[3] where none was"
        + " passed (the input needs no gradient)", e.getMessage());
  }

  @Test
  void oneBackwardHookCallPerBackward() {
    MultiheadAttention a = (MultiheadAttention) layer("mha");
    List<String> calls = new ArrayList<>();
    a.registerFullBackwardHook((mod, gIn, gOut) -> {
      calls.add((gOut[0] != null ? "out" : "") + (gOut[1] != null ? "+weights" : ""));
      return null;
    });
    Tensor q = leaf(F, "mha/query");
    AttentionOutput o = a.apply(q, q, q);
    o.output().sum().add(o.weights().sum()).backward();
    o = a.apply(q, q, q);
    o.output().sum().backward();
    o.weights().sum().backward();
    assertEquals(List.of("out+weights", "out", "+weights"), calls);
  }

  @Test
  void gradCheckThroughTheJointNodeAndAReplacedOutput() {
    MultiheadAttention m = new MultiheadAttention(4, 2);
    m.requiresGrad(false);
    m.registerForwardHook((mod, in, out) -> out.mul(out));
    int[] calls = {0};
    m.registerFullBackwardHook((mod, gIn, gOut) -> {
      calls[0]++;
      return null;
    });
    Tensor q = GradCheck.leaf(1, 1.0, 3, 2, 4);
    Tensor k = GradCheck.leaf(2, 1.0, 5, 2, 4);
    Mask bias = Mask.additive(GradCheck.leaf(4, 1.0, 3, 5).detach());
    List<Tensor> constants = new ArrayList<>(m.parameters());
    constants.add(bias.tensor());
    GradCheck.checkWith(constants, () -> {
      AttentionOutput o = m.apply(q, k, k, bias);
      return o.output().sum().add(o.weights().mul(o.weights()).sum());
    }, q, k);
    assertEquals(2, calls[0]); // the float32 and the float64 backward
  }
}
