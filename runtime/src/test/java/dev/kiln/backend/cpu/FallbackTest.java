package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code jdk.incubator.vector} runs the plain-Java kernels, says so in
 * one line on standard error, and computes what the vectorised kernels compute (to rounding).
 */
class FallbackTest {
  @Test
  void withoutTheModuleThePlainKernelsRunAndSaySo() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path err = Files.createTempFile("fallback", ".err");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        FallbackRun.class.getName()).redirectError(err.toFile()).start();
    List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines().toList();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "FallbackRun did not finish");
    String stderr = Files.readString(err);
    Files.delete(err);
    assertEquals(0, p.exitValue(), stderr);
    assertEquals("simd false", out.get(0));
    assertEquals(List.of("Kiln: using the plain-Java CPU kernels; start the JVM with --add-modules"
        + " jdk.incubator.vector for the vectorised ones (about 10x faster matmul)"),
        stderr.lines().toList());
    float[] vectorised = FallbackRun.compute();
    assertTrue(Simd.ENABLED);
    assertEquals(vectorised.length + 1, out.size());
    for (int i = 0; i < vectorised.length; i++) {
      float plain = Float.intBitsToFloat(Integer.parseInt(out.get(i + 1)));
      assertEquals(vectorised[i], plain, 1e-5f * (1 + Math.abs(vectorised[i])), "element " + i);
    }
  }
}
