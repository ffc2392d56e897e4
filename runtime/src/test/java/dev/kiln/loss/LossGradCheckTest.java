package dev.kiln.loss;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Central-difference checks of every loss's input gradient ({@link GradCheck}: float32, EPS 1e-2,
 * its stated tolerance), for each reduction, with a random upstream gradient, on inputs kept
 * away from kinks (|x - y| = 0, |x - y| = beta or delta).
 */
class LossGradCheckTest {
  private static final float[] TARGET = {0.3f, -1.2f, 0.8f, 2.1f, -0.4f, 0f, 1.5f, -2.2f, 0.9f,
      -0.7f, 1.1f, 0.05f};

  /** A leaf of shape (3, 4): TARGET plus offsets whose magnitudes lie in [0.1, 0.8] or [1.2, 2.5]. */
  private static Tensor offsetFromTarget(long seed) {
    Random r = new Random(seed);
    float[] v = new float[TARGET.length];
    for (int i = 0; i < v.length; i++) {
      double mag = r.nextBoolean() ? 0.1 + 0.7 * r.nextDouble() : 1.2 + 1.3 * r.nextDouble();
      v[i] = TARGET[i] + (float) (r.nextBoolean() ? mag : -mag);
    }
    return Tensor.of(v, 3, 4).requiresGrad(true);
  }

  private static Tensor target() {
    return Tensor.of(TARGET, 3, 4);
  }

  private static Tensor uniform(long seed, double lo, double hi, int... shape) {
    Random r = new Random(seed);
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    return Tensor.of(v, shape);
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void regressionLosses(Reduction r) {
    Tensor y = target();
    Tensor x = offsetFromTarget(1);
    GradCheck.checkWith(List.of(y), () -> new MseLoss(r).apply(x, y), x);
    GradCheck.checkWith(List.of(y), () -> new L1Loss(r).apply(x, y), x);
    GradCheck.checkWith(List.of(y), () -> new SmoothL1Loss(r).apply(x, y), x);
    GradCheck.checkWith(List.of(y), () -> new SmoothL1Loss(r, 1f).withBeta(0.05f).apply(x, y), x);
    GradCheck.checkWith(List.of(y), () -> new HuberLoss(r).apply(x, y), x);
    GradCheck.checkWith(List.of(y), () -> new HuberLoss(r).withDelta(3f).apply(x, y), x);
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void binaryCrossEntropy(Reduction r) {
    Tensor p = uniform(2, 0.1, 0.9, 3, 4).requiresGrad(true);
    Tensor y = uniform(3, 0, 1, 3, 4);
    Tensor w = uniform(4, 0.5, 2, 4);
    GradCheck.checkWith(List.of(y, w), () -> new BceLoss(r).apply(p, y), p);
    GradCheck.checkWith(List.of(y, w), () -> new BceLoss(r).withWeight(w).apply(p, y), p);
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void binaryCrossEntropyWithLogits(Reduction r) {
    Tensor x = GradCheck.leaf(5, 4, 3, 4);
    Tensor y = uniform(6, 0, 1, 3, 4);
    Tensor w = uniform(7, 0.5, 2, 3, 1);
    Tensor pw = uniform(8, 0.5, 3, 4);
    GradCheck.checkWith(List.of(y, w, pw), () -> new BceWithLogitsLoss(r).apply(x, y), x);
    GradCheck.checkWith(List.of(y, w, pw), () -> new BceWithLogitsLoss(r).withWeight(w).withPosWeight(pw).apply(x, y), x);
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void classLosses(Reduction r) {
    Tensor x = GradCheck.leaf(9, 3, 5, 4);
    Tensor t = Tensor.of(new float[] {0, 3, 1, 2, 1}, 5);
    Tensor w = Tensor.of(new float[] {0.2f, 1f, 2.5f, 0.7f}, 4);
    GradCheck.checkWith(List.of(t, w), () -> new NllLoss(r).apply(x, t), x);
    GradCheck.checkWith(List.of(t, w), () -> new NllLoss(r).withWeight(w).withIgnoreIndex(1).apply(x, t), x);
    GradCheck.checkWith(List.of(t, w), () -> new CrossEntropyLoss(r).apply(x, t), x);
    GradCheck.checkWith(List.of(t, w), () -> new CrossEntropyLoss(r).withWeight(w).withIgnoreIndex(1)
        .withLabelSmoothing(0.2f).apply(x, t), x);
  }

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void crossEntropyOverSpatialDimsAndUnbatched(Reduction r) {
    Tensor x = GradCheck.leaf(10, 3, 2, 3, 2, 2);
    Tensor t = Tensor.of(new float[] {0, 2, 1, 1, 2, 0, 1, 2}, 2, 2, 2);
    GradCheck.checkWith(List.of(t), () -> new CrossEntropyLoss(r).withLabelSmoothing(0.1f).apply(x, t), x);
    Tensor u = GradCheck.leaf(11, 3, 4);
    Tensor two = Tensor.scalar(2);
    GradCheck.checkWith(List.of(two), () -> new CrossEntropyLoss(r).apply(u, two), u);
  }
}
