package dev.kiln.backend.cpu;

import dev.kiln.backend.Kernels;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Times the tensor-op kernels warm on the transformer benchmark's shapes (B=32, T=64, D=128,
 * 4 heads of 32): median of 15 rounds, microseconds per call, and the bytes moved per
 * microsecond (read + write). Run from the repository root after {@code mvn -pl runtime
 * test-compile}: {@code java --add-modules jdk.incubator.vector -cp
 * runtime/target/classes:runtime/target/test-classes dev.kiln.backend.cpu.TensorOpBench}.
 */
public final class TensorOpBench {
  private TensorOpBench() {}

  public static void main(String[] args) {
    Kernels k = Device.cpu().kernels();
    Tensor heads = Tensor.zeros(32, 64, 4, 32);
    Tensor split = Tensor.zeros(32, 4, 64, 32);
    Tensor kt = Tensor.zeros(32, 4, 32, 64);
    Tensor scores = Tensor.zeros(32, 4, 64, 64);
    Tensor mask = Tensor.zeros(64, 64);
    Tensor qkv = Tensor.zeros(32, 64, 384);
    Tensor q = Tensor.zeros(32, 64, 128);
    int[] toHeads = {0, 2, 1, 3};
    int[] transpose = {0, 1, 3, 2};
    report("permute (32,64,4,32)->(32,4,64,32)", heads, () -> k.permute(heads, toHeads, split));
    report("permuteBackward same", heads, () -> k.permuteBackward(split, toHeads, heads));
    report("transpose (32,4,64,32)->(32,4,32,64)", split, () -> k.permute(split, transpose, kt));
    report("transpose backward", split, () -> k.permuteBackward(kt, transpose, split));
    report("sliceCopy q from qkv (32,64,384)[..., 0:128]", q,
        () -> k.sliceCopy(qkv, 0, q, 0, 2, 128, false));
    report("sliceCopy accumulate back", q, () -> k.sliceCopy(q, 0, qkv, 0, 2, 128, true));
    report("maskedFill (32,4,64,64) by (64,64)", scores,
        () -> k.maskedFill(scores, mask, -1e9f, scores));
    report("scale (32,4,64,64)", scores, () -> k.scale(scores, 0.17f, 0f, scores));
  }

  private static void report(String name, Tensor moved, Runnable r) {
    double us = time(r);
    System.out.printf("%-48s %9.1f us  %6.2f GB/s%n", name, us,
        2.0 * moved.numel() * Float.BYTES / us / 1e3);
  }

  private static double time(Runnable r) {
    for (int i = 0; i < 200; i++) {
      r.run();
    }
    double[] rounds = new double[15];
    for (int round = 0; round < rounds.length; round++) {
      int n = 50;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        r.run();
      }
      rounds[round] = (System.nanoTime() - t0) / 1e3 / n;
    }
    Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }
}
