package dev.kiln.examples;

import static dev.kiln.examples.Fixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.nn.HookedForward;
import dev.kiln.nn.Linear;
import dev.kiln.nn.RemovableHandle;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Hooks in the corners where a wrong gradient would pass unnoticed: a replacement whose hook is
 * removed before the backward (or removes itself), a later backward after an earlier forward's
 * replacement, a forward hook computing from its input, a pre-hook's parameter when the input
 * needs no gradient, two forwards before one backward (refused), threads serving with a
 * replacing hook, nested models and fused layers. Expected numbers from PyTorch 1.13:
 * {@code tools/fixtures/hook_edge_cases.py} (HookNet with fixed weights, X, DY below).
 */
@SuppressWarnings("try")
class HookEdgeCasesTest {
  static final Tensor X = Tensor.of(new float[] {1f, -0.5f, 2f, 0.3f, 0.8f, -1.2f}, 2, 3);
  static final Tensor DY = Tensor.of(new float[] {1f, -1f, 0.5f, 2f}, 2, 2);

  static HookNet net() {
    HookNet m = HookNet.create();
    m.loadStateDict(Map.of(
        "fc1.weight", Tensor.of(new float[] {0.2f, -0.1f, 0.4f, -0.3f, 0.5f, 0.1f, 0.6f, 0.2f,
            -0.4f, 0.1f, -0.2f, 0.3f}, 4, 3),
        "fc1.bias", Tensor.of(new float[] {0.1f, -0.1f, 0.05f, 0.2f}, 4),
        "fc2.weight", Tensor.of(new float[] {0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.6f, 0.2f, -0.3f},
            2, 4),
        "fc2.bias", Tensor.of(new float[] {0.05f, -0.05f}, 2)));
    return m;
  }

  static Tensor t(int r, int c, double... v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return Tensor.of(f, r, c);
  }

  // PyTorch 1.13, scenario A: fc1 forward hook out * 2, handle removed before backward
  static final Tensor A_DX = t(2, 3, 0.36000004, -0.30000001, 0.80000007, 0.11999997, 1.36000001,
      -0.29999998);
  static final Tensor A_FC1W = t(4, 3, 1.4000001, -0.70000005, 2.80000019, 0.66000003, 1.76000011,
      -2.6400001, 0.39000002, 1.03999996, -1.56000006, 0.80000001, -0.40000001, 1.60000002);
  // scenario B: fc2 pre-hook in * in, removed before backward
  static final Tensor B_DX = t(2, 3, 0.40200004, -0.32100001, 0.88400006, 0.61920005, 0.32520002,
      -0.43260002);
  static final Tensor B_FC2W = t(2, 4, 1.32249999, 0.00405, 0.37845007, 1.0, -1.32249999, 0.0162,
      1.51380026, -1.0);
  // scenario C: fc2 forward hook out + in[0].sum()
  static final Tensor C_OUT = t(2, 2, 3.60500002, 2.30000019, 3.57700014, 3.28800011);
  static final Tensor C_DX = t(2, 3, 0.93000007, -0.90000004, 2.1500001, 0.81000006, 2.43000007,
      -0.9000001);
  static final Tensor C_FC1W = t(4, 3, 3.20000005, -1.60000002, 6.4000001, 1.08000004, 2.87999988,
      -4.32000017, 0.94500005, 2.52000022, -3.78000021, 2.9000001, -1.45000005, 5.80000019);
  // no hooks
  static final Tensor PLAIN_DX = t(2, 3, 0.18000002, -0.15000001, 0.40000004, 0.05999999,
      0.68000001, -0.14999999);
  static final Tensor PLAIN_FC1W = t(4, 3, 0.70000005, -0.35000002, 1.4000001, 0.33000001,
      0.88000005, -1.32000005, 0.19500001, 0.51999998, -0.78000003, 0.40000001, -0.2, 0.80000001);
  static final Tensor PLAIN_FC2W = t(2, 4, 1.14999998, 0.045, 0.43500003, 1.0, -1.14999998, 0.18,
      1.74000013, -1.0);

  /**
   * The common pattern {@code try (var h = layer.registerForwardHook(...)) { y = model(x); }}
   * then {@code y.backward()}: in PyTorch the replacement (out * 2) is part of the graph, so the
   * gradient is doubled whether or not the handle is still registered. Compiled: the generated
   * backward re-tests {@code fc1.hasHooks()} and, now false, skips HookedCalls.backward.
   */
  @Test
  void compiledForwardHookReplacementSurvivesRemovalBeforeBackward() {
    for (boolean compiled : new boolean[] {false, true}) {
      HookNet m = net();
      Tensor x = X.detach().requiresGrad(true);
      Tensor y;
      try (RemovableHandle h = m.fc1.registerForwardHook((mod, in, out) -> out.mul(2f))) {
        y = compiled ? m.forward(x) : ((KilnHookNet) m).forwardEager(x);
      }
      y.backward(DY);
      String w = compiled ? "compiled " : "eager ";
      assertClose(A_DX, x.grad(), 1e-4, 1e-3, w + "dx");
      assertClose(A_FC1W, m.fc1.weight().grad(), 1e-4, 1e-3, w + "fc1.weight grad");
    }
  }

  /** Scenario B: a pre-hook's replacement (in * in) removed before backward. */
  @Test
  void compiledPreHookReplacementSurvivesRemovalBeforeBackward() {
    for (boolean compiled : new boolean[] {false, true}) {
      HookNet m = net();
      Tensor x = X.detach().requiresGrad(true);
      Tensor y;
      try (RemovableHandle h = m.fc2.registerForwardPreHook(
          (mod, in) -> new Tensor[] {in[0].mul(in[0])})) {
        y = compiled ? m.forward(x) : ((KilnHookNet) m).forwardEager(x);
      }
      y.backward(DY);
      String w = compiled ? "compiled " : "eager ";
      assertClose(B_FC2W, m.fc2.weight().grad(), 1e-4, 1e-3, w + "fc2.weight grad");
      assertClose(B_DX, x.grad(), 1e-4, 1e-3, w + "dx");
    }
  }

  /**
   * A one-shot hook (removes itself when it runs, a common PyTorch idiom): same as above.
   */
  @Test
  void compiledOneShotHookThatRemovesItselfKeepsItsReplacementsGradient() {
    HookNet m = net();
    RemovableHandle[] h = new RemovableHandle[1];
    h[0] = m.fc1.registerForwardHook((mod, in, out) -> {
      h[0].remove();
      return out.mul(2f);
    });
    Tensor x = X.detach().requiresGrad(true);
    m.forward(x).backward(DY);
    assertClose(A_DX, x.grad(), 1e-4, 1e-3, "dx");
  }

  /**
   * REPLACED (static, by output buffer) keeps the entry of forward 1 (fc2 out * 2) when the next
   * forward runs fc2 without hooks; a full backward hook (returning null) registered before
   * backward 2 makes HookedCalls.backward find that stale entry.
   */
  @Test
  void aLaterBackwardIgnoresAnEarlierForwardsReplacement() {
    HookNet m = net();
    Tensor x0 = X.mul(3f).detach().requiresGrad(true);
    try (RemovableHandle h = m.fc2.registerForwardHook((mod, in, out) -> out.mul(2f))) {
      m.forward(x0).backward(DY);
    }
    m.zeroGrad();
    Tensor x = X.detach().requiresGrad(true);
    Tensor y = m.forward(x); // no hooks: plain plan
    m.fc2.registerFullBackwardHook((mod, gIn, gOut) -> null);
    y.backward(DY);
    assertClose(PLAIN_FC2W, m.fc2.weight().grad(), 1e-4, 1e-3, "fc2.weight grad");
    assertClose(PLAIN_FC1W, m.fc1.weight().grad(), 1e-4, 1e-3, "fc1.weight grad");
    assertClose(PLAIN_DX, x.grad(), 1e-4, 1e-3, "dx");
  }

  /**
   * Scenario C: a forward hook whose replacement uses its input ({@code out + in[0].sum()}). In
   * PyTorch the gradient reaches the input through the hook too. Compiled, the hook's input is
   * the plan's buffer (not a recording copy), so that path is lost.
   */
  @Test
  void forwardHookThatUsesItsInputIsDifferentiatedThroughIt() {
    for (boolean compiled : new boolean[] {false, true}) {
      HookNet m = net();
      m.fc2.registerForwardHook((mod, in, out) -> out.add(in[0].sum()));
      Tensor x = X.detach().requiresGrad(true);
      Tensor y = compiled ? m.forward(x) : ((KilnHookNet) m).forwardEager(x);
      String w = compiled ? "compiled " : "eager ";
      assertClose(C_OUT, y, 1e-5, 1e-4, w + "output");
      y.backward(DY);
      assertClose(C_FC1W, m.fc1.weight().grad(), 1e-4, 1e-3, w + "fc1.weight grad");
      assertClose(C_DX, x.grad(), 1e-4, 1e-3, w + "dx");
    }
  }

  /**
   * Scenario D, eager HookedForward: pre-hook {@code x * x} and a forward hook {@code out +
   * in[0]} on one Linear(3, 3). The forward hook's use of the replaced input records into the
   * leaf of the original input; HookedForward.through clears that leaf's grad before reading.
   */
  @Test
  void eagerForwardHookUsingAPreHookReplacementIsDifferentiated() {
    Linear lin = new Linear(3, 3);
    lin.loadStateDict(Map.of("weight", t(3, 3, 0.2, -0.1, 0.4, -0.3, 0.5, 0.1, 0.6, 0.2, -0.4),
        "bias", Tensor.of(new float[] {0.1f, -0.1f, 0.05f}, 3)));
    lin.registerForwardPreHook((mod, in) -> new Tensor[] {in[0].mul(in[0])});
    lin.registerForwardHook((mod, in, out) -> out.add(in[0]));
    Tensor x = X.detach().requiresGrad(true);
    Tensor y = lin.apply(x);
    assertClose(t(2, 3, 2.875, 0.375, 3.0999999, 0.72000003, 0.97700006, 1.09600008), y, 1e-5,
        1e-4, "output");
    y.backward(t(2, 3, 1, -1, 0.5, 0.5, 2, -1));
    assertClose(t(3, 3, 1.04499996, 0.57000005, 4.72000027, -0.81999999, 1.03000009, -1.11999989,
        0.41, -0.51500005, 0.55999994), lin.weight().grad(), 1e-4, 1e-3, "weight grad");
    assertClose(t(2, 3, 3.5999999, 1.5, 2.4000001, -0.36000001, 4.4000001, 0.47999999), x.grad(),
        1e-4, 1e-3, "dx");
  }

  /**
   * Feature extraction while training: a forward hook keeps {@code in[0]} (PyTorch: that call's
   * input, never overwritten). Compiled with gradients recorded, {@code out} is a copy but
   * {@code in[0]} is the plan's buffer, overwritten by the next forward.
   */
  @Test
  void aForwardHooksInputKeptUnderGradIsNotOverwrittenByTheNextForward() {
    HookNet m = net();
    List<Tensor> kept = new ArrayList<>();
    m.fc2.registerForwardHook((mod, in, out) -> {
      kept.add(in[0]);
      return null;
    });
    m.forward(X.detach().requiresGrad(true));
    float[] first = kept.get(0).toFloatArray();
    m.forward(X.mul(5f).detach().requiresGrad(true));
    assertClose(Tensor.of(first, 2, 4), kept.get(0), 0, 0, "the first call's input");
  }

  /** Inputs that need no gradient, and noGrad, with a replacing hook: A's numbers. */
  @Test
  void replacementWithInputsThatNeedNoGradAndUnderNoGrad() {
    HookNet m = net();
    m.fc1.registerForwardHook((mod, in, out) -> out.mul(2f));
    Tensor expected = t(2, 2, 0.93999999, -1.56999993, 0.88400006, 0.40600002);
    assertClose(expected, GradMode.noGrad(() -> m.forward(X)), 1e-5, 1e-4, "noGrad output");
    Tensor y = m.forward(X);
    assertClose(expected, y, 1e-5, 1e-4, "output");
    y.backward(DY);
    assertClose(A_FC1W, m.fc1.weight().grad(), 1e-4, 1e-3, "fc1.weight grad");
  }

  /**
   * Two forwards before backward with a model-level hook (HookedForward around the plan): the
   * first output's backward must refuse (overwritten), not silently use the second's buffers.
   */
  @Test
  void twoForwardsBeforeBackwardWithModelHookRefuses() {
    HookNet m = net();
    m.registerForwardHook((mod, in, out) -> out.mul(3f));
    Tensor y1 = m.forward(X.detach().requiresGrad(true));
    m.forward(X.mul(2f).detach().requiresGrad(true));
    assertThrows(IllegalStateException.class, () -> y1.backward(DY));
  }

  /** Serving: a replacing hook, 4 threads of noGrad inference; each output as one thread's. */
  @Test
  void concurrentInferenceWithAReplacingHook() throws Exception {
    HookNet m = net();
    m.fc1.registerForwardHook((mod, in, out) -> out.mul(2f));
    m.fc2.registerForwardPreHook((mod, in) -> new Tensor[] {in[0].add(Tensor.scalar(0f))});
    Tensor expected = t(2, 2, 0.93999999, -1.56999993, 0.88400006, 0.40600002);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int th = 0; th < 4; th++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 300; i++) {
            Tensor y = GradMode.noGrad(() -> m.forward(X));
            assertClose(expected, y, 1e-5, 1e-4, "output " + i);
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** TrainingModeNet(residual) calls head twice per forward: hooks on it, compiled = eager. */
  @Test
  void layerCalledTwicePerForwardWithAReplacingHookCompiledEqualsEager() {
    float[][] grads = new float[2][];
    float[][] outs = new float[2][];
    Map<String, Tensor> state = new KilnTrainingModeNet(true).stateDict();
    for (int c = 0; c < 2; c++) {
      TrainingModeNet m = new KilnTrainingModeNet(true);
      m.loadStateDict(state);
      m.eval();
      m.head.registerForwardPreHook((mod, in) -> new Tensor[] {in[0].mul(in[0])});
      m.head.registerForwardHook((mod, in, out) -> out.mul(2f));
      Tensor x = Tensor.of(new float[] {1, -2, 0.5f, 3, 0.2f, 0.1f, -1, 2}, 2, 4)
          .requiresGrad(true);
      Tensor y = c == 0 ? m.forward(x) : ((KilnTrainingModeNet) m).forwardEager(x);
      y.backward(DY);
      outs[c] = y.toFloatArray();
      grads[c] = x.grad().toFloatArray();
    }
    assertClose(Tensor.of(outs[1], 2, 2), Tensor.of(outs[0], 2, 2), 1e-5, 1e-4, "output");
    assertClose(Tensor.of(grads[1], 2, 4), Tensor.of(grads[0], 2, 4), 1e-5, 1e-4, "dx");
  }

  /**
   * As above with a model-level forward hook that only logs (returns null): the first output's
   * backward runs the second forward's plan node (the body's output tensor is the plan buffer
   * whose grad_fn the second forward replaced) instead of refusing.
   */
  @Test
  void twoForwardsBeforeBackwardWithALoggingModelHookRefuses() {
    HookNet m = net();
    m.registerForwardHook((mod, in, out) -> null);
    Tensor x1 = X.detach().requiresGrad(true);
    Tensor y1 = m.forward(x1);
    Tensor x2 = X.mul(2f).detach().requiresGrad(true);
    m.forward(x2);
    assertThrows(IllegalStateException.class, () -> y1.backward(DY),
        "y1.backward after a second forward; x1.grad=" + x1.grad() + " x2.grad=" + x2.grad());
  }

  static Tensor blockEager(Block b, Tensor x) {
    return b.hasHooks() ? HookedForward.run(b, in -> ((KilnBlock) b).forwardEager(in[0]), x)
        : ((KilnBlock) b).forwardEager(x);
  }

  static void towerHooks(Tower t) {
    t.first.fc.registerForwardHook((mod, in, out) -> out.mul(2f));
    t.second.registerForwardPreHook((mod, in) -> new Tensor[] {in[0].mul(in[0])});
    t.first.registerForwardHook((mod, in, out) -> out.add(1f));
    t.out.registerForwardPreHook((mod, in) -> new Tensor[] {in[0].mul(0.5f)});
  }

  /** Nested @Model calls with replacements inside and around them: compiled = eager. */
  @Test
  void nestedModelsWithReplacementsCompiledEqualsEager() {
    Map<String, Tensor> state = new KilnTower().stateDict();
    Tensor dy = Tensor.of(new float[] {1, -1, 0.5f, 2}, 2, 2);
    Map<String, float[]> got = new java.util.TreeMap<>();
    for (int c = 0; c < 2; c++) {
      Tower t = new KilnTower();
      t.loadStateDict(state);
      towerHooks(t);
      Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f, 1f, 0.25f, -0.75f}, 2, 3)
          .requiresGrad(true);
      Tensor y;
      if (c == 0) {
        y = t.forward(x);
      } else {
        Tensor h = blockEager(t.first, t.in.apply(x));
        y = t.out.apply(blockEager(t.second, h).mul(h));
      }
      y.backward(dy);
      String w = c == 0 ? "compiled." : "eager.";
      got.put(w + "out", y.toFloatArray());
      got.put(w + "dx", x.grad().toFloatArray());
      t.namedParameters().forEach((k, p) -> got.put(w + k, p.grad().toFloatArray()));
    }
    for (String k : got.keySet()) {
      if (k.startsWith("eager.")) {
        String ck = "compiled." + k.substring(6);
        float[] e = got.get(k);
        assertClose(Tensor.of(e, e.length), Tensor.of(got.get(ck), e.length), 1e-5, 1e-4, ck);
      }
    }
  }

  /** The Linear inside a compiled Sequential, fused with its ReLU, hooked: compiled = eager. */
  @Test
  void fusedLinearInsideACompiledSequentialCompiledEqualsEager() {
    Map<String, Tensor> state = new KilnSeqHookNet().stateDict();
    Tensor dy = Tensor.of(new float[] {1, -1, 0.5f, 2}, 2, 2);
    float[][] r = new float[4][];
    for (int c = 0; c < 2; c++) {
      SeqHookNet m = new KilnSeqHookNet();
      m.loadStateDict(state);
      m.net.get(1).registerForwardHook((mod, in, out) -> out.mul(2f).sub(0.3f));
      m.net.get(3).registerForwardPreHook((mod, in) -> new Tensor[] {in[0].mul(in[0])});
      Tensor x = Tensor.of(new float[] {1, -2, 0.5f, 3, 0.2f, 0.1f, -1, 2, 0.3f, -0.4f, 1.5f,
          0.7f}, 2, 2, 3).requiresGrad(true);
      Tensor y = c == 0 ? m.forward(x) : ((KilnSeqHookNet) m).forwardEager(x);
      y.backward(dy);
      r[2 * c] = y.toFloatArray();
      r[2 * c + 1] = m.net.get(1).namedParameters().get("weight").grad().toFloatArray();
    }
    assertClose(Tensor.of(r[2], 4), Tensor.of(r[0], 4), 1e-5, 1e-4, "output");
    assertClose(Tensor.of(r[3], 24), Tensor.of(r[1], 24), 1e-5, 1e-4, "weight grad");
  }

  /**
   * Scenario E: a pre-hook scaling the input by a learnable scalar, on a layer whose input needs
   * no gradient (the first layer, data input). PyTorch: alpha.grad = 1.797. HookedForward.through
   * and HookedCalls.backward skip the pre-hook's graph when the original input needs no grad.
   */
  @Test
  void preHookParameterGetsItsGradientWhenTheInputNeedsNoneEager() {
    preHookParameter(false);
  }

  @Test
  void preHookParameterGetsItsGradientWhenTheInputNeedsNoneCompiled() {
    preHookParameter(true);
  }

  private static void preHookParameter(boolean compiled) {
    {
      HookNet m = net();
      Tensor alpha = Tensor.scalar(1.5f).requiresGrad(true);
      m.fc1.registerForwardPreHook((mod, in) -> new Tensor[] {in[0].mul(alpha)});
      Tensor y = compiled ? m.forward(X) : ((KilnHookNet) m).forwardEager(X);
      y.backward(DY);
      String w = compiled ? "compiled " : "eager ";
      assertClose(t(4, 3, 1.05000007, -0.52500004, 2.10000014, 0.49500003, 1.32000005, -1.98000014,
          0.29249999, 0.78000003, -1.16999996, 0.60000002, -0.30000001, 1.20000005),
          m.fc1.weight().grad(), 1e-4, 1e-3, w + "fc1.weight grad");
      assertEquals(1.797f, alpha.grad() == null ? Float.NaN : alpha.grad().item(), 1e-4f,
          w + "alpha grad");
    }
  }

  /**
   * A pre-hook on MultiheadAttention supplying an attn_mask where none was passed: refused, but
   * the message (shared with gradInput checks) reads "returned a input[3] where none was passed
   * (the input needs no gradient)".
   */
  @Test
  void multiModulePreHookAddingAnAbsentInputHasAnInputMessage() {
    dev.kiln.nn.MultiheadAttention mha = new dev.kiln.nn.MultiheadAttention(8, 2).batchFirst(true);
    mha.registerForwardPreHook((mod, in) -> new Tensor[] {in[0], in[1], in[2],
        Tensor.zeros(3, 3), in[4]});
    Tensor q = Tensor.zeros(1, 3, 8);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> mha.apply(q, q, q));
    assertEquals("forward pre-hook on MultiheadAttention returned input[3] where none was passed"
        + " (an absent optional input cannot be added by a hook)", e.getMessage());
  }

  /**
   * Not hooks (pre-existing): an op on a compiled output, then a second forward, then backward
   * of the first result: the plan returns the same output tensor object each call, so the op's
   * recorded input now carries the second forward's node.
   */
  @Test
  void opOnCompiledOutputThenSecondForwardThenBackwardRefuses() {
    HookNet m = net();
    Tensor x1 = X.detach().requiresGrad(true);
    Tensor z1 = m.forward(x1).mul(3f);
    m.forward(X.mul(2f).detach().requiresGrad(true));
    assertThrows(IllegalStateException.class, () -> z1.backward(DY),
        () -> "no refusal; x1.grad=" + x1.grad());
  }
}
