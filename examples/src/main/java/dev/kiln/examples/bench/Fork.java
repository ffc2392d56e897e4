package dev.kiln.examples.bench;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one benchmark row in a fresh JVM, as JMH forks: each workload is compiled by the JIT
 * with its own profile, not one polluted by the rows before it.
 */
final class Fork {
  private Fork() {}

  /** The child's standard output, after it exited with status 0. */
  static String run(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "--add-modules", "jdk.incubator.vector", "-cp", classPath(), CpuBench.class.getName()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("benchmark child failed: " + command + "\n" + out);
    }
    return out.trim();
  }

  /** This program's class path: the loader's URLs under {@code exec:java}, else the JVM's. */
  private static String classPath() throws URISyntaxException {
    if (CpuBench.class.getClassLoader() instanceof URLClassLoader loader) {
      List<String> parts = new ArrayList<>();
      for (URL url : loader.getURLs()) {
        parts.add(new File(url.toURI()).getPath());
      }
      return String.join(File.pathSeparator, parts);
    }
    return System.getProperty("java.class.path");
  }
}
