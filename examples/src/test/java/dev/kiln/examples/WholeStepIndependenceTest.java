package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.testing.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A whole compiled training step (the MNIST classifier at batch 64: forward, cross-entropy,
 * backward, SGD) gives the same bits interpreted ({@code -Xint}: the Vector API's Java
 * fallbacks) as compiled by C2 after warm-up, and at 1 and at 2 threads: the README's claim that
 * a run's results depend neither on the JIT nor on the thread count, checked on whole steps
 * rather than single kernels ({@code JitIndependenceTest}).
 */
class WholeStepIndependenceTest {
  private static List<String> run(String threads, String warmup, String... jvmArgs)
      throws Exception {
    return new ChildJvm().jvmArgs(jvmArgs).timeoutSeconds(300)
        .runOk(StepRun.class, threads, warmup, "2").stdout();
  }

  @Test
  void interpretedCompiledAndThreadCountsAgreeBitForBit() throws Exception {
    List<String> interpreted = run("2", "0", "-Xint");
    assertEquals(2, interpreted.size(), interpreted::toString);
    assertEquals(interpreted, run("1", "200", "-XX:-TieredCompilation", "-Xbatch"),
        "C2, 1 thread");
    assertEquals(interpreted, run("2", "200", "-XX:-TieredCompilation", "-Xbatch"),
        "C2, 2 threads");
  }
}
