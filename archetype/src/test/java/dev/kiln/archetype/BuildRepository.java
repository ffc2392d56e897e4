package dev.kiln.archetype;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private Maven local repository under {@code archetype/target}, holding the artifacts this
 * build just made (as {@code mvn install} would put them), and a settings file that serves
 * everything else (plugins, JUnit, LWJGL, JavaPoet) from the build's own local repository as a
 * {@code file:} repository. Maven runs with {@code -o}: it never reaches the network, and the
 * user's {@code ~/.m2} gets no Kiln snapshot from a {@code verify}.
 */
final class BuildRepository {
  static final String VERSION = property("kiln.version");
  static final String ARCHETYPE_PLUGIN = "org.apache.maven.plugins:maven-archetype-plugin:"
      + property("kiln.archetypeVersion");
  static final Path ROOT = Path.of(property("kiln.root")).toAbsolutePath().normalize();

  private final Path settings;
  private final Path globalSettings;

  private BuildRepository(Path settings, Path globalSettings) {
    this.settings = settings;
    this.globalSettings = globalSettings;
  }

  /** Installs the reactor's artifacts into {@code archetype/target/it-repository}. */
  static BuildRepository install() throws IOException {
    Path target = ROOT.resolve("archetype/target");
    Path local = target.resolve("it-repository");
    Path kiln = local.resolve("dev/kiln");
    deleteRecursively(kiln);
    put(kiln, "kiln-parent", ROOT.resolve("pom.xml"), null);
    for (String module : List.of("annotations", "processor", "runtime", "archetype")) {
      Path jar = moduleJar(module);
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: build the reactor (mvn verify, or"
            + " -pl archetype -am), which packages every module before this test runs");
      }
      put(kiln, "kiln-" + module, ROOT.resolve(module + "/pom.xml"), jar);
    }
    Path build = Path.of(property("kiln.buildRepository")).toAbsolutePath();
    String repo = "<id>kiln-build-repository</id><url>" + build.toUri() + "</url>"
        + "<snapshots><enabled>false</enabled></snapshots>"
        + "<releases><checksumPolicy>ignore</checksumPolicy></releases>";
    Path settings = target.resolve("it-settings.xml");
    Files.writeString(settings, String.join("\n",
        "<settings>",
        "  <localRepository>" + local + "</localRepository>",
        "  <profiles><profile><id>kiln-build-repository</id>",
        "    <repositories><repository>" + repo + "</repository></repositories>",
        "    <pluginRepositories><pluginRepository>" + repo + "</pluginRepository>"
            + "</pluginRepositories>",
        "  </profile></profiles>",
        "  <activeProfiles><activeProfile>kiln-build-repository</activeProfile></activeProfiles>",
        "</settings>",
        ""));
    // No mirror from the installation's global settings may redirect the file repository.
    Path global = Files.writeString(target.resolve("it-global-settings.xml"), "<settings/>\n");
    return new BuildRepository(settings, global);
  }

  /** The outcome of one Maven run: its exit status and everything it printed. */
  record Run(int status, String output) {
    String tail() {
      return output.substring(Math.max(0, output.length() - 6000));
    }
  }

  /**
   * Runs {@code mvn -B -o} with this repository in {@code dir}; file repositories are allowed
   * offline ({@code aether.offline.protocols=file}).
   */
  Run mvn(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(property("kiln.mavenHome"), "bin", "mvn").toString(),
        "-B", "-o", "-s", settings.toString(), "-gs", globalSettings.toString(),
        "-Daether.offline.protocols=file"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("kiln-mvn", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("mvn " + args[args.length - 1] + " ran over 5 minutes:\n"
          + Files.readString(log));
    }
    String output = Files.readString(log);
    Files.delete(log);
    return new Run(p.exitValue(), output);
  }

  private static void put(Path kiln, String artifact, Path pom, Path jar) throws IOException {
    Path dir = Files.createDirectories(kiln.resolve(artifact).resolve(VERSION));
    Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"),
        StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** An artifact in the build's own local repository (where Maven put this build's dependencies). */
  static Path buildArtifact(String group, String artifact, String version, String classifier) {
    return Path.of(property("kiln.buildRepository"), group.split("\\."))
        .resolve(artifact).resolve(version)
        .resolve(artifact + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar");
  }

  /** The jar a module of this build packaged. */
  static Path moduleJar(String module) {
    return ROOT.resolve(module + "/target/kiln-" + module + "-" + VERSION + ".jar");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static String property(String name) {
    String v = System.getProperty(name);
    if (v == null) {
      throw new IllegalStateException("system property " + name + " is not set: run this test"
          + " through Maven (archetype/pom.xml sets it)");
    }
    return v;
  }
}
