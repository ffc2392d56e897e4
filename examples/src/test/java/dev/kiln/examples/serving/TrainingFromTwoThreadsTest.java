package dev.kiln.examples.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.examples.MnistClassifier;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.nn.RemovableHandle;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A model trains on one thread at a time: a second thread's recording forward or backward
 * throws naming both threads, while inference under noGrad stays open to every thread.
 */
class TrainingFromTwoThreadsTest {
  private static final Tensor LABELS = Tensor.of(new float[] {1, 7, 3, 0}, 4);

  /** Runs {@code body} on a thread named {@code name}; returns what it threw, or null. */
  private static Throwable on(String name, Runnable body) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable e) {
        thrown.set(e);
      }
    }, name);
    t.start();
    t.join();
    return thrown.get();
  }

  @Test
  void aSecondThreadsRecordingForwardThrowsUntilTheFirstsBackwardHasRun() throws Exception {
    Rng.manualSeed(8);
    MnistClassifier model = MnistClassifier.create();
    Tensor x = Rng.rand(4, 1, 28, 28);
    Tensor loss = new CrossEntropyLoss().apply(model.forward(x), LABELS);
    String me = Thread.currentThread().getName();

    Throwable e = on("trainer-2", () -> model.forward(x));
    assertNotNull(e);
    assertEquals("MnistClassifier: a forward that records gradients on thread 'trainer-2' while"
        + " thread '" + me + "' is training this model (it ran a forward that records gradients"
        + " and its backward has not run): train a model from one thread at a time, give each"
        + " training thread its own model, or run inference under GradMode.noGrad(), which any"
        + " number of threads may do at once", e.getMessage());

    float[] expected = GradMode.noGrad(() -> model.forward(x)).toFloatArray();
    float[][] seen = new float[1][];
    assertEquals(null, on("server", () ->
        seen[0] = GradMode.noGrad(() -> model.forward(x)).toFloatArray()));
    assertArrayEquals(expected, seen[0]);

    // the noGrad call above overwrote this thread's output: record again, then backward
    loss = new CrossEntropyLoss().apply(model.forward(x), LABELS);
    loss.backward();
    assertEquals(null, on("trainer-2", () -> {
      new CrossEntropyLoss().apply(model.forward(x), LABELS).backward();
    }));
  }

  @Test
  void aRecordingForwardThatThrowsGivesTheModelBack() throws Exception {
    Rng.manualSeed(8);
    MnistClassifier model = MnistClassifier.create();
    Tensor x = Rng.rand(4, 1, 28, 28);
    // a hook on a layer of the compiled plan fails after the forward took the model
    RemovableHandle h = model.getSubmodule("network.1").registerForwardHook((m, in, out) -> {
      throw new IllegalStateException("hook failed");
    });
    assertEquals("hook failed",
        assertThrows(IllegalStateException.class, () -> model.forward(x)).getMessage());
    h.remove();
    assertEquals(null, on("trainer-2", () ->
        new CrossEntropyLoss().apply(model.forward(x), LABELS).backward()));
  }

  @Test
  void backwardOnAnotherThreadThrows() throws Exception {
    Rng.manualSeed(9);
    MnistClassifier model = MnistClassifier.create();
    Tensor loss = new CrossEntropyLoss().apply(model.forward(Rng.rand(4, 1, 28, 28)), LABELS);
    Throwable e = on("helper", loss::backward);
    assertNotNull(e);
    assertEquals("MnistClassifier: backward() on thread 'helper' for a forward that ran on thread '"
        + Thread.currentThread().getName() + "': run backward() on the thread that ran the forward",
        e.getMessage());
  }

  @Test
  void twoThreadsSteppingOneModelSeeTheConflict() throws Exception {
    Rng.manualSeed(10);
    MnistClassifier model = MnistClassifier.create();
    Sgd opt = new Sgd(model.parameters(), 0.01f);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    CyclicBarrier start = new CyclicBarrier(2);
    AtomicReference<Throwable> first = new AtomicReference<>();
    Runnable steps = () -> {
      try {
        Tensor x = Rng.rand(16, 1, 28, 28);
        Tensor y = Tensor.of(new float[16], 16);
        start.await();
        for (int i = 0; i < 5_000 && first.get() == null; i++) {
          Tensor loss = lossFn.apply(model.forward(x), y);
          opt.zeroGrad();
          loss.backward();
          opt.step();
        }
      } catch (Throwable e) {
        first.compareAndSet(null, e);
      }
    };
    Thread a = new Thread(steps, "trainer-a");
    Thread b = new Thread(steps, "trainer-b");
    a.start();
    b.start();
    a.join();
    b.join();
    assertNotNull(first.get(), "two threads stepped one model 5,000 times each without an error");
    assertTrue(first.get() instanceof IllegalStateException, first.get().toString());
    assertTrue(first.get().getMessage().matches("MnistClassifier: .* on thread 'trainer-[ab]'"
        + " while thread 'trainer-[ab]' is training this model .*"), first.get().getMessage());
  }
}
