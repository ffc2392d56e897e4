package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The vectorised kernels give the same bits interpreted (the Vector API's Java fallbacks) as
 * compiled by C2 (its intrinsics), so a run's results do not depend on when the JIT compiled
 * what. This failed on JDK 17 with the Vector API's EXP in tanh and sigmoid, and on JDK 25 with
 * {@code reduceLanes(ADD)} in the dot products.
 */
class JitIndependenceTest {
  private static List<String> run(int rounds, String... jvmArgs) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElseThrow(), "--add-modules",
        "jdk.incubator.vector"));
    command.addAll(List.of(jvmArgs));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        JitRun.class.getName(), "" + rounds));
    Path file = Files.createTempFile("kiln-jit", ".txt");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(file.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("JitRun " + jvmArgs[0] + " did not finish in 120 s");
      }
      List<String> out = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), "JitRun failed: " + out);
      return out;
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void interpretedAndCompiledKernelsAgreeBitForBit() throws Exception {
    List<String> interpreted = run(1, "-Xint");
    // without tiers, and compiling in the foreground: C2's code runs long before the last round
    List<String> compiled = run(20_000, "-XX:-TieredCompilation", "-Xbatch");
    assertEquals(5, interpreted.size(), interpreted::toString);
    assertEquals(interpreted, compiled);
  }
}
