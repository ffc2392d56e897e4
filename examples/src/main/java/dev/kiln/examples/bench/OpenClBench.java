package dev.kiln.examples.bench;

import dev.kiln.backend.opencl.ClDevice;
import dev.kiln.nn.Rng;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * The OpenCL runtime's speed: the tiled matmul kernel in GFLOP/s, and the seed MLP's training
 * step (forward, cross-entropy, zeroGrad, backward, SGD) in samples/s on OpenCL beside the CPU.
 * Each timed call ends by waiting for the device. Run (after {@code mvn -q -DskipTests install})
 * with {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.kiln.examples.bench.OpenClBench};
 * {@code -Dexec.args=--quick} for fewer rounds, {@code -Dkiln.device=opencl:N} for another device.
 */
public final class OpenClBench {
  private OpenClBench() {}

  public static void main(String[] args) {
    int scale = List.of(args).contains("--quick") ? 3 : 1;
    Device configured = Device.configured();
    ClDevice cl = (ClDevice) (configured instanceof ClDevice d ? d : Device.opencl());
    System.out.println("Kiln OpenCL benchmark on " + cl.info());
    System.out.printf("%-36s %28s %12s%n", "workload", "median (min-max)", "bytes/call");
    for (int n : new int[] {256, 512, 1024, 2048}) {
      Unit u = Unit.gflops(2.0 * n * n * n);
      Measure m = Measure.of(sgemm(cl, n), Math.max(1, 2048 / n / scale), 5);
      System.out.printf("%-36s %28s %,12d%n", "tiled sgemm " + n + "x" + n + " (OpenCL)",
          u.format(m.medianNanos()) + " (" + u.range(m.minNanos(), m.maxNanos()) + ")",
          m.bytesPerCall());
    }
    for (int batch : new int[] {64, 256}) {
      for (Device d : new Device[] {cl, Device.cpu()}) {
        Unit u = Unit.samples(batch);
        Measure m = Measure.of(mlpTrainStep(d, batch), 60 / scale, 7);
        System.out.printf("%-36s %28s %,12d%n", "MLP train step, B=" + batch + " (" + name(d) + ")",
            u.format(m.medianNanos()) + " (" + u.range(m.minNanos(), m.maxNanos()) + ")",
            m.bytesPerCall());
      }
    }
  }

  private static String name(Device d) {
    return d instanceof ClDevice ? "OpenCL" : "CPU";
  }

  private static Runnable sgemm(ClDevice cl, int n) {
    Tensor a = Rng.rand(n, n).to(cl);
    Tensor b = Rng.rand(n, n).to(cl);
    Tensor c = cl.zeros(n, n);
    return () -> {
      cl.kernels().matmul(a, b, c);
      cl.finish();
    };
  }

  /** {@link Workloads#mlpTrainStep} on {@code device}, each call waiting for an OpenCL device. */
  private static Runnable mlpTrainStep(Device device, int batch) {
    Runnable step = Workloads.mlpTrainStep(device, batch);
    if (!(device instanceof ClDevice cl)) {
      return step;
    }
    return () -> {
      step.run();
      cl.finish();
    };
  }
}
