package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RNN, LSTM and GRU beyond the fixtures: state-dict keys and shapes in PyTorch's order as options
 * change them, reprs, PyTorch's default initialisation bounds, exact error messages, gradient
 * checks in float64 (every cell, two layers, both directions, batch first, initial states),
 * dropout between layers in training, and a warm workspace step that allocates nothing.
 */
class RnnTest {
  @Test
  void stateDictKeysAreTorchsInOrder() {
    LSTM lstm = new LSTM(3, 4, 2).bidirectional(true);
    assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
        "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse",
        "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
        "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse",
        "bias_hh_l1_reverse"), List.copyOf(lstm.stateDict().keySet()));
    Map<String, Parameter> p = lstm.namedParameters();
    assertArrayEquals(new int[] {16, 3}, p.get("weight_ih_l0").shape());
    assertArrayEquals(new int[] {16, 8}, p.get("weight_ih_l1_reverse").shape());
    assertArrayEquals(new int[] {16, 4}, p.get("weight_hh_l1").shape());
    assertArrayEquals(new int[] {16}, p.get("bias_hh_l0_reverse").shape());
    GRU gru = new GRU(5, 6).bias(false);
    assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(gru.stateDict().keySet()));
    assertArrayEquals(new int[] {18, 5}, gru.namedParameters().get("weight_ih_l0").shape());
    gru.bias(true).numLayers(2);
    assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
        "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"),
        List.copyOf(gru.stateDict().keySet()));
    assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
        List.copyOf(new RNN(2, 3).stateDict().keySet()));
    assertArrayEquals(new int[] {3, 2}, new RNN(2, 3).namedParameters().get("weight_ih_l0")
        .shape());
  }

  @Test
  void reprsAreTorchs() {
    assertEquals("LSTM(10, 20, num_layers=2)", new LSTM(10, 20, 2).toString());
    assertEquals("GRU(10, 20, bias=False, batch_first=True, dropout=0.5, bidirectional=True)",
        new GRU(10, 20).bias(false).batchFirst(true).dropout(0.5f).bidirectional(true)
            .toString());
    // PyTorch 1.13's RNN repr leaves the nonlinearity out
    assertEquals("RNN(10, 20)", new RNN(10, 20).nonlinearity("relu").toString());
    assertEquals("relu", new RNN(10, 20).nonlinearity("relu").nonlinearity());
    assertEquals("LSTM(10, 20, num_layers=3, dropout=0.25)",
        new LSTM(10, 20).numLayers(3).dropout(0.25f).toString());
  }

  @Test
  void parametersStartUniformWithinOneOverSqrtHidden() {
    Rng.manualSeed(3);
    LSTM lstm = new LSTM(30, 64, 2);
    double bound = 1 / Math.sqrt(64);
    for (Map.Entry<String, Parameter> e : lstm.namedParameters().entrySet()) {
      float[] v = e.getValue().toFloatArray();
      double min = 1;
      double max = -1;
      double sum = 0;
      for (float f : v) {
        min = Math.min(min, f);
        max = Math.max(max, f);
        sum += f;
      }
      assertTrue(min >= -bound && max <= bound, e.getKey() + " outside the bound");
      assertTrue(min < -0.9 * bound && max > 0.9 * bound, e.getKey() + " does not fill it");
      assertEquals(0, sum / v.length, 4 * bound / Math.sqrt(3 * v.length), e.getKey() + " mean");
    }
  }

  @Test
  void errorsAreTorchs() {
    LSTM lstm = new LSTM(10, 20, 2);
    assertEquals("input.size(-1) must be equal to input_size. Expected 10, got 12",
        assertThrows(IllegalArgumentException.class,
            () -> lstm.apply(Tensor.zeros(5, 3, 12))).getMessage());
    assertEquals("Expected hidden[0] size (2, 3, 20), got [1, 3, 20]",
        assertThrows(IllegalArgumentException.class, () -> lstm.apply(Tensor.zeros(5, 3, 10),
            Tensor.zeros(1, 3, 20), Tensor.zeros(2, 3, 20))).getMessage());
    assertEquals("Expected hidden[1] size (2, 3, 20), got [2, 4, 20]",
        assertThrows(IllegalArgumentException.class, () -> lstm.apply(Tensor.zeros(5, 3, 10),
            Tensor.zeros(2, 3, 20), Tensor.zeros(2, 4, 20))).getMessage());
    GRU gru = new GRU(10, 20, 2);
    assertEquals("Expected hidden size (2, 3, 20), got [1, 3, 20]",
        assertThrows(IllegalArgumentException.class,
            () -> gru.apply(Tensor.zeros(5, 3, 10), Tensor.zeros(1, 3, 20))).getMessage());
    assertEquals("For unbatched 2-D input, hx should also be 2-D but got 3-D tensor",
        assertThrows(IllegalArgumentException.class,
            () -> gru.apply(Tensor.zeros(5, 10), Tensor.zeros(2, 3, 20))).getMessage());
    assertEquals("GRU: Expected input to be 2-D or 3-D but received 4-D tensor",
        assertThrows(IllegalArgumentException.class,
            () -> gru.apply(Tensor.zeros(5, 3, 2, 10))).getMessage());
    assertEquals("Unknown nonlinearity 'gelu'", assertThrows(IllegalArgumentException.class,
        () -> new RNN(10, 20).nonlinearity("gelu")).getMessage());
    assertEquals("dropout should be a number in range [0, 1] representing the probability of an"
        + " element being zeroed, got 1.5", assertThrows(IllegalArgumentException.class,
            () -> new LSTM(10, 20).dropout(1.5f)).getMessage());
    assertEquals("num_layers must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new LSTM(10, 20, 0)).getMessage());
    assertEquals("LSTM(10, 0): input_size and hidden_size must be greater than zero",
        assertThrows(IllegalArgumentException.class, () -> new LSTM(10, 0)).getMessage());
  }

  @Test
  void shapesForEveryLayout() {
    LSTM lstm = new LSTM(3, 4, 2).batchFirst(true).bidirectional(true);
    LstmOutput r = lstm.apply(Tensor.zeros(5, 7, 3));
    assertArrayEquals(new int[] {5, 7, 8}, r.output().shape());
    assertArrayEquals(new int[] {4, 5, 4}, r.hN().shape());
    assertArrayEquals(new int[] {4, 5, 4}, r.cN().shape());
    RnnOutput u = new GRU(3, 4).batchFirst(true).apply(Tensor.zeros(7, 3));
    assertArrayEquals(new int[] {7, 4}, u.output().shape()); // unbatched: batch_first ignored
    assertArrayEquals(new int[] {1, 4}, u.hN().shape());
  }

  private static Tensor[] leaves(List<Parameter> params, Tensor... more) {
    List<Tensor> all = new ArrayList<>(List.of(more));
    all.addAll(params);
    return all.toArray(new Tensor[0]);
  }

  @Test
  void lstmGradientsMatchCentralDifferences() {
    Rng.manualSeed(11);
    LSTM lstm = new LSTM(3, 4, 2).bidirectional(true).batchFirst(true);
    Tensor x = GradCheck.leaf(21, 1.0, 2, 3, 3);
    Tensor h0 = GradCheck.leaf(22, 1.0, 4, 2, 4);
    Tensor c0 = GradCheck.leaf(23, 1.0, 4, 2, 4);
    GradCheck.check(() -> {
      LstmOutput r = lstm.apply(x, h0, c0);
      return r.output().sum().add(r.hN().mul(r.hN()).sum()).add(r.cN().mul(r.cN()).sum());
    }, leaves(lstm.parameters(), x, h0, c0));
  }

  @Test
  void gruAndRnnGradientsMatchCentralDifferences() {
    Rng.manualSeed(12);
    GRU gru = new GRU(3, 4, 2).bidirectional(true);
    Tensor x = GradCheck.leaf(24, 1.0, 3, 2, 3);
    Tensor h0 = GradCheck.leaf(25, 1.0, 4, 2, 4);
    GradCheck.check(() -> {
      RnnOutput r = gru.apply(x, h0);
      return r.output().sum().add(r.hN().mul(r.hN()).sum());
    }, leaves(gru.parameters(), x, h0));
    RNN rnn = new RNN(3, 4, 2).batchFirst(true);
    Tensor x2 = GradCheck.leaf(26, 1.0, 2, 3, 3);
    GradCheck.check(() -> {
      RnnOutput r = rnn.apply(x2);
      return r.output().sum().add(r.hN().mul(r.hN()).sum());
    }, leaves(rnn.parameters(), x2));
  }

  @Test
  void dropoutActsBetweenLayersInTrainingOnly() {
    Rng.manualSeed(5);
    LSTM lstm = new LSTM(3, 4, 2).dropout(0.5f);
    Tensor x = Rng.randn(6, 2, 3);
    lstm.eval();
    float[] eval = lstm.apply(x).output().toFloatArray();
    assertArrayEquals(eval, lstm.apply(x).output().toFloatArray());
    lstm.train();
    Rng.manualSeed(9);
    float[] train = lstm.apply(x).output().toFloatArray();
    assertFalse(java.util.Arrays.equals(eval, train), "dropout changed nothing in training");
    Rng.manualSeed(9);
    assertArrayEquals(train, lstm.apply(x).output().toFloatArray(), "same seed, same masks");
    // p = 1: the second layer sees zeros, so the output does not depend on x at all
    LSTM all = new LSTM(3, 4, 2).dropout(1f);
    Tensor xa = Rng.randn(6, 2, 3).requiresGrad(true);
    LstmOutput r = all.apply(xa);
    assertArrayEquals(r.output().toFloatArray(),
        all.apply(Rng.randn(6, 2, 3)).output().toFloatArray());
    r.output().sum().backward();
    for (float g : xa.grad().toFloatArray()) {
      assertEquals(0f, g);
    }
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  @Test
  void warmWorkspaceStepAllocatesNothing() {
    Rng.manualSeed(1);
    for (RnnBase<?> m : List.<RnnBase<?>>of(
        new LSTM(8, 16, 2).bidirectional(true).batchFirst(true).dropout(0.3f),
        new GRU(8, 16).batchFirst(true), new RNN(8, 16, 2))) {
      boolean lstm = m instanceof LSTM;
      Tensor[] in = lstm ? new Tensor[] {Rng.randn(4, 5, 8), null, null}
          : new Tensor[] {Rng.randn(4, 5, 8), null};
      int[][] shapes = m.outputShapes(lstm ? new int[][] {in[0].shape(), null, null}
          : new int[][] {in[0].shape(), null});
      Tensor[] out = new Tensor[shapes.length];
      Tensor[] dOut = new Tensor[shapes.length];
      for (int i = 0; i < shapes.length; i++) {
        out[i] = Tensor.zeros(shapes[i]);
        dOut[i] = Rng.randn(shapes[i]);
      }
      Tensor[] dIn = new Tensor[in.length];
      dIn[0] = Tensor.zeros(in[0].shape());
      Workspace ws = new Workspace();
      Runnable step = () -> {
        m.forwardInto(in, out, ws);
        m.backwardInto(in, out, dOut, dIn, ws);
      };
      for (int i = 0; i < 3000; i++) {
        step.run();
      }
      // the best of 5 rounds: a round can catch the JIT recompiling (seen once in a shared,
      // loaded test JVM); an allocation of the step itself shows in every round
      long bytes = Long.MAX_VALUE;
      for (int round = 0; round < 5; round++) {
        long before = allocated();
        for (int i = 0; i < 200; i++) {
          step.run();
        }
        bytes = Math.min(bytes, allocated() - before);
      }
      assertTrue(bytes < 2_000, m + ": " + bytes + " bytes allocated in 200 steps");
    }
  }
}
