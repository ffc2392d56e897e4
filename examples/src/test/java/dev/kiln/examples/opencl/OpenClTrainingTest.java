package dev.kiln.examples.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.backend.opencl.OpenClUnavailableException;
import dev.kiln.examples.MnistClassifier;
import dev.kiln.examples.SineNet;
import dev.kiln.examples.SkipMlp;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.loss.Loss;
import dev.kiln.loss.MseLoss;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Parameter;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Adam;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The seeds' models train on OpenCL exactly as on the CPU: from the same initial weights, 20
 * steps give the same losses and final weights within atol = rtol = 1e-4, and every parameter,
 * gradient and loss stays on the OpenCL device (nothing falls back to the CPU).
 */
class OpenClTrainingTest {
  private static final int STEPS = 20;

  @Test
  void linearRegression() {
    compare(() -> new Linear(1, 1), m -> ((Linear) m)::apply, Rng.rand(100, 1),
        Rng.rand(100, 1), new MseLoss(), m -> new Sgd(m.parameters(), 0.01f));
  }

  @Test
  void sineNet() {
    compare(() -> SineNet.create(64), m -> ((SineNet) m)::forward,
        Rng.rand(200, 1).mul(Tensor.scalar(6.28f)), Rng.rand(200, 1), new MseLoss(),
        m -> new Sgd(m.parameters(), 0.05f));
  }

  @Test
  void mnistClassifier() {
    float[] labels = new float[64];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (i * 7) % 10;
    }
    compare(MnistClassifier::create, m -> ((MnistClassifier) m)::forward,
        Rng.rand(64, 1, 28, 28), Tensor.of(labels, 64), new CrossEntropyLoss(),
        m -> new Sgd(m.parameters(), 0.1f).momentum(0.9f));
  }

  @Test
  void skipMlpWithAdam() {
    compare(SkipMlp::create, m -> ((SkipMlp) m)::forward, Rng.rand(32, 3), Rng.rand(32, 1),
        new MseLoss(), m -> new Adam(m.parameters(), 0.01f));
  }

  /** After warm-up, a compiled training step on OpenCL allocates (almost) nothing on the heap. */
  @Test
  void aTrainingStepAllocatesAlmostNothing() {
    Device cl = openCl();
    Rng.manualSeed(0);
    MnistClassifier model = MnistClassifier.create();
    model.to(cl);
    Tensor x = Rng.rand(64, 1, 28, 28).to(cl);
    Tensor y = Tensor.of(new float[64], 64).to(cl);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    Sgd opt = new Sgd(model.parameters(), 0.01f);
    Runnable step = () -> {
      Tensor loss = lossFn.apply(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    };
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 40; round++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 10; i++) {
        step.run();
      }
      best = Math.min(best, (threads.getCurrentThreadAllocatedBytes() - before) / 10);
    }
    assertTrue(best < 1024, "a training step allocated " + best + " bytes");
  }

  private static void compare(Supplier<Module> make, Function<Module, UnaryOperator<Tensor>> fwd,
      Tensor x, Tensor y, Loss loss, Function<Module, Optimizer> opt) {
    Device cl = openCl();
    float[][] cpu = train(Device.cpu(), make, fwd, x, y, loss, opt);
    float[][] gpu = train(cl, make, fwd, x, y, loss, opt);
    for (int i = 0; i < cpu.length; i++) {
      for (int j = 0; j < cpu[i].length; j++) {
        float e = cpu[i][j];
        float a = gpu[i][j];
        if (!(Math.abs(a - e) <= 1e-4 + 1e-4 * Math.abs(e))) {
          fail((i == 0 ? "loss at step " : "parameter " + (i - 1) + " element ") + j + ": "
              + a + " on OpenCL vs " + e + " on the CPU");
        }
      }
    }
  }

  /** The losses of each step, then each parameter's final values. */
  private static float[][] train(Device d, Supplier<Module> make,
      Function<Module, UnaryOperator<Tensor>> fwd, Tensor x, Tensor y, Loss lossFn,
      Function<Module, Optimizer> makeOpt) {
    Rng.manualSeed(7);
    Module model = make.get();
    model.to(d);
    Optimizer opt = makeOpt.apply(model);
    UnaryOperator<Tensor> forward = fwd.apply(model);
    Tensor xd = x.to(d);
    Tensor yd = y.to(d);
    float[] losses = new float[STEPS];
    for (int step = 0; step < STEPS; step++) {
      Tensor loss = lossFn.apply(forward.apply(xd), yd);
      assertSame(d, loss.device());
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses[step] = loss.item();
    }
    assertTrue(losses[STEPS - 1] < losses[0], "training did not reduce the loss on " + d);
    float[][] out = new float[1 + model.parameters().size()][];
    out[0] = losses;
    int i = 1;
    for (Parameter p : model.parameters()) {
      assertSame(d, p.device());
      assertSame(d, p.grad().device());
      out[i++] = p.toFloatArray();
    }
    assertEquals(out.length - 1, model.parameters().size());
    return out;
  }

  private static boolean told;

  /** The OpenCL device; skips (saying why, once) or, with KILN_REQUIRE_OPENCL=1, fails. */
  private static synchronized Device openCl() {
    try {
      return Device.opencl();
    } catch (OpenClUnavailableException e) {
      if ("1".equals(System.getenv("KILN_REQUIRE_OPENCL"))) {
        fail("KILN_REQUIRE_OPENCL=1 but OpenCL is unavailable: " + e.getMessage());
      }
      if (!told) {
        told = true;
        System.err.println("Skipping the OpenCL tests: " + e.getMessage());
      }
      assumeTrue(false, "OpenCL unavailable: " + e.getMessage());
      throw e;
    }
  }
}
