package dev.kiln.examples.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Times a workload: warm-up rounds, then timed rounds of a fixed number of calls; reports the
 * median, min and max time per call and the heap bytes this thread allocated per call.
 */
public record Measure(double medianNanos, double minNanos, double maxNanos, long bytesPerCall) {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Times {@code call}: warm-up rounds, then {@code rounds} rounds of {@code callsPerRound}. */
  public static Measure of(Runnable call, int callsPerRound, int rounds) {
    for (int w = 0; w < Math.max(3, rounds / 2); w++) {
      for (int i = 0; i < callsPerRound; i++) {
        call.run();
      }
    }
    double[] nanos = new double[rounds];
    long bytes = Long.MAX_VALUE;
    for (int r = 0; r < rounds; r++) {
      long allocated = THREADS.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      for (int i = 0; i < callsPerRound; i++) {
        call.run();
      }
      nanos[r] = (double) (System.nanoTime() - t0) / callsPerRound;
      bytes = Math.min(bytes, (THREADS.getCurrentThreadAllocatedBytes() - allocated) / callsPerRound);
    }
    Arrays.sort(nanos);
    return new Measure(nanos[rounds / 2], nanos[0], nanos[rounds - 1], bytes);
  }
}
