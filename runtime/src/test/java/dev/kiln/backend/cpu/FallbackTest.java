package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.testing.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code jdk.incubator.vector} runs the plain-Java kernels, says so in
 * one line on standard error, and computes what the vectorised kernels compute (to rounding);
 * {@code -Dkiln.simd=false} selects them silently.
 */
class FallbackTest {
  /** FallbackRun's standard output, then its standard error, in a child JVM. */
  private static List<List<String>> run(String... jvmArgs) throws Exception {
    ChildJvm.Result r = new ChildJvm().withoutVectorModule().jvmArgs(jvmArgs).timeoutSeconds(60)
        .runOk(FallbackRun.class);
    return List.of(r.stdout(), r.stderr().stream()
        .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList());
  }

  private static void assertPlainResults(List<String> out) {
    assertEquals("simd false", out.get(0));
    float[] vectorised = FallbackRun.compute();
    assertTrue(Simd.ENABLED);
    assertEquals(vectorised.length + 1, out.size());
    for (int i = 0; i < vectorised.length; i++) {
      float plain = Float.intBitsToFloat(Integer.parseInt(out.get(i + 1)));
      assertEquals(vectorised[i], plain, 1e-5f * (1 + Math.abs(vectorised[i])), "element " + i);
    }
  }

  @Test
  void withoutTheModuleThePlainKernelsRunAndSaySo() throws Exception {
    List<List<String>> r = run();
    assertEquals(List.of("Kiln: using the plain-Java CPU kernels; start the JVM with --add-modules"
        + " jdk.incubator.vector for the vectorised ones (about 10x faster matmul)"), r.get(1));
    assertPlainResults(r.get(0));
  }

  @Test
  void simdFalseSelectsThePlainKernelsWithoutANotice() throws Exception {
    List<List<String>> r = run("--add-modules", "jdk.incubator.vector", "-Dkiln.simd=false");
    assertEquals(List.of(), r.get(1));
    assertPlainResults(r.get(0));
  }
}
