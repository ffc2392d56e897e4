package dev.kiln.examples.bench;

import dev.kiln.backend.cpu.CpuThreads;
import java.util.List;

/**
 * Kiln's CPU runtime beside PyTorch 1.13.1 (Debian, OpenBLAS) on the same 2-core machine, at 1
 * and 2 threads: median (min-max) over timed rounds, heap bytes allocated per call, and the
 * speed-up over PyTorch (above 1: Kiln is ahead). Run (after {@code mvn -q -DskipTests install})
 * with {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.kiln.examples.bench.CpuBench};
 * {@code -Dexec.args=--quick} for fewer rounds.
 */
public final class CpuBench {
  /** A table row: how to build the call, its unit, and PyTorch's figure at 1 and 2 threads. */
  private record Row(String name, Unit unit, double torch1, double torch2,
      java.util.function.Supplier<Runnable> call, int calls, int rounds) {}

  private CpuBench() {}

  public static void main(String[] args) {
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
            () -> Workloads.sgemm(1024), 10 / scale, 9));
    System.out.printf("Kiln CPU benchmark: %d cores, vectorised kernels %s%n",
        Runtime.getRuntime().availableProcessors(),
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "on" : "OFF");
    System.out.printf("%-36s %3s %28s %12s %7s %12s%n", "workload", "thr", "Kiln median (min-max)",
        "PyTorch", "ratio", "bytes/call");
    for (Row row : rows) {
      for (int threads = 1; threads <= 2; threads++) {
        CpuThreads.set(threads);
        Measure m = Measure.of(row.call().get(), row.calls(), row.rounds());
        double torch = threads == 1 ? row.torch1() : row.torch2();
        Unit u = row.unit();
        System.out.printf("%-36s %3d %28s %12s %6.2fx %,12d%n", row.name(), threads,
            u.format(m.medianNanos()) + " (" + u.range(m.minNanos(), m.maxNanos()) + ")",
            u.show(torch), u.speedup(m.medianNanos(), torch), m.bytesPerCall());
      }
    }
  }
}
