package dev.kiln.examples;

import static dev.kiln.examples.Fixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.kiln.nn.Module;
import dev.kiln.nn.Parameter;
import dev.kiln.nn.Rng;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The generated forward and backward equal the eager evaluation of the same {@code @Forward}
 * body, and repeated calls at one batch size reuse every buffer.
 */
class CompiledEqualsEagerTest {
  static Tensor random(long seed, int... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[dev.kiln.tensor.Shapes.numel(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble(-1, 1);
    }
    return Tensor.of(v, shape);
  }

  /** Runs forward and backward; returns the output, the input gradient and every param grad. */
  static List<Tensor> run(Module m, Function<Tensor, Tensor> forward, Tensor x, Tensor dy) {
    m.parameters().forEach(p -> p.setGrad(null));
    Tensor in = x.detach().requiresGrad(true);
    Tensor y = forward.apply(in);
    List<Tensor> out = new ArrayList<>(List.of(y.detach()));
    y.backward(dy);
    out.add(in.grad());
    m.parameters().forEach(p -> out.add(p.grad().detach()));
    return out;
  }

  static void assertSameResults(Module m, Function<Tensor, Tensor> compiled,
      Function<Tensor, Tensor> eager, Tensor x, Tensor dy) {
    List<Tensor> c = run(m, compiled, x, dy);
    List<Tensor> e = run(m, eager, x, dy);
    for (int i = 0; i < c.size(); i++) {
      assertClose(e.get(i), c.get(i), 1e-6, 1e-5, "result " + i);
    }
  }

  @Test
  void skipMlp() {
    Rng.manualSeed(1);
    KilnSkipMlp m = new KilnSkipMlp();
    assertSameResults(m, m::forward, m::forwardEager, random(2, 7, 3), random(3, 7, 1));
  }

  @Test
  void mnistClassifier() {
    Rng.manualSeed(4);
    KilnMnistClassifier m = new KilnMnistClassifier();
    assertSameResults(m, m::forward, m::forwardEager, random(5, 2, 1, 28, 28), random(6, 2, 10));
  }

  @Test
  void sineNetAndUserLayer() {
    Rng.manualSeed(7);
    KilnSineNet s = new KilnSineNet(8);
    assertSameResults(s, s::forward, s::forwardEager, random(8, 5, 1), random(9, 5, 1));
    KilnScaledRegressor r = new KilnScaledRegressor(4, 6);
    r.scale.weight().device().kernels().copy(random(10, 6), r.scale.weight());
    assertSameResults(r, r::forward, r::forwardEager, random(11, 3, 4), random(12, 3, 1));
  }

  @Test
  void everyForwardConstruct() {
    Rng.manualSeed(16);
    KilnAllOps m = new KilnAllOps();
    assertSameResults(m, m::forward, m::forwardEager, random(17, 5, 3, 4), random(18, 5, 3));
    assertSameResults(m, m::forward, m::forwardEager, random(19, 64, 3, 4), random(20, 64, 3));
  }

  @Test
  void helpersLoopsConstantIfsAndFunctionalActivations() {
    Rng.manualSeed(21);
    KilnBodyFormsNet m = new KilnBodyFormsNet();
    assertSameResults(m, m::forward, m::forwardEager, random(22, 6, 4), random(23, 6, 3));
  }

  @Test
  void severalOutputLayerMasksModuleListsAndModuleDict() {
    Rng.manualSeed(32);
    SeqOps m = SeqOps.create(3);
    assertSameResults(m, m::forward, ((KilnSeqOps) m)::forwardEager, random(33, 2, 3, 4),
        random(34, 6, 3));
    SeqOps one = SeqOps.create(1);
    assertSameResults(one, one::forward, ((KilnSeqOps) one)::forwardEager, random(35, 4, 5, 4),
        random(36, 20, 3));
  }

  @Test
  void aModuleListChangedAfterConstructionIsRefused() {
    Rng.manualSeed(56);
    SeqOps unrolled = SeqOps.create(2);
    unrolled.widen.add(new dev.kiln.nn.Linear(4, 4));
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class, () -> unrolled.forward(random(57, 2, 3, 4)));
    org.junit.jupiter.api.Assertions.assertEquals("this ModuleList holds 3 layers, but the"
        + " compiled forward unrolled its loop over 2; add a model's layers in its constructor"
        + " only", e.getMessage());
    SeqOps chained = SeqOps.create(2);
    chained.forward(random(58, 2, 3, 4));
    chained.blocks.add(new dev.kiln.nn.Linear(4, 4));
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> chained.forward(random(58, 2, 3, 4)));
    org.junit.jupiter.api.Assertions.assertEquals("this ModuleList holds 3 layers, but the plan"
        + " was made for 2; add a model's layers in its constructor only", e.getMessage());
  }

  @Test
  void attentionWrittenWithTensorOps() {
    Rng.manualSeed(37);
    KilnAttentionOps m = new KilnAttentionOps();
    float[] causal = new float[25];
    for (int i = 0; i < 5; i++) {
      for (int j = i + 1; j < 5; j++) {
        causal[i * 5 + j] = 1f;
      }
    }
    Tensor mask = Tensor.of(causal, 5, 5);
    assertSameResults(m, x -> m.forward(x, mask), x -> m.forwardEager(x, mask),
        random(38, 3, 5, 8), random(39, 3, 8));
  }

  @Test
  void boolAndAdditiveMasks() {
    Rng.manualSeed(40);
    KilnMaskOps m = new KilnMaskOps();
    Tensor mask = Tensor.of(new float[] {0, 1, 0.5f, 0, 0, 2, 0, 0, 0}, 3, 3);
    assertSameResults(m, x -> m.forward(x, mask), x -> m.forwardEager(x, mask),
        random(41, 2, 3, 4), random(42, 2, 3));
    // the bool mask counts its 3 nonzero entries (row sums 2, 1, 0) where the additive one adds
    // them (1.5, 2, 0): out differs by (0.5, -1, 0) per element, summed over 4 features
    Tensor y = m.forward(random(43, 1, 3, 4), mask);
    Tensor score = m.mix.apply(random(43, 1, 3, 4)).score();
    float[] d = y.sub(score).toFloatArray();
    assertClose(Tensor.of(new float[] {2f, -4f, 0f}, 1, 3), Tensor.of(d, 1, 3), 1e-5, 1e-5,
        "bool minus additive");
  }

  @Test
  void recurrentLayersAndTheirParts() {
    Rng.manualSeed(44);
    KilnRecurrentOps m = new KilnRecurrentOps();
    assertSameResults(m, m::forward, m::forwardEager, random(45, 3, 5, 4), random(46, 3, 3));
  }

  @Test
  void transformerStackWithMasksAttentionAndFunctionalAttention() {
    Rng.manualSeed(47);
    TransformerOps m = TransformerOps.create(2);
    KilnTransformerOps k = (KilnTransformerOps) m;
    Tensor tokens = Tensor.of(new float[] {1, 4, 10, 0, 3, 3, 7, 2, 9, 5}, 2, 5);
    Tensor padding = Tensor.of(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 2, 5);
    Tensor dy = random(48, 2, 5, 11);
    List<Tensor> c = paramRun(m, () -> m.forward(tokens, padding), dy);
    List<Tensor> e = paramRun(m, () -> k.forwardEager(tokens, padding), dy);
    for (int i = 0; i < c.size(); i++) {
      assertClose(e.get(i), c.get(i), 1e-5, 1e-4, "result " + i);
    }
  }

  /** Forward and backward of a model whose input takes no gradient: output, then param grads. */
  private static List<Tensor> paramRun(Module m, java.util.function.Supplier<Tensor> forward,
      Tensor dy) {
    m.parameters().forEach(p -> p.setGrad(null));
    Tensor y = forward.get();
    List<Tensor> out = new ArrayList<>(List.of(y.detach()));
    y.backward(dy);
    m.parameters().forEach(p -> out.add(p.grad().detach()));
    return out;
  }

  @Test
  void pathsChosenByAFinalBooleanField() {
    for (boolean residual : new boolean[] {true, false}) {
      Rng.manualSeed(53);
      KilnTrainingModeNet m = new KilnTrainingModeNet(residual);
      m.eval();
      assertSameResults(m, m::forward, m::forwardEager, random(54, 5, 4), random(55, 5, 2));
    }
  }

  @Test
  void pathsChosenByIsTraining() {
    Rng.manualSeed(49);
    KilnTrainingModeNet m = new KilnTrainingModeNet(false);
    Function<Tensor, Tensor> compiled = x -> {
      Rng.manualSeed(98);
      return m.forward(x);
    };
    Function<Tensor, Tensor> eager = x -> {
      Rng.manualSeed(98);
      return m.forwardEager(x);
    };
    Tensor x = random(50, 5, 4);
    Tensor trained = compiled.apply(x).detach();
    assertSameResults(m, compiled, eager, x, random(51, 5, 2));
    m.eval();
    assertSameResults(m, compiled, eager, x, random(52, 5, 2));
    Tensor evaluated = compiled.apply(x).detach();
    float[] a = trained.toFloatArray();
    float[] b = evaluated.toFloatArray();
    boolean differ = false;
    for (int i = 0; i < a.length; i++) {
      differ |= a[i] != b[i];
    }
    org.junit.jupiter.api.Assertions.assertTrue(differ, "train and eval take different paths");
  }

  @Test
  void poolingResamplingAndReshapingLayers() {
    Rng.manualSeed(24);
    KilnVisionOps m = new KilnVisionOps();
    assertSameResults(m, m::forward, m::forwardEager, random(25, 3, 4, 11, 9), random(26, 3, 4, 5));
  }

  @Test
  void normalisationAndDropoutInTrainAndEvalMode() {
    Rng.manualSeed(27);
    KilnNormOps m = new KilnNormOps();
    Function<Tensor, Tensor> compiled = x -> {
      Rng.manualSeed(99);
      return m.forward(x);
    };
    Function<Tensor, Tensor> eager = x -> {
      Rng.manualSeed(99);
      return m.forwardEager(x);
    };
    assertSameResults(m, compiled, eager, random(28, 5, 4, 3, 3), random(29, 5, 6));
    Tensor runningVar = m.bn.namedBuffers().get("running_var").detach();
    m.eval();
    assertSameResults(m, compiled, eager, random(30, 5, 4, 3, 3), random(31, 5, 6));
    assertClose(runningVar, m.bn.namedBuffers().get("running_var"), 0, 0, "eval keeps the stats");
  }

  @Test
  void repeatedCallsReuseTheOutputAndGradientBuffers() {
    SkipMlp m = SkipMlp.create();
    Tensor x = random(13, 4, 3);
    Tensor y1 = m.forward(x);
    y1.backward(random(14, 4, 1));
    Parameter w = m.namedParameters().get("fc1.weight");
    Tensor g1 = w.grad();
    Tensor y2 = m.forward(x);
    y2.backward(random(15, 4, 1));
    assertSame(y1, y2);
    assertSame(g1, w.grad());
  }
}
