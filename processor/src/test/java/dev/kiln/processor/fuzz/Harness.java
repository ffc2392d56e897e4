package dev.kiln.processor.fuzz;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.kiln.Model;
import dev.kiln.processor.KilnProcessor;
import dev.kiln.tensor.Tensor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Compiles generated sources in-process with the real processor and loads the classes. */
final class Harness {
  private Harness() {}

  static List<JavaFileObject> files(ModelGen.Generated g) {
    List<JavaFileObject> files = new ArrayList<>();
    for (int i = 0; i < g.sources().size(); i++) {
      files.add(JavaFileObjects.forSourceLines("test." + g.sourceNames().get(i),
          g.sources().get(i)));
    }
    return files;
  }

  static Compilation compile(List<JavaFileObject> files) {
    return Compiler.javac()
        .withProcessors(new KilnProcessor())
        .withOptions("-Xlint:all", "-implicit:none", "-Xmaxerrs", "100000")
        .withClasspath(List.of(location(Model.class), location(Tensor.class)))
        .compile(files);
  }

  /** Every diagnostic of {@code c} (Kiln claims all its annotations: javac adds none of its own). */
  static List<javax.tools.Diagnostic<? extends JavaFileObject>> relevant(Compilation c) {
    return List.copyOf(c.diagnostics());
  }

  /** A class loader over the compiled classes of {@code c} (test.*), parent this one's. */
  static ClassLoader loader(Compilation c) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = f.toUri().getPath();
      String name = path.substring(path.indexOf("/test/") + 1, path.length() - 6)
          .replace('/', '.');
      try (InputStream in = f.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return new ClassLoader(Harness.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
      }
    };
  }

  private static File location(Class<?> c) {
    try {
      return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
