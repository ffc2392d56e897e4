package dev.kiln.nn;

import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny seeded training loop for the two-JVM determinism test: seed, Xavier init through
 * {@code apply}, random data from {@link Rng}, five steps of a hand-written SGD on an MSE loss.
 * {@code main(seed)} prints one line with the initial weights' checksum, then one line per step
 * with the loss and its bits.
 */
public final class SeededRun {
  static final int STEPS = 5;

  private SeededRun() {}

  public static void main(String[] args) {
    run(Long.parseLong(args[0])).forEach(System.out::println);
  }

  static List<String> run(long seed) {
    Rng.manualSeed(seed);
    Sequential model = new Sequential(new Linear(3, 8), new Tanh(), new Linear(8, 1));
    model.apply(m -> {
      if (m instanceof Linear l) {
        Init.xavierUniform(l.weight());
        Init.normal(l.bias(), 0, 0.1);
      }
    });
    Tensor x = Rng.randn(16, 3);
    Tensor y = x.sum(1).reshape(16, 1).tanh();
    Tensor lr = Tensor.scalar(0.1f);
    List<String> lines = new ArrayList<>();
    float checksum = 0;
    for (Parameter p : model.parameters()) {
      checksum += p.mul(p).sum().item();
    }
    lines.add("init " + checksum + " " + bits(checksum));
    for (int step = 0; step < STEPS; step++) {
      Tensor diff = model.apply(x).sub(y);
      Tensor loss = diff.mul(diff).mean();
      model.zeroGrad();
      loss.backward();
      try (GradMode g = GradMode.noGrad()) {
        for (Parameter p : model.parameters()) {
          p.device().kernels().copy(p.sub(p.grad().mul(lr)), p);
        }
      }
      float v = loss.item();
      lines.add("step " + step + " loss " + v + " " + bits(v));
    }
    return lines;
  }

  private static String bits(float v) {
    return Integer.toHexString(Float.floatToRawIntBits(v));
  }
}
