package dev.kiln.nn;

import dev.kiln.backend.cpu.CpuThreads;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Times a warm forward and forward+backward of the pooling layers on the CNN flagship's shapes
 * (median of 15 rounds, microseconds per call); {@code tools/bench/pool_bench.py} times PyTorch
 * on the same shapes. Run: see docs/pooling.md.
 */
public final class PoolBench {
  private PoolBench() {}

  public static void main(String[] args) {
    CpuThreads.set(args.length > 0 ? Integer.parseInt(args[0]) : 1);
    bench("MaxPool2d(2) 64x32x28x28", new MaxPool2d(2), 64, 32, 28, 28);
    bench("MaxPool2d(2) 64x64x14x14", new MaxPool2d(2), 64, 64, 14, 14);
    bench("MaxPool2d(3,2,1) 64x64x32x32", new MaxPool2d(3, 2, 1), 64, 64, 32, 32);
    bench("AvgPool2d(2) 64x64x32x32", new AvgPool2d(2), 64, 64, 32, 32);
    bench("AdaptiveAvgPool2d(1) 64x512x7x7", new AdaptiveAvgPool2d(1), 64, 512, 7, 7);
    bench("Upsample(2,nearest) 16x64x32x32", new Upsample().scaleFactor(2), 16, 64, 32, 32);
    bench("Upsample(2,bilinear) 16x64x32x32", new Upsample().scaleFactor(2).mode("bilinear"),
        16, 64, 32, 32);
    bench("PixelShuffle(2) 16x256x32x32", new PixelShuffle(2), 16, 256, 32, 32);
    bench("ZeroPad2d(1) 64x64x32x32", new ZeroPad2d(1), 64, 64, 32, 32);
  }

  private static void bench(String name, UnaryModule m, int... shape) {
    Tensor x = Rng.randn(shape);
    Tensor y = Tensor.zeros(m.outputShape(shape));
    Tensor dy = Rng.randn(y.shape());
    Tensor dx = Tensor.zeros(shape);
    Workspace ws = new Workspace();
    double fwd = time(() -> m.forwardInto(x, y, ws));
    double both = time(() -> {
      m.forwardInto(x, y, ws);
      dx.device().kernels().fill(dx, 0f);
      m.backwardInto(x, y, dy, dx, ws);
    });
    System.out.printf("%-36s fwd %9.1f us   fwd+bwd %9.1f us%n", name, fwd, both);
  }

  private static double time(Runnable r) {
    double[] t = new double[15];
    for (int i = 0; i < 20; i++) {
      r.run();
    }
    for (int k = 0; k < t.length; k++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        r.run();
      }
      t[k] = (System.nanoTime() - t0) / 10e3;
    }
    Arrays.sort(t);
    return t[t.length / 2];
  }
}
