package dev.kiln.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.Model;
import dev.kiln.tensor.Tensor;
import java.io.File;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Builds {@code @Model} test sources in package {@code test} and compiles them with Kiln. */
final class Sources {
  /** Every source starts with these lines, so its body starts on line {@code HEADER.size() + 1}. */
  static final List<String> HEADER = List.of(
      "package test;",
      "",
      "import static dev.kiln.nn.F.relu;",
      "import dev.kiln.Forward;",
      "import dev.kiln.Layer;",
      "import dev.kiln.Model;",
      "import dev.kiln.Shape;",
      "import dev.kiln.nn.Flatten;",
      "import dev.kiln.nn.Linear;",
      "import dev.kiln.nn.Module;",
      "import dev.kiln.nn.ReLU;",
      "import dev.kiln.nn.Sequential;",
      "import dev.kiln.nn.Tanh;",
      "import dev.kiln.tensor.Tensor;",
      "");

  private Sources() {}

  /** A source file {@code test/<name>.java}: the header, then {@code body}. */
  record Src(String name, List<String> lines, JavaFileObject file) {
    /** The 1-based line holding {@code snippet}, which must occur on exactly one line. */
    int line(String snippet) {
      int found = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(snippet)) {
          assertWithMessage("'%s' occurs on more than one line", snippet).that(found).isEqualTo(-1);
          found = i + 1;
        }
      }
      assertWithMessage("'%s' does not occur in %s", snippet, name).that(found).isGreaterThan(0);
      return found;
    }
  }

  static Src of(String name, String... body) {
    List<String> lines = new ArrayList<>(HEADER);
    lines.addAll(List.of(body));
    return new Src(name, lines, JavaFileObjects.forSourceLines("test." + name, lines));
  }

  /** Compiles with the Kiln processor against the annotations and runtime. */
  static Compilation compile(Src... sources) {
    List<JavaFileObject> files = new ArrayList<>();
    for (Src s : sources) {
      files.add(s.file());
    }
    return compile(files);
  }

  static Compilation compile(List<JavaFileObject> files) {
    return Compiler.javac()
        .withProcessors(new KilnProcessor())
        .withClasspath(classpathFiles())
        .compile(files);
  }

  /**
   * Asserts that {@code c} failed with exactly one error, in {@code src} on the line holding
   * {@code at}, whose message starts with {@code tag} and contains every one of {@code content}.
   */
  static void assertSingleError(Compilation c, Src src, String at, String tag, String... content) {
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    int line = src.line(at);
    assertThat(c).hadErrorContaining(tag).inFile(src.file()).onLine(line);
    assertWithMessage("the message starts with its code")
        .that(c.errors().get(0).getMessage(null)).startsWith(tag + " ");
    for (String s : content) {
      assertThat(c).hadErrorContaining(s).inFile(src.file()).onLine(line);
    }
  }

  /** The text of a generated source, e.g. {@code generated(c, "test.KilnGood")}. */
  static String generated(Compilation c, String qualifiedName) {
    try {
      return c.generatedSourceFile(qualifiedName).orElseThrow().getCharContent(true).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The annotations and the runtime. */
  static List<File> classpathFiles() {
    return List.of(location(Model.class), location(Tensor.class));
  }

  /** The annotations and the runtime, as a class path string. */
  static String classpath() {
    return location(Model.class) + File.pathSeparator + location(Tensor.class);
  }

  private static File location(Class<?> c) {
    try {
      return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
