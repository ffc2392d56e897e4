package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.cpu.CpuThreads;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.nn.Module;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * After warm-up a training step of the compiled MNIST classifier (forward, cross-entropy,
 * zeroGrad, backward, SGD) allocates nothing on the heap, counted over all threads including the
 * {@code kiln-cpu-*} workers (CpuBench prints 0 bytes per step), nor
 * does one of SineNet (tanh, MSE); the loss's result is reused only once backward has run through
 * it.
 */
class AllocationFreeStepTest {
  private final MnistClassifier model = MnistClassifier.create();
  private final Tensor x = Rng.rand(64, 1, 28, 28);
  private final Tensor y = Tensor.of(new float[64], 64);
  private final CrossEntropyLoss lossFn = new CrossEntropyLoss();
  private final Sgd opt = new Sgd(model.parameters(), 0.01f);

  private final int threadsBefore = CpuThreads.get();

  @org.junit.jupiter.api.AfterEach
  void restoreThreads() {
    CpuThreads.set(threadsBefore);
  }

  private Tensor step() {
    Tensor loss = lossFn.apply(model.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    return loss;
  }

  /**
   * Bytes allocated by 1000 steps after 1000 of warm-up, summed over the calling thread and every
   * thread Kiln started (the {@code kiln-cpu-*} workers that run parts of the batch-64 products);
   * the test framework's own threads (surefire's pings and pumps) are left out.
   */
  static long bytesPer1000(Runnable step) {
    for (int i = 0; i < 1000; i++) {
      step.run();
    }
    long empty = stepThreadsAllocatedBytes();
    long before = stepThreadsAllocatedBytes();
    long overhead = before - empty; // what the measuring call itself allocates
    for (int i = 0; i < 1000; i++) {
      step.run();
    }
    return stepThreadsAllocatedBytes() - before - overhead;
  }

  /** Allocated bytes of this thread and the live kiln-* threads. */
  static long stepThreadsAllocatedBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = threads.getCurrentThreadAllocatedBytes();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("kiln-") && t != Thread.currentThread()) {
        sum += Math.max(0, threads.getThreadAllocatedBytes(t.getId()));
      }
    }
    return sum;
  }

  @Test
  void theStepRunsOnTheWorkerThreadsToo() {
    CpuThreads.set(2);
    step();
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("kiln-cpu-")), "no kiln-cpu worker started");
  }

  @Test
  void aTrainingStepAllocatesNothing() {
    CpuThreads.set(2); // the workers take part whatever the machine's core count
    // One object allocated per step would be at least 16,000 bytes here; the allowance is for
    // the interpreter's vector boxes while the JIT is still finishing a rarely hot method.
    long bytes = bytesPer1000(this::step);
    assertTrue(bytes < 2_000, bytes + " bytes allocated in 1000 steps");
  }

  @Test
  void theCnnFlagshipsTrainingStepAllocatesNothing() {
    CpuThreads.set(2);
    FashionCnn cnn = FashionCnn.create(); // conv, batch norm, pooling, dropout in train mode
    Tensor images = Rng.rand(2, 1, 28, 28);
    Tensor labels = Tensor.of(new float[] {3, 7}, 2);
    dev.kiln.optim.Adam adam = new dev.kiln.optim.Adam(cnn.parameters(), 1e-3f);
    Runnable step = () -> {
      Tensor loss = lossFn.apply(cnn.forward(images), labels);
      adam.zeroGrad();
      loss.backward();
      adam.step();
    };
    // More kernels (conv, pooling, norm, dropout) for the JIT to finish than the MLP's: a longer
    // warm-up (measured alone: 0 bytes per step from the second thousand steps on).
    for (int i = 0; i < 3000; i++) {
      step.run();
    }
    long bytes = bytesPer1000(step);
    assertTrue(bytes < 2_000, bytes + " bytes allocated in 1000 steps");
  }

  @Test
  void sequenceModelsCompiledStepsAllocateNothing() {
    CpuThreads.set(2);
    Tensor tokens = Tensor.of(new float[] {1, 4, 9, 0, 3, 3, 7, 2, 9, 5, 6, 8}, 2, 6);
    Module[] models = {dev.kiln.examples.text.CharTransformer.create(10, 16, 2, 2, 0.1f, 32),
        dev.kiln.examples.text.CharLstm.create(10, 8, 16, 2)};
    for (Module m : models) {
      java.util.function.Function<Tensor, Tensor> fwd = m instanceof
          dev.kiln.examples.text.CharTransformer t ? t::forward
          : ((dev.kiln.examples.text.CharLstm) m)::forward;
      Tensor dy = Rng.randn(2, 6, 10);
      dev.kiln.optim.AdamW opt = new dev.kiln.optim.AdamW(m.parameters(), 1e-3f);
      Runnable step = () -> {
        opt.zeroGrad();
        fwd.apply(tokens).backward(dy); // the model's step, without the loss's eager reshape
        opt.step();
      };
      // Many kernels (attention, norms, GELU, LSTM gates) for the JIT to finish: measured alone,
      // ~66 MB in the first thousand steps, ~3.5 MB in the second, ~1.4 KB from the third on
      // (the measuring's own noise); the best of 3 rounds after 5000 steps.
      for (int i = 0; i < 5000; i++) {
        step.run();
      }
      long bytes = Math.min(bytesPer1000(step), Math.min(bytesPer1000(step), bytesPer1000(step)));
      assertTrue(bytes < 2_000, m.getClass().getSimpleName() + ": " + bytes
          + " bytes allocated in 1000 steps");
    }
  }

  @Test
  void aTanhModelsTrainingStepAllocatesNothing() {
    SineNet sine = SineNet.create(64);
    Tensor in = Rng.rand(200, 1);
    Tensor target = Rng.rand(200, 1);
    dev.kiln.loss.MseLoss mse = new dev.kiln.loss.MseLoss();
    Sgd sgd = new Sgd(sine.parameters(), 0.05f);
    long bytes = bytesPer1000(() -> {
      Tensor loss = mse.apply(sine.forward(in), target);
      sgd.zeroGrad();
      loss.backward();
      sgd.step();
    });
    assertTrue(bytes < 2_000, bytes + " bytes allocated in 1000 steps");
  }

  @Test
  void aLossResultIsReusedOnlyAfterBackward() {
    Tensor first = step();
    assertSame(first, step(), "reused once backward has run");
    Tensor a = lossFn.apply(model.forward(x), y);
    float value = a.item();
    Tensor b = lossFn.apply(model.forward(x).detach(), Tensor.of(new float[64], 64).add(
        Tensor.scalar(1f)));
    assertNotSame(a, b, "no backward in between: a new result");
    assertEquals(value, a.item(), "the first result keeps its value");
    Tensor c = GradMode.noGrad(() -> lossFn.apply(model.forward(x), y));
    assertNotSame(a, c, "evaluation without recording never reuses");
  }
}
