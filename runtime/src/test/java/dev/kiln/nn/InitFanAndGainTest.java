package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Fan rules and gains against torch.nn.init 1.13, and PyTorch's argument errors. */
class InitFanAndGainTest {
  @Test
  void fansFollowCalculateFanInAndFanOut() {
    // torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(s)) for each shape
    assertEquals(3, Init.fanIn(Tensor.zeros(16, 3)));
    assertEquals(16, Init.fanOut(Tensor.zeros(16, 3)));
    assertEquals(36, Init.fanIn(Tensor.zeros(8, 4, 3, 3)));
    assertEquals(72, Init.fanOut(Tensor.zeros(8, 4, 3, 3)));
    assertEquals(14, Init.fanIn(Tensor.zeros(5, 7, 2)));
    assertEquals(10, Init.fanOut(Tensor.zeros(5, 7, 2)));
  }

  @Test
  void fewerThanTwoDimensionsThrowsAsPyTorch() {
    Tensor v = Tensor.zeros(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Init.fanIn(v));
    assertEquals("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"
        + " (shape (3))", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform(v));
    assertThrows(IllegalArgumentException.class, () -> Init.xavierNormal(v));
    assertThrows(IllegalArgumentException.class, () -> Init.kaimingUniform(v));
    assertThrows(IllegalArgumentException.class, () -> Init.kaimingNormal(Tensor.zeros()));
    Init.uniform(v);
    Init.normal(v);
  }

  @Test
  void gainsMatchCalculateGain() {
    // torch.nn.init.calculate_gain(name[, param]) printed by torch 1.13.1 (repr of the float)
    for (String n : new String[] {"linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
        "conv_transpose2d", "conv_transpose3d", "sigmoid"}) {
      assertEquals(1.0, Init.calculateGain(n), 0, n);
    }
    assertEquals(1.6666666666666667, Init.calculateGain("tanh"), 1e-15);
    assertEquals(1.4142135623730951, Init.calculateGain("relu"), 1e-15);
    assertEquals(1.4141428569978354, Init.calculateGain("leaky_relu"), 1e-15);
    assertEquals(1.3867504905630728, Init.calculateGain("leaky_relu", 0.2), 1e-15);
    assertEquals(1.4142135623730951, Init.calculateGain("leaky_relu", 0), 1e-15);
    assertEquals(0.5773502691896257, Init.calculateGain("leaky_relu", Math.sqrt(5)), 1e-15);
    assertEquals(0.75, Init.calculateGain("selu"), 0);
    assertEquals("Unsupported nonlinearity foo",
        assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("foo")).getMessage());
  }

  @Test
  void argumentErrorsNameTheProblem() {
    Tensor w = Tensor.zeros(3, 3);
    assertEquals("Mode fan_avg not supported, please use one of ['fan_in', 'fan_out']",
        assertThrows(IllegalArgumentException.class,
            () -> Init.kaimingUniform(w, 0, "fan_avg")).getMessage());
    Init.kaimingNormal(w, 0, "FAN_OUT"); // torch lower-cases the mode
    assertThrows(IllegalArgumentException.class, () -> Init.uniform(w, 2, 1));
    assertThrows(IllegalArgumentException.class, () -> Init.normal(w, 0, -1));
    assertThrows(NullPointerException.class, () -> Init.zeros(new Linear(2, 2, false).bias()));
  }

  @Test
  void kaimingOnAnEmptyTensorIsANoOp() {
    Tensor e = Tensor.zeros(0, 3);
    assertEquals(e, Init.kaimingUniform(e, 0, "no such mode"));
    assertEquals(e, Init.kaimingNormal(e));
  }

  @Test
  void constantsFillEveryElement() {
    Parameter p = new Parameter(dev.kiln.tensor.Device.cpu(), 2, 3);
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, Init.ones(p).toFloatArray());
    assertArrayEquals(new float[] {.5f, .5f, .5f, .5f, .5f, .5f},
        Init.constant(p, 0.5).toFloatArray());
    assertArrayEquals(new float[6], Init.zeros(p).toFloatArray());
  }
}
