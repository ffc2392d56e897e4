package dev.kiln.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The modules' printing, defaults, immutable options, autograd wiring and numeric stability. */
class LossModulesTest {
  @Test
  void printsLikePyTorch() {
    assertEquals("MSELoss()", new MseLoss().toString());
    assertEquals("L1Loss()", new L1Loss().toString());
    assertEquals("SmoothL1Loss()", new SmoothL1Loss().toString());
    assertEquals("HuberLoss()", new HuberLoss().toString());
    assertEquals("BCELoss()", new BceLoss().toString());
    assertEquals("BCEWithLogitsLoss()", new BceWithLogitsLoss().toString());
    assertEquals("NLLLoss()", new NllLoss().toString());
    assertEquals("CrossEntropyLoss()", new CrossEntropyLoss().toString());
    // PyTorch's losses have no extra_repr: options do not show
    assertEquals("CrossEntropyLoss()",
        new CrossEntropyLoss(Reduction.SUM).withLabelSmoothing(0.1f).toString());
    assertEquals("MSELoss()", new MseLoss(Reduction.SUM).toString());
  }

  @Test
  void defaultsMatchPyTorch() {
    for (Loss l : List.of(new MseLoss(), new L1Loss(), new SmoothL1Loss(), new HuberLoss(),
        new BceLoss(), new BceWithLogitsLoss(), new NllLoss(), new CrossEntropyLoss())) {
      assertEquals(Reduction.MEAN, l.reduction(), l.toString());
      assertTrue(l.parameters().isEmpty(), l.toString());
    }
    assertEquals(1f, new SmoothL1Loss().beta());
    assertEquals(1f, new HuberLoss().delta());
    CrossEntropyLoss ce = new CrossEntropyLoss();
    assertEquals(-100, ce.ignoreIndex());
    assertEquals(0f, ce.labelSmoothing());
    assertNull(ce.weight());
    assertNull(new BceWithLogitsLoss().posWeight());
  }

  @Test
  void withMethodsReturnNewLossesAndKeepTheOthersOptions() {
    Tensor w = Tensor.of(new float[] {1, 2, 3}, 3);
    CrossEntropyLoss base = new CrossEntropyLoss();
    CrossEntropyLoss ce = base.withReduction(Reduction.SUM).withIgnoreIndex(0)
        .withLabelSmoothing(0.1f).withWeight(w);
    assertNotSame(base, ce);
    assertEquals(Reduction.MEAN, base.reduction());
    assertEquals(-100, base.ignoreIndex());
    assertEquals(Reduction.SUM, ce.reduction());
    assertEquals(0, ce.ignoreIndex());
    assertEquals(0.1f, ce.labelSmoothing());
    assertArrayEquals(new float[] {1, 2, 3}, ce.weight().toFloatArray());
    CrossEntropyLoss mean = ce.withReduction(Reduction.MEAN);
    assertEquals(0, mean.ignoreIndex());
    assertEquals(0.1f, mean.labelSmoothing());
    assertNull(ce.withWeight(null).weight());

    SmoothL1Loss s = new SmoothL1Loss(Reduction.SUM, 0.5f);
    assertEquals(0.5f, s.withReduction(Reduction.NONE).beta());
    assertEquals(Reduction.SUM, s.withBeta(2f).reduction());
    BceWithLogitsLoss b = new BceWithLogitsLoss().withPosWeight(w).withWeight(w);
    assertArrayEquals(new float[] {1, 2, 3}, b.withReduction(Reduction.SUM).posWeight().toFloatArray());
  }

  @Test
  void weightsAreCopiedOnceSet() {
    float[] values = {1, 2, 3};
    Tensor w = Tensor.of(values, 3);
    NllLoss loss = new NllLoss().withWeight(w);
    w.device().kernels().fill(w, 9f);
    assertArrayEquals(values, loss.weight().toFloatArray());
  }

  @Test
  void backwardFlowsThroughTheModelIntoItsParameters() {
    Linear lin = new Linear(2, 1);
    lin.loadStateDict(Map.of("weight", Tensor.of(new float[] {0.5f, -1f}, 1, 2),
        "bias", Tensor.of(new float[] {0.25f}, 1)));
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor y = Tensor.of(new float[] {0, 1}, 2, 1);
    Tensor loss = new MseLoss().apply(lin.apply(x), y);
    // predictions -1.25, -2.25; residuals -1.25, -3.25; mean square (1.5625 + 10.5625) / 2
    assertEquals(6.0625f, loss.item(), 1e-6f);
    assertEquals("MseLossBackward", loss.gradFn().name());
    loss.backward();
    // dL/dpred = residual; dW = sum residual * x, db = sum residual
    assertArrayEquals(new float[] {-1.25f - 9.75f, -2.5f - 13f}, lin.weight().grad().toFloatArray(),
        1e-5f);
    assertArrayEquals(new float[] {-4.5f}, lin.bias().grad().toFloatArray(), 1e-5f);
  }

  @Test
  void nothingIsRecordedWithoutGrad() {
    Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
    Tensor t = Tensor.of(new float[] {0, 2}, 2);
    try (GradMode g = GradMode.noGrad()) {
      assertNull(new CrossEntropyLoss().apply(x, t).gradFn());
    }
    assertNull(new CrossEntropyLoss().apply(Tensor.zeros(2, 3), t).gradFn());
    assertEquals("CrossEntropyLossBackward", new CrossEntropyLoss().apply(x, t).gradFn().name());
  }

  @Test
  void crossEntropyIsStableForHugeLogits() {
    float[] base = {0.5f, -1.25f, 2f, 0.75f, -0.5f, 1f};
    Tensor target = Tensor.of(new float[] {2, 0}, 2);
    float reference = new CrossEntropyLoss().apply(Tensor.of(base, 2, 3), target).item();
    for (float shift : new float[] {1e3f, -1e3f, 1e4f, -1e4f}) {
      float[] shifted = base.clone();
      for (int i = 0; i < shifted.length; i++) {
        shifted[i] += shift; // exact in float32 for these values
      }
      Tensor x = Tensor.of(shifted, 2, 3).requiresGrad(true);
      Tensor loss = new CrossEntropyLoss().withLabelSmoothing(0.1f).apply(x, target);
      loss.backward();
      assertTrue(Float.isFinite(loss.item()), "shift " + shift);
      for (float g : x.grad().toFloatArray()) {
        assertTrue(Float.isFinite(g), "gradient at shift " + shift);
      }
      assertEquals(reference, new CrossEntropyLoss().apply(x, target).item(), 1e-5f);
    }
  }

  @Test
  void bceWithLogitsIsStableForHugeLogits() {
    Tensor x = Tensor.of(new float[] {1e4f, -1e4f, 1e3f, -1e3f}, 4).requiresGrad(true);
    Tensor y = Tensor.of(new float[] {1, 0, 0, 1}, 4);
    Tensor loss = new BceWithLogitsLoss(Reduction.NONE).apply(x, y);
    assertArrayEquals(new float[] {0, 0, 1e3f, 1e3f}, loss.toFloatArray(), 1e-3f);
    loss.backward(Tensor.of(new float[] {1, 1, 1, 1}, 4));
    assertArrayEquals(new float[] {0, 0, 1, -1}, x.grad().toFloatArray(), 1e-6f);
  }

  @Test
  void reducedLossesAreScalarsAndUnreducedKeepTheShape() {
    Tensor x = Tensor.zeros(2, 3);
    assertArrayEquals(new int[0], new MseLoss().apply(x, x).shape());
    assertArrayEquals(new int[] {2, 3}, new MseLoss(Reduction.NONE).apply(x, x).shape());
    assertArrayEquals(new int[] {2},
        new CrossEntropyLoss(Reduction.NONE).apply(x, Tensor.zeros(2)).shape());
    assertArrayEquals(new int[0],
        new CrossEntropyLoss(Reduction.NONE).apply(Tensor.zeros(3), Tensor.scalar(1)).shape());
    assertFalse(Float.isNaN(new CrossEntropyLoss(Reduction.SUM).apply(x, Tensor.zeros(2)).item()));
  }
}
