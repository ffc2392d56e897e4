package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LeakyReLU, PReLU, GELU, SiLU, ELU, Softmax and LogSoftmax: PyTorch's reprs and state dicts,
 * gradient checks of every layer and {@link F} form, argument and shape errors, stability.
 */
class ActivationLayersTest {

  @Test
  void reprsArePyTorchs() {
    // torch 1.13: repr(nn.LeakyReLU()), repr(nn.GELU('tanh')), ...
    assertEquals("LeakyReLU(negative_slope=0.01)", new LeakyReLU().toString());
    assertEquals("LeakyReLU(negative_slope=0.2)", new LeakyReLU(0.2f).toString());
    assertEquals("LeakyReLU(negative_slope=1e-05)", new LeakyReLU(1e-5f).toString());
    assertEquals("PReLU(num_parameters=1)", new PReLU().toString());
    assertEquals("PReLU(num_parameters=3)", new PReLU(3).toString());
    assertEquals("GELU(approximate='none')", new GELU().toString());
    assertEquals("GELU(approximate='tanh')", new GELU("tanh").toString());
    assertEquals("SiLU()", new SiLU().toString());
    assertEquals("ELU(alpha=1.0)", new ELU().toString());
    assertEquals("ELU(alpha=0.5)", new ELU(0.5f).toString());
    assertEquals("Softmax(dim=1)", new Softmax(1).toString());
    assertEquals("LogSoftmax(dim=-1)", new LogSoftmax(-1).toString());
    assertEquals("Sequential(\n  (0): Linear(in_features=4, out_features=3, bias=True)\n"
        + "  (1): GELU(approximate='none')\n  (2): LogSoftmax(dim=1)\n)",
        new Sequential(new Linear(4, 3), new GELU(), new LogSoftmax(1)).toString());
  }

  @Test
  void pyFloatReprs() {
    assertEquals("0.01", PyRepr.floatRepr(0.01f));
    assertEquals("1.0", PyRepr.floatRepr(1f));
    assertEquals("-2.5", PyRepr.floatRepr(-2.5f));
    assertEquals("0.0001", PyRepr.floatRepr(1e-4f));
    assertEquals("1e-05", PyRepr.floatRepr(1e-5f));
    assertEquals("1.5e-07", PyRepr.floatRepr(1.5e-7f));
    assertEquals("100.0", PyRepr.floatRepr(100f));
    assertEquals("0.0", PyRepr.floatRepr(0f));
    assertEquals("inf", PyRepr.floatRepr(Float.POSITIVE_INFINITY));
  }

  @Test
  void preluStateDictIsPyTorchs() {
    PReLU p = new PReLU(3);
    assertEquals(List.of("weight"), List.copyOf(p.stateDict().keySet()));
    assertArrayEquals(new int[] {3}, p.weight().shape());
    assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, p.weight().toFloatArray());
    assertArrayEquals(new float[] {-0.1f, -0.1f}, new PReLU(2, -0.1f).weight().toFloatArray());
    assertArrayEquals(new int[] {1}, new PReLU().weight().shape());
    Init.constant(p.weight(), 0.7);
    p.resetParameters();
    assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, p.weight().toFloatArray());
    for (UnaryModule m : List.of(new LeakyReLU(), new GELU(), new SiLU(), new ELU(),
        new Softmax(0), new LogSoftmax(0))) {
      assertTrue(m.stateDict().isEmpty(), m.toString());
    }
  }

  @Test
  void elementwiseLayersGradCheck() {
    Tensor x = GradCheck.leafAwayFromZero(161, 0.05, 4.0, 2, 3, 5);
    GradCheck.check(() -> new LeakyReLU(0.1f).apply(x), x);
    GradCheck.check(() -> new ELU(0.7f).apply(x), x);
    GradCheck.check(() -> new GELU().apply(x), x);
    GradCheck.check(() -> new GELU("tanh").apply(x), x);
    GradCheck.check(() -> new SiLU().apply(x), x);
    GradCheck.check(() -> F.leakyRelu(x, -0.3f), x);
    GradCheck.check(() -> F.elu(x), x);
    GradCheck.check(() -> F.gelu(x), x);
    GradCheck.check(() -> F.gelu(x, "tanh"), x);
    GradCheck.check(() -> F.silu(x), x);
  }

  @Test
  void softmaxGradCheckAlongEveryDimension() {
    Tensor x = GradCheck.leaf(162, 3.0, 2, 3, 4);
    for (int dim = -3; dim < 3; dim++) {
      int d = dim;
      GradCheck.check(() -> new Softmax(d).apply(x), x);
      GradCheck.check(() -> new LogSoftmax(d).apply(x), x);
    }
    Tensor rows = GradCheck.leaf(163, 3.0, 3, 19);
    GradCheck.check(() -> F.softmax(rows, 1), rows);
    GradCheck.check(() -> F.logSoftmax(rows, -1), rows);
    Tensor lanes = GradCheck.leaf(164, 3.0, 2, 5, 17);
    GradCheck.check(() -> F.softmax(lanes, 1), lanes);
    GradCheck.check(() -> F.logSoftmax(lanes, 1), lanes);
  }

  @Test
  void preluGradCheckForInputAndWeight() {
    Tensor x = GradCheck.leafAwayFromZero(165, 0.05, 3.0, 2, 3, 4);
    PReLU shared = new PReLU();
    GradCheck.check(() -> shared.apply(x), x, shared.weight());
    PReLU perChannel = new PReLU(3);
    perChannel.loadStateDict(Map.of("weight", Tensor.of(new float[] {0.1f, -0.4f, 0.8f}, 3)));
    GradCheck.check(() -> perChannel.apply(x), x, perChannel.weight());
    Tensor w = GradCheck.leaf(166, 1.0, 3);
    GradCheck.check(() -> F.prelu(x, w), x, w);
    Tensor constant = Tensor.of(x.toFloatArray(), 2, 3, 4);
    GradCheck.checkWith(List.of(constant), () -> perChannel.apply(constant), perChannel.weight());
    assertNull(constant.grad());
  }

  @Test
  void frozenPreluWeightGetsNoGradient() {
    PReLU p = new PReLU(3);
    p.weight().requiresGrad(false);
    Tensor x = GradCheck.leafAwayFromZero(167, 0.1, 2.0, 2, 3);
    p.apply(x).sum().backward();
    assertNull(p.weight().grad());
    assertArrayEquals(new int[] {2, 3}, x.grad().shape());
  }

  @Test
  void softmaxIsStableForHugeLogits() {
    for (float shift : new float[] {1e3f, -1e3f, 1e4f, -1e4f}) {
      Tensor x = Tensor.of(new float[] {shift, shift + 1, shift + 2, shift - 50}, 2, 2);
      float[] p = F.softmax(x, 1).toFloatArray();
      float[] lp = F.logSoftmax(x, 0).toFloatArray();
      for (float v : p) {
        assertTrue(Float.isFinite(v), "softmax at shift " + shift);
      }
      for (float v : lp) {
        assertTrue(Float.isFinite(v), "log-softmax at shift " + shift);
      }
      // rows (s, s+1) and (s+2, s-50) sum to one, whatever s
      assertEquals(1.0, p[0] + p[1], 1e-6);
      assertEquals(1.0, p[2] + p[3], 1e-6);
    }
  }

  @Test
  void badArgumentsNameTheValidRange() {
    assertEquals("approximate must be 'none' or 'tanh', got 'fast'",
        assertThrows(IllegalArgumentException.class, () -> new GELU("fast")).getMessage());
    assertEquals("num_parameters must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new PReLU(0)).getMessage());
  }

  @Test
  void badShapesNameTheLayerAndTheRank() {
    assertEquals("Softmax(dim=2): dimension 2 is out of range for an input of rank 2, shape"
        + " (2, 4) (expected to be in range of [-2, 1])",
        assertThrows(IllegalArgumentException.class,
            () -> new Softmax(2).outputShape(new int[] {2, 4})).getMessage());
    assertEquals("LogSoftmax(dim=-4): dimension -4 is out of range for an input of rank 3,"
        + " shape (2, 4, 5) (expected to be in range of [-3, 2])",
        assertThrows(IllegalArgumentException.class,
            () -> F.logSoftmax(Tensor.zeros(2, 4, 5), -4)).getMessage());
    assertEquals("PReLU(num_parameters=3): mismatch of parameter numbers and input channel size:"
        + " found parameter numbers = 3 and channel size = 4 (input shape (2, 4))",
        assertThrows(IllegalArgumentException.class,
            () -> new PReLU(3).apply(Tensor.zeros(2, 4))).getMessage());
    assertEquals("PReLU(num_parameters=3): mismatch of parameter numbers and input channel size:"
        + " found parameter numbers = 3 and channel size = 1 (input shape (3))",
        assertThrows(IllegalArgumentException.class,
            () -> new PReLU(3).outputShape(new int[] {3})).getMessage());
    assertEquals("prelu: mismatch of parameter numbers and input channel size: found parameter"
        + " numbers = 2 and channel size = 3 (input shape (5, 3))",
        assertThrows(IllegalArgumentException.class,
            () -> F.prelu(Tensor.zeros(5, 3), Tensor.zeros(2))).getMessage());
  }

  @Test
  void shapesPassThrough() {
    int[] s = {2, 3, 4};
    for (UnaryModule m : List.of(new LeakyReLU(), new PReLU(3), new GELU(), new SiLU(),
        new ELU(), new Softmax(-1), new LogSoftmax(0))) {
      assertArrayEquals(s, m.outputShape(s), m.toString());
      assertFalse(m.outputShape(s) == s, "a copy");
    }
    assertArrayEquals(new float[] {1f}, F.softmax(Tensor.of(new float[] {3f}), 0).toFloatArray());
    assertArrayEquals(new int[0], new Softmax(-1).outputShape(new int[0]));
  }

  @Test
  void trainAndEvalGiveTheSameValues() {
    Tensor x = GradCheck.leaf(168, 3.0, 4, 6);
    for (UnaryModule m : List.of(new LeakyReLU(), new PReLU(6), new GELU(), new SiLU(),
        new ELU(), new Softmax(1), new LogSoftmax(0))) {
      m.train();
      float[] train = m.apply(x).toFloatArray();
      m.eval();
      assertArrayEquals(train, m.apply(x).toFloatArray(), m.toString());
    }
    assertEquals(Map.of(), new SiLU().stateDict());
  }
}
