package dev.kiln.examples;

import static dev.kiln.examples.Fixture.assertClose;

import dev.kiln.nn.F;
import dev.kiln.nn.Module;
import dev.kiln.nn.RemovableHandle;
import dev.kiln.nn.Rng;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Nested models called at several places (SiteForward, EagerScope): siamese encoders over
 * encoders that themselves call a nested model twice, loops and helpers, hooks at every site,
 * user calls between a parent's forward and backward. Each compiled (or eager) forward is
 * compared with a fully eager reference built from the nested models' forwardEager bodies,
 * called separately (no compiled plan anywhere in the reference): output, input and parameter
 * gradients.
 */
class NestedCallSitesTest {
  static Tensor block(Block b, Tensor x) {
    return ((KilnBlock) b).forwardEager(x);
  }

  static Tensor enc2(Enc2 e, Tensor x) {
    return block(e.head, e.fc.apply(x));
  }

  static Tensor siamese(Siamese s, Tensor x, Tensor y) {
    return block(s.enc, x).sub(block(s.enc, y));
  }

  /** Output, input gradients and parameter gradients of f on (x, y) with upstream dy. */
  static List<Tensor> run(Module m, Function<Tensor[], Tensor> f, Tensor[] in, Tensor dy) {
    m.zeroGrad();
    List<Tensor> r = new ArrayList<>();
    Tensor[] leaves = new Tensor[in.length];
    for (int i = 0; i < in.length; i++) {
      leaves[i] = in[i].detach().requiresGrad(true);
    }
    Tensor out = f.apply(leaves);
    r.add(out.detach());
    out.backward(dy);
    for (Tensor l : leaves) {
      r.add(l.grad().detach());
    }
    m.parameters().forEach(p -> r.add(p.grad() == null ? null : p.grad().detach()));
    m.zeroGrad();
    return r;
  }

  static void compare(Module m, Function<Tensor[], Tensor> ref, Function<Tensor[], Tensor> f,
      Tensor[] in, Tensor dy, String how) {
    List<Tensor> e = run(m, ref, in, dy);
    Tensor[] det = new Tensor[in.length];
    for (int i = 0; i < in.length; i++) {
      det[i] = in[i].detach();
    }
    Tensor noGrad = GradMode.noGrad(() -> f.apply(det)).detach();
    assertClose(e.get(0), noGrad, 1e-5, 1e-5, how + ": noGrad output");
    List<Tensor> a = run(m, f, in, dy);
    String[] names = new String[e.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = i == 0 ? "output" : i <= in.length ? "input " + (i - 1) + " grad" : "param " + (i - 1 - in.length) + " grad";
    }
    for (int i = 0; i < e.size(); i++) {
      if (e.get(i) == null) {
        org.junit.jupiter.api.Assertions.assertNull(a.get(i), how + ": " + names[i]);
      } else {
        assertClose(e.get(i), a.get(i), 1e-5, 1e-4, how + ": " + names[i]);
      }
    }
  }

  static Tensor[] xy(long seed, int b) {
    Rng.manualSeed(seed);
    return new Tensor[] {Rng.rand(b, 5).sub(0.5f), Rng.rand(b, 5).sub(0.5f)};
  }

  @Test
  void siameseOverAnEncoderEndingInANestedModel() {
    Rng.manualSeed(1);
    KilnSiamese2 m = new KilnSiamese2();
    Tensor[] in = xy(2, 3);
    Tensor dy = Rng.rand(3, 5);
    Function<Tensor[], Tensor> ref = t -> enc2(m.enc, t[0]).sub(enc2(m.enc, t[1]));
    compare(m, ref, t -> m.forward(t[0], t[1]), in, dy, "compiled");
    compare(m, ref, t -> m.forwardEager(t[0], t[1]), in, dy, "eager");
  }

  @Test
  void aNestedModelThatCallsItsOwnNestedModelTwiceCalledTwice() {
    Rng.manualSeed(4);
    KilnSiamesePair m = new KilnSiamesePair();
    Tensor[] in = xy(5, 2);
    Tensor dy = Rng.rand(2, 5);
    Function<Tensor[], Tensor> ref =
        t -> siamese(m.s, t[0], t[1]).mul(siamese(m.s, t[1].mul(2f), t[0]));
    compare(m, ref, t -> m.forward(t[0], t[1]), in, dy, "compiled");
    compare(m, ref, t -> m.forwardEager(t[0], t[1]), in, dy, "eager");
  }

  @Test
  void eagerParentAroundACompiledSiameseCalledTwice() {
    Rng.manualSeed(6);
    KilnEagerPair m = new KilnEagerPair();
    Tensor[] in = xy(7, 2);
    Tensor dy = Rng.rand(2, 5);
    Function<Tensor[], Tensor> ref =
        t -> F.relu(siamese(m.s, t[0], t[1])).mul(siamese(m.s, t[1].mul(2f), t[0]));
    RemovableHandle h = m.act.registerForwardHook((mod, i, o) -> null);
    try {
      compare(m, ref, t -> m.forward(t[0], t[1]), in, dy, "eager via a hook on act");
    } finally {
      h.remove();
    }
  }

  static Tensor loopRef(LoopNet m, Tensor x, Function<Tensor, Tensor> enc) {
    Tensor h = x;
    for (int i = 0; i < LoopNet.N; i++) {
      h = enc.apply(h).mul(0.9f);
    }
    if (m.isTraining()) {
      h = h.add(enc.apply(x.mul(0.5f)));
    }
    return F.relu(h).mul(enc.apply(x));
  }

  @Test
  void loopHelperAndIsTraining() {
    Rng.manualSeed(8);
    KilnLoopNet m = new KilnLoopNet();
    Tensor[] in = {xy(9, 3)[0]};
    Tensor dy = Rng.rand(3, 5);
    Function<Tensor[], Tensor> ref = t -> loopRef(m, t[0], x -> block(m.enc, x));
    for (boolean training : new boolean[] {true, false, true}) {
      if (training) {
        m.train();
      } else {
        m.eval();
      }
      String how = training ? "train " : "eval ";
      compare(m, ref, t -> m.forward(t[0]), in, dy, how + "compiled");
      compare(m, ref, t -> m.forwardEager(t[0]), in, dy, how + "eager");
      RemovableHandle h = m.act.registerForwardHook((mod, i, o) -> null);
      try {
        compare(m, ref, t -> m.forward(t[0]), in, dy, how + "eager via a hook on act");
      } finally {
        h.remove();
      }
    }
  }

  @Test
  void modelHooksOnTheNestedModelAtEverySiteTogetherWithALoweredHook() {
    Rng.manualSeed(10);
    KilnLoopNet m = new KilnLoopNet();
    Tensor[] in = {xy(11, 2)[0]};
    Tensor dy = Rng.rand(2, 5);
    int[] calls = new int[1];
    Function<Tensor[], Tensor> ref = t -> loopRef(m, t[0], x -> block(m.enc, x).mul(2f));
    RemovableHandle he = m.enc.registerForwardHook((mod, i, o) -> {
      calls[0]++;
      return o.mul(2f);
    });
    try {
      compare(m, ref, t -> m.forward(t[0]), in, dy, "compiled, hook on enc");
      org.junit.jupiter.api.Assertions.assertEquals(2 * 5, calls[0], "enc hook calls");
      RemovableHandle ha = m.act.registerForwardHook((mod, i, o) -> null);
      try {
        compare(m, ref, t -> m.forward(t[0]), in, dy, "eager, hooks on enc and act");
      } finally {
        ha.remove();
      }
    } finally {
      he.remove();
    }
  }

  static Tensor twice(Twice t, Tensor x) {
    return block(t.blk, block(t.blk, x));
  }

  @Test
  void siameseOverAWeightTiedBlockUnderNoGrad() {
    Rng.manualSeed(12);
    KilnSiameseTwice m = new KilnSiameseTwice();
    Tensor[] in = xy(13, 2);
    Tensor expected = GradMode.noGrad(() -> twice(m.enc, in[0]).sub(F.relu(twice(m.enc, in[1]))));
    assertClose(expected, GradMode.noGrad(() -> m.forward(in[0], in[1])), 1e-5, 1e-5, "compiled");
    RemovableHandle h = m.act.registerForwardHook((mod, i, o) -> null);
    try {
      assertClose(expected, GradMode.noGrad(() -> m.forward(in[0], in[1])), 1e-5, 1e-5,
          "eager via a hook on act");
    } finally {
      h.remove();
    }
  }

  @Test
  void theNestedModelCalledByUserCodeBetweenTheParentsForwardAndBackward() {
    Rng.manualSeed(16);
    KilnSiamese m = new KilnSiamese();
    Tensor[] in = xy(17, 2);
    Tensor z = Rng.rand(2, 5);
    Tensor dy = Rng.rand(2, 5);
    Function<Tensor[], Tensor> ref =
        t -> siamese(m, t[0], t[1]).add(block(m.enc, z).sum().mul(0f));
    Function<Tensor[], Tensor> f = t -> {
      Tensor o = m.forward(t[0], t[1]);
      Tensor e = m.enc.forward(z); // user code uses the encoder on its own
      return o.add(e.sum().mul(0f));
    };
    compare(m, ref, f, in, dy, "compiled");
  }
}
