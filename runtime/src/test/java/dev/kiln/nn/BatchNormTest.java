package dev.kiln.nn;

import static dev.kiln.nn.NormFixtures.FWD_ATOL;
import static dev.kiln.nn.NormFixtures.FWD_RTOL;
import static dev.kiln.nn.NormFixtures.GRAD_ATOL;
import static dev.kiln.nn.NormFixtures.GRAD_RTOL;
import static dev.kiln.nn.NormFixtures.assertClose;
import static dev.kiln.nn.NormFixtures.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm1d/2d against PyTorch 1.13 (tools/fixtures/make_norm_fixtures.py): each training step's
 * output, input and parameter gradients, running statistics and num_batches_tracked, then the
 * evaluation step; gradient checks in both modes; reprs, keys, options and errors.
 */
class BatchNormTest {
  private static final Map<String, Tensor> F = NormFixtures.load("batchnorm.safetensors");

  /** Runs the fixture case: steps in training, then one in evaluation, all against torch. */
  private static void replay(String name, BatchNormBase<?> bn, int steps) {
    if (bn.weight() != null) {
      bn.loadStateDict(Map.of("weight", get(F, name + "/weight"), "bias", get(F, name + "/bias"),
          "running_mean", bn.runningMean(), "running_var", bn.runningVar(),
          "num_batches_tracked", bn.numBatchesTracked()), false);
    }
    bn.train();
    for (int s = 1; s <= steps; s++) {
      step(name + "/step" + s, bn);
      if (bn.runningMean() != null) {
        String p = name + "/step" + s + "/";
        assertClose(get(F, p + "running_mean"), bn.runningMean(), FWD_ATOL, FWD_RTOL,
            p + "running_mean");
        assertClose(get(F, p + "running_var"), bn.runningVar(), FWD_ATOL, FWD_RTOL,
            p + "running_var");
        assertEquals(s, bn.numBatchesTracked().item(), p + "num_batches_tracked");
        assertEquals(get(F, p + "num_batches_tracked").item(), bn.numBatchesTracked().item());
      }
    }
    bn.eval();
    step(name + "/eval", bn);
  }

  private static void step(String p, BatchNormBase<?> bn) {
    if (bn.weight() != null) {
      bn.weight().setGrad(null);
      bn.bias().setGrad(null);
    }
    Tensor x = get(F, p + "/x").requiresGrad(true);
    Tensor y = bn.apply(x);
    assertClose(get(F, p + "/y"), y, FWD_ATOL, FWD_RTOL, p + "/y");
    y.backward(get(F, p + "/dy"));
    assertClose(get(F, p + "/dx"), x.grad(), GRAD_ATOL, GRAD_RTOL, p + "/dx");
    if (bn.weight() != null) {
      assertClose(get(F, p + "/dweight"), bn.weight().grad(), GRAD_ATOL, GRAD_RTOL,
          p + "/dweight");
      assertClose(get(F, p + "/dbias"), bn.bias().grad(), GRAD_ATOL, GRAD_RTOL, p + "/dbias");
    }
  }

  @Test
  void batchNorm2dMatchesTorchOverThreeStepsAndInEval() {
    replay("bn2d", new BatchNorm2d(3), 3);
  }

  @Test
  void batchNorm1dOn2dInputMatchesTorch() {
    replay("bn1d", new BatchNorm1d(4), 3);
  }

  @Test
  void batchNorm1dOn3dInputWithCumulativeMomentumMatchesTorch() {
    replay("bn1d_seq_cumulative", new BatchNorm1d(3).momentum(null), 3);
  }

  @Test
  void epsAndMomentumOptionsMatchTorch() {
    replay("bn2d_eps_momentum", new BatchNorm2d(2, 1e-3f, 0.3f), 3);
  }

  @Test
  void withoutAffineAndRunningStatsEvalUsesBatchStatistics() {
    BatchNorm2d bn = new BatchNorm2d(3).affine(false).trackRunningStats(false);
    assertNull(bn.weight());
    assertNull(bn.runningMean());
    assertEquals(List.of(), List.copyOf(bn.stateDict().keySet()));
    replay("bn2d_plain", bn, 1);
  }

  @Test
  void gradCheckInTraining() {
    Rng.manualSeed(3);
    BatchNorm2d bn = new BatchNorm2d(3);
    Init.uniform(bn.weight(), 0.5, 1.5);
    Init.uniform(bn.bias(), -0.5, 0.5);
    Tensor x = GradCheck.leaf(31, 2.0, 2, 3, 2, 3);
    GradCheck.checkWith(List.of(bn.runningMean(), bn.runningVar(), bn.numBatchesTracked()),
        () -> bn.apply(x), x, bn.weight(), bn.bias());
    BatchNorm1d plain = new BatchNorm1d(4).affine(false);
    Tensor x1 = GradCheck.leaf(32, 2.0, 5, 4);
    GradCheck.checkWith(List.of(plain.runningMean(), plain.runningVar(),
        plain.numBatchesTracked()), () -> plain.apply(x1), x1);
  }

  @Test
  void gradCheckInEval() {
    Rng.manualSeed(4);
    BatchNorm1d bn = new BatchNorm1d(3);
    Init.uniform(bn.weight(), 0.5, 1.5);
    Init.uniform(bn.bias(), -0.5, 0.5);
    Init.uniform(bn.runningMean(), -1, 1);
    Init.uniform(bn.runningVar(), 0.5, 2);
    bn.eval();
    Tensor x = GradCheck.leaf(41, 2.0, 4, 3, 5);
    GradCheck.checkWith(List.of(bn.runningMean(), bn.runningVar(), bn.numBatchesTracked()),
        () -> bn.apply(x), x, bn.weight(), bn.bias());
    assertEquals(0f, bn.numBatchesTracked().item(), "eval does not count batches");
  }

  @Test
  void evalLeavesRunningStatsAlone() {
    BatchNorm2d bn = new BatchNorm2d(2);
    bn.eval();
    bn.apply(Rng.randn(3, 2, 4, 4));
    assertArrayEquals(new float[] {0, 0}, bn.runningMean().toFloatArray());
    assertArrayEquals(new float[] {1, 1}, bn.runningVar().toFloatArray());
  }

  @Test
  void reprsAreTorchs() {
    assertEquals("BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
        new BatchNorm2d(32).toString());
    assertEquals("BatchNorm1d(8, eps=0.001, momentum=None, affine=False,"
        + " track_running_stats=False)",
        new BatchNorm1d(8, 1e-3f, null, false, false).toString());
    assertEquals("BatchNorm2d(4, eps=0.0001, momentum=0.25, affine=True, track_running_stats=True)",
        new BatchNorm2d(4).eps(1e-4f).momentum(0.25f).toString());
  }

  @Test
  void keysAndInitialValuesAreTorchs() {
    BatchNorm2d bn = new BatchNorm2d(3);
    assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
        List.copyOf(bn.stateDict().keySet()));
    assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
    assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
        List.copyOf(bn.namedBuffers().keySet()));
    assertArrayEquals(new float[] {1, 1, 1}, bn.weight().toFloatArray());
    assertArrayEquals(new float[] {0, 0, 0}, bn.bias().toFloatArray());
    assertArrayEquals(new float[] {1, 1, 1}, bn.runningVar().toFloatArray());
    assertArrayEquals(new int[] {}, bn.numBatchesTracked().shape());
    BatchNorm1d noAffine = new BatchNorm1d(3).affine(false);
    assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
        List.copyOf(noAffine.stateDict().keySet()));
    BatchNorm1d noStats = new BatchNorm1d(3).trackRunningStats(false);
    assertEquals(List.of("weight", "bias"), List.copyOf(noStats.stateDict().keySet()));
  }

  @Test
  void wrongInputsNameTheLayerAndShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BatchNorm2d(32).apply(Tensor.zeros(2, 16, 4, 4)));
    assertEquals("BatchNorm2d(32) expects input (N, 32, H, W) but got (2, 16, 4, 4)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new BatchNorm2d(3).apply(Tensor.zeros(2, 3, 4)));
    assertEquals("BatchNorm2d(3) expects input (N, 3, H, W) but got (2, 3, 4)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new BatchNorm1d(3).apply(Tensor.zeros(2, 3, 4, 4)));
    assertEquals("BatchNorm1d(3) expects input (N, 3) or (N, 3, L) but got (2, 3, 4, 4)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new BatchNorm1d(3).apply(Tensor.zeros(1, 3)));
    assertEquals("Expected more than 1 value per channel when training, got input size (1, 3)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(0));
    assertEquals("BatchNorm2d: num_features must be positive, got 0", e.getMessage());
    BatchNorm1d evalOne = new BatchNorm1d(3);
    evalOne.eval();
    assertArrayEquals(new int[] {1, 3}, evalOne.apply(Tensor.zeros(1, 3)).shape());
  }
}
