package dev.kiln.examples.bench;

import dev.kiln.backend.cpu.CpuThreads;
import java.util.List;

/**
 * Kiln's CPU runtime beside PyTorch 1.13.1 (Debian, OpenBLAS) on the same 2-core machine, at 1
 * and 2 threads: median (min-max) over timed rounds, heap bytes allocated per call, the speed-up
 * over PyTorch (above 1: Kiln is ahead) and {@link CoreCheck}'s rate before and after the row
 * (the shared host's load swings timings by up to 1.4x); each row runs in a fresh JVM. Run,
 * after {@code mvn -q -DskipTests install}, with {@code mvn -q -pl examples exec:java
 * -Dexec.mainClass=dev.kiln.examples.bench.CpuBench}; {@code -Dexec.args=--quick} for fewer
 * rounds.
 */
public final class CpuBench {
  /** A table row: how to build the call, its unit, and PyTorch's figure at 1 and 2 threads. */
  private record Row(String name, Unit unit, double torch1, double torch2,
      java.util.function.Supplier<Runnable> call, int calls, int rounds) {}

  /**
   * PyTorch's LayerNorm and Embedding rows at 1 and 2 threads, in microseconds: the medians of
   * one {@code tools/bench/paired.py 3 9 10} run on the shared 2-core host under a load
   * average of about 20 (the 2-thread figures are dominated by thread scheduling).
   */
  private static final double TORCH_LN1 = 1173;
  private static final double TORCH_LN2 = 16460;
  private static final double TORCH_EMB1 = 753;
  private static final double TORCH_EMB2 = 19620;

  private CpuBench() {}

  public static void main(String[] args) throws Exception {
    int scale = List.of(args).contains("--quick") ? 3 : 1;
    List<Row> rows = List.of(
        new Row("MLP 784-128-64-10 train step, B=64", Unit.samples(64), 75e3, 54e3,
            () -> Workloads.mlpTrainStep(64), 300 / scale, 9),
        new Row("MLP train step, B=256", Unit.samples(256), 132e3, 113e3,
            () -> Workloads.mlpTrainStep(256), 100 / scale, 9),
        new Row("MLP inference, B=1", Unit.MICROS, 77, 79,
            () -> Workloads.mlpInference(1), 5000 / scale, 9),
        new Row("MLP inference, B=256", Unit.samples(256), 360e3, 585e3,
            () -> Workloads.mlpInference(256), 200 / scale, 9),
        new Row("SineNet 1-64-64-1, 5000 SGD steps", Unit.SECONDS, 2.64, 2.69,
            Workloads::sineNetTraining, 1, 7 / scale + 2),
        new Row("sgemm 1024x1024", Unit.gflops(2.0 * 1024 * 1024 * 1024), 89, 143,
            () -> Workloads.sgemm(1024), 10 / scale, 9),
        new Row("Conv2d(64,64,3,pad 1) fwd, 64x64x32x32", Unit.MILLIS, 141.6, 154.5,
            ConvWorkloads::conv2dForward, 3, 9),
        new Row("Conv2d(64,64,3,pad 1) fwd+bwd", Unit.MILLIS, 287.9, 267.9,
            ConvWorkloads::conv2dForwardBackward, 2, 9),
        new Row("FashionCnn train step, B=64", Unit.samples(64), 468.4, 785.6,
            ConvWorkloads::cnnTrainStep, 10, 9),
        new Row("LayerNorm(128) f+b, (32*64, 128)", Unit.MICROS, TORCH_LN1, TORCH_LN2,
            SeqWorkloads::layerNormForwardBackward, 200, 9),
        new Row("Embedding(1000, 128) f+b, (32, 64)", Unit.MICROS, TORCH_EMB1, TORCH_EMB2,
            SeqWorkloads::embeddingForwardBackward, 500, 9),
        // PyTorch's medians from paired.py (3 pairs) on a host at load ~20: the 2-thread
        // figure is the load's, not PyTorch's (Kiln's was 2.1 s there too); rerun when quiet
        new Row("LSTM(128,256) f+b, 32x64x128 batch_first", Unit.MILLIS, 340.3, 6865,
            RnnWorkloads::lstmForwardBackward, 3, 9),
        new Row("TransformerEncoderLayer(128,4,512) f+b", Unit.MILLIS, 41, 30,
            SequenceWorkloads::transformerLayer, 5, 9));
    int only = args.length > 1 && args[0].equals("--row") ? Integer.parseInt(args[1]) : -1;
    if (only >= 0) {
      Row row = rows.get(only);
      CpuThreads.set(Integer.parseInt(args[3]));
      Runnable call = row.call().get();
      double before = CoreCheck.gflops(20, 100_000);
      Measure m = Measure.of(call, row.calls(), row.rounds());
      double after = CoreCheck.gflops(20, 100_000);
      System.out.println(m.medianNanos() + " " + m.minNanos() + " " + m.maxNanos() + " "
          + m.bytesPerCall() + " " + before + " " + after);
      return;
    }
    System.out.printf("Kiln CPU benchmark: %d cores, each row in a fresh JVM%n",
        Runtime.getRuntime().availableProcessors());
    System.out.printf("core check: scalar FMA GFLOP/s before/after each row (%.1f now; a row"
        + " with a low figure ran while the host was busy)%n", CoreCheck.gflops(20, 100_000));
    System.out.printf("%-36s %3s %28s %12s %7s %12s %11s%n", "workload", "thr",
        "Kiln median (min-max)", "PyTorch", "ratio", "bytes/call", "core check");
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      for (int threads = 1; threads <= 2; threads++) {
        List<String> childArgs = new java.util.ArrayList<>(List.of("--row", "" + i, "--threads",
            "" + threads));
        if (scale > 1) {
          childArgs.add("--quick");
        }
        String[] r = Fork.run(childArgs).split(" ");
        double torch = threads == 1 ? row.torch1() : row.torch2();
        Unit u = row.unit();
        double median = Double.parseDouble(r[0]);
        System.out.printf("%-36s %3d %28s %12s %6.2fx %,12d %5.1f/%4.1f%n", row.name(), threads,
            u.format(median) + " (" + u.range(Double.parseDouble(r[1]), Double.parseDouble(r[2]))
                + ")", u.show(torch), u.speedup(median, torch), Long.parseLong(r[3]),
            Double.parseDouble(r[4]), Double.parseDouble(r[5]));
      }
    }
  }
}
