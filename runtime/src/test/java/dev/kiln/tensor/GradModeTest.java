package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GradMode.noGrad()}: nothing is recorded inside, recording resumes after. */
class GradModeTest {

  @Test
  void opsInsideNoGradRecordNothing() {
    Tensor x = GradCheck.leaf(61, 1.0, 2, 3);
    Tensor w = GradCheck.leaf(62, 1.0, 3, 2);
    List<Tensor> outs;
    try (GradMode g = GradMode.noGrad()) {
      assertFalse(GradMode.isEnabled());
      outs = List.of(x.add(x), x.sub(x), x.mul(x), x.matmul(w), x.reshape(3, 2), x.flatten(),
          x.relu(), x.tanh(), x.sigmoid(), x.sum(), x.mean());
    }
    for (Tensor t : outs) {
      assertNull(t.gradFn(), t.toString());
      assertFalse(t.requiresGrad());
    }
  }

  @Test
  void recordingResumesAfterClose() {
    Tensor x = GradCheck.leaf(63, 1.0, 2);
    try (GradMode g = GradMode.noGrad()) {
      x.tanh();
    }
    assertTrue(GradMode.isEnabled());
    Tensor y = x.tanh();
    assertNotNull(y.gradFn());
    assertTrue(y.gradFn().name().contains("Tanh"));
  }

  @Test
  void nestedNoGradRestoresOuterState() {
    try (GradMode outer = GradMode.noGrad()) {
      try (GradMode inner = GradMode.noGrad()) {
        assertFalse(GradMode.isEnabled());
      }
      assertFalse(GradMode.isEnabled(), "closing the inner scope must not re-enable recording");
    }
    assertTrue(GradMode.isEnabled());
  }

  @Test
  void constantsAreNotRecordedEvenWithGradEnabled() {
    Tensor a = Tensor.of(new float[] {1, 2}, 2);
    assertNull(a.add(a).gradFn());
  }

  @Test
  void noGradIsPerThread() throws Exception {
    try (GradMode g = GradMode.noGrad()) {
      boolean[] other = new boolean[1];
      Thread t = new Thread(() -> other[0] = GradMode.isEnabled());
      t.start();
      t.join();
      assertTrue(other[0]);
    }
  }
}
