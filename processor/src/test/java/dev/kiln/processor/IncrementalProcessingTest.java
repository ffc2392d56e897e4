package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor declares itself to Gradle as an isolating incremental annotation processor
 * ({@code META-INF/gradle/incremental.annotation.processors}), which holds because it generates
 * one source file per {@code @Model} class, from that class alone, with that class as its only
 * originating element.
 */
class IncrementalProcessingTest {
  private static final String DECLARATION =
      "META-INF/gradle/incremental.annotation.processors";

  @Test
  void declaresTheRegisteredProcessorAsIsolating() throws IOException {
    assertThat(lines(DECLARATION)).containsExactly(KilnProcessor.class.getName() + ",isolating");
    // The declared class is the processor javac discovers (AutoService's registration).
    assertThat(lines("META-INF/services/javax.annotation.processing.Processor"))
        .containsExactly(KilnProcessor.class.getName());
  }

  /**
   * javac 18 and later hand each generated file's originating elements to the file manager (as
   * their source files); Gradle requires exactly one for an isolating processor. On javac 17 the
   * file manager is not told, so the check is skipped there.
   */
  @Test
  void everyGeneratedFileHasExactlyOneOriginatingSource(@TempDir Path dir) throws IOException {
    assumeTrue(Runtime.version().feature() >= 18, "javac 18+ reports originating files");
    Sources.Src first = Sources.of("First",
        "@Model",
        "public abstract class First extends Module {",
        "  @Layer final Linear fc = new Linear(3, 4);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return relu(fc.apply(x));",
        "  }",
        "}");
    Sources.Src second = Sources.of("Second",
        "public final class Second {",
        "  private Second() {}",
        "  @Model",
        "  public abstract static class Inner extends Module {",
        "    @Layer final Sequential net = new Sequential(new Linear(2, 8), new Tanh(),",
        "        new Linear(8, 1));",
        "    @Forward",
        "    public Tensor forward(@Shape(\"B, 2\") Tensor x) {",
        "      return net.apply(x);",
        "    }",
        "  }",
        "}");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StandardJavaFileManager standard = javac.getStandardFileManager(null, null, null);
    Files.createDirectories(dir.resolve("classes"));
    Files.createDirectories(dir.resolve("generated"));
    standard.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(dir.resolve("classes")));
    standard.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT,
        List.of(dir.resolve("generated")));
    standard.setLocation(StandardLocation.CLASS_PATH, Sources.classpathFiles());
    Recorder recorder = new Recorder(standard);
    boolean ok = javac.getTask(null, recorder, null, List.of("-proc:only"), null,
        List.of(first.file(), second.file())).call();
    assertThat(ok).isTrue();
    assertThat(recorder.originating.keySet()).containsExactly("test.KilnFirst",
        "test.KilnSecond_Inner");
    assertThat(recorder.originating.get("test.KilnFirst")).containsExactly("First.java");
    assertThat(recorder.originating.get("test.KilnSecond_Inner")).containsExactly("Second.java");
  }

  /** Records, per generated source file, the names of its originating source files. */
  private static final class Recorder extends ForwardingJavaFileManager<JavaFileManager> {
    final Map<String, List<String>> originating = new LinkedHashMap<>();

    Recorder(JavaFileManager delegate) {
      super(delegate);
    }

    // JavaFileManager's method since Java 18; on 17 it is never called.
    public JavaFileObject getJavaFileForOutputForOriginatingFiles(Location location,
        String className, JavaFileObject.Kind kind, FileObject... originatingFiles)
        throws IOException {
      if (kind == JavaFileObject.Kind.SOURCE) {
        List<String> names = new ArrayList<>();
        for (FileObject f : originatingFiles) {
          String n = f.getName();
          names.add(n.substring(n.lastIndexOf('/') + 1));
        }
        originating.put(className, names);
      }
      return getJavaFileForOutput(location, className, kind,
          originatingFiles.length == 1 ? originatingFiles[0] : null);
    }
  }

  private static List<String> lines(String resource) throws IOException {
    Path root;
    try {
      root = Path.of(KilnProcessor.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    Path file = root.resolve(resource);
    assertWithMessage("%s in %s", resource, root).that(Files.exists(file)).isTrue();
    try (InputStream in = Files.newInputStream(file)) {
      List<String> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.trim());
        }
      }
      return out;
    }
  }
}
