package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model with an error gets no generated class; a correct model beside it still does. */
class ErrorIsolationTest {
  @TempDir Path dir;

  @Test
  void onlyTheCorrectModelIsGenerated() throws IOException {
    Sources.Src bad = Sources.of("Bad",
        "@Model",
        "public abstract class Bad extends Module {",
        "  @Layer final Linear fc1 = new Linear(3, 16);",
        "  @Layer final Linear fc2 = new Linear(8, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc2.apply(fc1.apply(x));",
        "  }",
        "}");
    Sources.Src good = Sources.of("Good",
        "@Model",
        "public abstract class Good extends Module {",
        "  @Layer final Linear fc1 = new Linear(3, 16);",
        "  @Layer final Linear fc2 = new Linear(16, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc2.apply(fc1.apply(x));",
        "  }",
        "}");
    Compilation c = Sources.compile(bad, good);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[kiln.shape]").inFile(bad.file())
        .onLine(bad.line("return fc2.apply("));
    // compile-testing hides the generated files of a failed compilation: run javac itself.
    assertThat(generatedBy(bad, good)).containsExactly("test/KilnGood.java");
  }

  /** The sources the processor writes for {@code sources}, relative to javac's -s folder. */
  private List<String> generatedBy(Sources.Src... sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path out = Files.createDirectories(dir.resolve("generated"));
    List<JavaFileObject> files = Arrays.stream(sources).map(Sources.Src::file).toList();
    JavaCompiler.CompilationTask task = javac.getTask(null, null, d -> { }, List.of(
        "-proc:only", "-s", out.toString(), "-classpath", Sources.classpath()), null, files);
    task.setProcessors(List.of(new KilnProcessor()));
    task.call();
    try (Stream<Path> walk = Files.walk(out)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> out.relativize(p).toString().replace(File.separatorChar, '/')).toList();
    }
  }

  @Test
  void everyModelWithAnErrorIsReportedInOneCompilation() {
    Sources.Src first = Sources.of("First",
        "@Model",
        "public class First extends Module {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    Sources.Src second = Sources.of("Second",
        "@Model",
        "public abstract class Second extends Module {",
        "  @Layer final Linear fc = new Linear(4, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    Compilation c = Sources.compile(first, second);
    assertThat(c).hadErrorCount(2);
    assertThat(c).hadErrorContaining("[kiln.model]").inFile(first.file())
        .onLine(first.line("public class First"));
    assertThat(c).hadErrorContaining("[kiln.shape]").inFile(second.file())
        .onLine(second.line("return fc.apply(x);"));
  }
}
