package dev.kiln.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A child that hangs after filling more than a pipe's buffer fails the test at its deadline
 * instead of blocking the build: a helper that read the child's output before {@code waitFor}
 * blocks forever here (this test's own {@code @Timeout} then fails it).
 */
class ChildJvmTest {
  /** Prints 1 MB, then sleeps forever (or exits when given "exit"). */
  public static final class Hang {
    public static void main(String[] args) throws Exception {
      StringBuilder line = new StringBuilder();
      line.append("x".repeat(1023));
      for (int i = 0; i < 1024; i++) {
        System.out.println(line);
      }
      System.out.flush();
      if (args.length > 0 && args[0].equals("exit")) {
        return;
      }
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aHungChildFailsAtItsDeadline() {
    long start = System.nanoTime();
    AssertionError e = assertThrows(AssertionError.class,
        () -> new ChildJvm().withoutVectorModule().timeoutSeconds(3).run(Hang.class));
    assertTrue(e.getMessage().startsWith("Hang did not finish in 3 s"), e.getMessage());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(50));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aChildThatFinishesReturnsAllItsOutput() throws Exception {
    ChildJvm.Result r = new ChildJvm().withoutVectorModule().timeoutSeconds(50)
        .runOk(Hang.class, "exit");
    assertEquals(1024, r.stdout().size());
  }
}
