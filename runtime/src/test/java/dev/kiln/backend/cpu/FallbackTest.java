package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code jdk.incubator.vector} runs the plain-Java kernels, says so in
 * one line on standard error, and computes what the vectorised kernels compute (to rounding);
 * {@code -Dkiln.simd=false} selects them silently.
 */
class FallbackTest {
  /** FallbackRun's standard output, then its standard error, in a child JVM. */
  private static List<List<String>> run(String... jvmArgs) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElseThrow()));
    command.addAll(List.of(jvmArgs));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        FallbackRun.class.getName()));
    Path err = Files.createTempFile("fallback", ".err");
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
    List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines().toList();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "FallbackRun did not finish");
    String stderr = Files.readString(err);
    Files.delete(err);
    assertEquals(0, p.exitValue(), stderr);
    return List.of(out, stderr.lines()
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
