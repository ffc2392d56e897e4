package dev.kiln.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a child JVM on this JVM's class path, bounded by a timeout that
 * fires: the child's standard output and error go to files, never to a pipe the test reads
 * before {@code waitFor} (a hung child would block that read forever), and a child still running
 * at the deadline is killed and fails the test with what it had printed.
 */
public final class ChildJvm {
  /** What a finished child printed. */
  public record Result(int exitCode, List<String> stdout, List<String> stderr) {
    /** Standard error without the JDK's warning lines (incubator modules, native access). */
    public List<String> stderrWithoutWarnings() {
      return stderr.stream().filter(l -> !l.startsWith("WARNING") && !l.isEmpty()).toList();
    }
  }

  private final List<String> jvmArgs = new ArrayList<>(List.of("--add-modules",
      "jdk.incubator.vector"));
  private final Map<String, String> env = new java.util.HashMap<>();
  private final List<String> unsetEnv = new ArrayList<>();
  private long timeoutSeconds = 120;
  private String classPath = System.getProperty("java.class.path");

  /** Another class path than this JVM's. */
  public ChildJvm classPath(String path) {
    classPath = path;
    return this;
  }

  /** Extra JVM options (before the class path). */
  public ChildJvm jvmArgs(String... args) {
    jvmArgs.addAll(List.of(args));
    return this;
  }

  /** Starts the child without the Vector API module. */
  public ChildJvm withoutVectorModule() {
    jvmArgs.removeAll(List.of("--add-modules", "jdk.incubator.vector"));
    return this;
  }

  public ChildJvm env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public ChildJvm unsetEnv(String name) {
    unsetEnv.add(name);
    return this;
  }

  public ChildJvm timeoutSeconds(long seconds) {
    timeoutSeconds = seconds;
    return this;
  }

  /** The command line that runs {@code main} with {@code args}. */
  public List<String> command(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", classPath, main.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Starts the child with its output in {@code stdout} and {@code stderr} (files); the caller
   * owns the process and its deadline.
   */
  public Process start(Path stdout, Path stderr, Class<?> main, String... args)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(main, args))
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    unsetEnv.forEach(pb.environment()::remove);
    pb.environment().putAll(env);
    return pb.start();
  }

  /**
   * Runs {@code main} to completion within the timeout.
   *
   * @throws AssertionError when the child does not finish in time (it is killed first)
   */
  public Result run(Class<?> main, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("kiln-child", ".out");
    Path err = Files.createTempFile("kiln-child", ".err");
    try {
      Process p = start(out, err, main, args);
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError(main.getSimpleName() + " did not finish in " + timeoutSeconds
            + " s; it printed " + read(out) + " and on stderr " + read(err));
      }
      return new Result(p.exitValue(), read(out), read(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** As {@link #run} and asserts exit status 0, showing both outputs otherwise. */
  public Result runOk(Class<?> main, String... args) throws IOException, InterruptedException {
    Result r = run(main, args);
    if (r.exitCode() != 0) {
      throw new AssertionError(main.getSimpleName() + " exited with " + r.exitCode()
          + "; stdout " + r.stdout() + "; stderr " + r.stderr());
    }
    return r;
  }

  /**
   * Waits until the file holds a line equal to {@code line}, or fails when the process exits or
   * {@code seconds} pass first (killing it).
   */
  public static void awaitLine(Process p, Path file, String line, long seconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!read(file).contains(line)) {
      if (!p.isAlive()) {
        throw new AssertionError("child exited with " + p.exitValue() + " before printing '"
            + line + "': " + read(file));
      }
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("child did not print '" + line + "' in " + seconds + " s");
      }
      Thread.sleep(5);
    }
  }

  static List<String> read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
  }
}
