package dev.kiln.backend.cpu;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Daemon worker threads that run the parts of one parallel kernel: part 0 on the calling
 * thread, part {@code i} on worker {@code i}. A call allocates nothing once the workers exist.
 * Workers spin briefly, then park, between jobs. One job runs at a time: a thread that finds the
 * workers busy with another thread's job runs all of its parts itself, in order (the same
 * results: a part's arithmetic does not depend on the thread that runs it), so threads serving
 * one model at once neither queue for the workers nor wait on each other. A part must not start
 * another job.
 */
final class WorkerPool {
  /** One parallel job: part {@code part} of the count passed to {@link #run}. */
  interface Job {
    void run(int part);
  }

  private static final long SPIN_NANOS = 2_000_000;
  private static Worker[] workers = new Worker[0];
  private static long epoch;
  private static final ReentrantLock LOCK = new ReentrantLock();

  private WorkerPool() {}

  /** Runs {@code work.run(0..count-1)}, each part on its own thread, and waits for all. */
  static void run(int count, Job work) {
    if (!LOCK.tryLock()) {
      for (int i = 0; i < count; i++) {
        work.run(i);
      }
      return;
    }
    try {
      runOnWorkers(count, work);
    } finally {
      LOCK.unlock();
    }
  }

  private static void runOnWorkers(int count, Job work) {
    ensureWorkers(count - 1);
    long e = ++epoch;
    for (int i = 0; i < count - 1; i++) {
      Worker w = workers[i];
      w.job = work;
      w.failure = null;
      w.assigned = e;
      LockSupport.unpark(w.thread);
    }
    Throwable failure = null;
    try {
      work.run(0);
    } catch (RuntimeException | Error t) {
      failure = t;
    }
    for (int i = 0; i < count - 1; i++) {
      Worker w = workers[i];
      while (w.done != e) {
        Thread.onSpinWait();
      }
      w.job = null;
      failure = failure != null ? failure : w.failure;
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    } else if (failure instanceof Error err) {
      throw err;
    }
  }

  private static void ensureWorkers(int count) {
    if (workers.length >= count) {
      return;
    }
    Worker[] grown = java.util.Arrays.copyOf(workers, count);
    for (int i = workers.length; i < count; i++) {
      grown[i] = new Worker(i + 1);
    }
    workers = grown;
  }

  private static final class Worker implements Runnable {
    final int part;
    final Thread thread;
    volatile Job job;
    volatile Throwable failure;
    volatile long assigned;
    volatile long done;

    Worker(int part) {
      this.part = part;
      this.thread = new Thread(this, "kiln-cpu-" + part);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (assigned == seen) {
          if (System.nanoTime() < spinUntil) {
            Thread.onSpinWait();
          } else {
            LockSupport.park(this);
          }
        }
        seen = assigned;
        try {
          job.run(part);
        } catch (Throwable t) {
          failure = t;
        }
        done = seen;
      }
    }
  }
}
