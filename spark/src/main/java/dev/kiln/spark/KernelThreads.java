package dev.kiln.spark;

import dev.kiln.backend.cpu.CpuThreads;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The CPU kernels' thread count while Kiln tasks run in an executor JVM. The count is JVM-wide
 * ({@link CpuThreads}), so it is set when the first such task starts and put back when the last
 * one ends: in local mode, where the executor is the driver's JVM, the driver's own kernels get
 * their count back after the job.
 */
final class KernelThreads {
  private static int running;
  private static int saved;

  private KernelThreads() {}

  /**
   * Uses {@code threads} kernel threads (0: the task's CPUs, {@code spark.task.cpus}) until
   * {@code task} (and every other one running) ends.
   */
  static void during(TaskContext task, int threads) {
    if (task == null) {
      return;
    }
    if (threads <= 0) {
      threads = Math.max(1, task.cpus());
    }
    synchronized (KernelThreads.class) {
      if (running++ == 0) {
        saved = CpuThreads.get();
      }
      CpuThreads.set(threads);
    }
    task.addTaskCompletionListener((TaskCompletionListener) t -> {
      synchronized (KernelThreads.class) {
        if (--running == 0) {
          CpuThreads.set(saved);
        }
      }
    });
  }
}
