package dev.kiln.loss;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Wrong shapes, bad class indices and invalid options throw messages naming the culprit. */
class LossErrorsTest {
  private static void assertMessage(Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
    }
  }

  private static final Tensor LOGITS = Tensor.zeros(4, 3);

  @Test
  void columnVersusVectorIsAnErrorNotABroadcast() {
    Tensor col = Tensor.zeros(4, 1);
    Tensor vec = Tensor.zeros(4);
    for (ElementwiseLoss loss : List.of(new MseLoss(), new L1Loss(), new SmoothL1Loss(),
        new HuberLoss(), new BceLoss(), new BceWithLogitsLoss())) {
      assertMessage(() -> loss.apply(col, vec), "(4, 1)", "(4)", loss.toString().replace("()", ""));
      assertMessage(() -> loss.apply(vec, col), "(4, 1)", "(4)");
    }
    assertMessage(() -> new MseLoss().apply(Tensor.zeros(2, 3), Tensor.zeros(3, 2)),
        "(2, 3)", "(3, 2)");
  }

  @Test
  void classTargetShapeMismatch() {
    assertMessage(() -> new CrossEntropyLoss().apply(LOGITS, Tensor.zeros(4, 1)),
        "(4, 1)", "(4, 3)", "expected target shape (4)");
    assertMessage(() -> new NllLoss().apply(LOGITS, Tensor.zeros(5)), "(5)", "(4, 3)");
    assertMessage(() -> new CrossEntropyLoss().apply(LOGITS, Tensor.zeros(4, 3)), "(4, 3)");
    assertMessage(() -> new CrossEntropyLoss().apply(Tensor.scalar(1), Tensor.scalar(0)), "()");
    assertMessage(() -> new CrossEntropyLoss().apply(Tensor.zeros(3), Tensor.zeros(1)),
        "(1)", "(3)");
  }

  @Test
  void outOfRangeClassIndexNamesIndexAndClassCount() {
    Tensor bad = Tensor.of(new float[] {0, 1, 3, 2}, 4);
    assertMessage(() -> new CrossEntropyLoss().apply(LOGITS, bad), "class index 3", "3 classes",
        "element 2");
    assertMessage(() -> new NllLoss().apply(LOGITS, bad), "class index 3", "3 classes");
    Tensor negative = Tensor.of(new float[] {0, -1, 1, 2}, 4);
    assertMessage(() -> new CrossEntropyLoss().apply(LOGITS, negative), "class index -1",
        "3 classes");
    assertDoesNotThrow(() -> new CrossEntropyLoss().withIgnoreIndex(-1).apply(LOGITS, negative));
    assertDoesNotThrow(() -> new NllLoss().withIgnoreIndex(3).apply(LOGITS, bad));
    Tensor defaultIgnored = Tensor.of(new float[] {0, -100, 1, 2}, 4);
    assertDoesNotThrow(() -> new CrossEntropyLoss().apply(LOGITS, defaultIgnored));
  }

  @Test
  void nonIntegralClassIndex() {
    assertMessage(() -> new CrossEntropyLoss().apply(LOGITS, Tensor.of(new float[] {0, 1.5f, 1, 2}, 4)),
        "1.5", "not an integral class index");
    assertMessage(() -> new NllLoss().apply(LOGITS, Tensor.of(new float[] {0, Float.NaN, 1, 2}, 4)),
        "NaN");
  }

  @Test
  void weightShapes() {
    assertMessage(() -> new CrossEntropyLoss().withWeight(Tensor.zeros(2)).apply(LOGITS,
        Tensor.zeros(4)), "weight of shape (2)", "3 classes");
    assertMessage(() -> new NllLoss().withWeight(Tensor.zeros(3, 1)), "(C)", "(3, 1)");
    assertMessage(() -> new BceWithLogitsLoss().withPosWeight(Tensor.zeros(2)).apply(LOGITS,
        LOGITS), "posWeight of shape (2)", "(4, 3)");
    assertMessage(() -> new BceLoss().withWeight(Tensor.zeros(2, 4, 3)).apply(LOGITS, LOGITS),
        "weight of shape (2, 4, 3)", "(4, 3)");
  }

  @Test
  void invalidOptionsAndValues() {
    assertMessage(() -> new CrossEntropyLoss().withLabelSmoothing(1.5f), "labelSmoothing", "1.5");
    assertMessage(() -> new CrossEntropyLoss().withLabelSmoothing(-0.1f), "labelSmoothing");
    assertMessage(() -> new SmoothL1Loss().withBeta(-1f), "beta", "-1.0");
    assertMessage(() -> new HuberLoss().withDelta(0f), "delta", "0.0");
    assertMessage(() -> new BceLoss().apply(Tensor.of(new float[] {0.5f, 1.5f}, 2),
        Tensor.zeros(2)), "element 1", "1.5", "[0, 1]");
    assertThrows(NullPointerException.class, () -> new MseLoss(null));
  }
}
