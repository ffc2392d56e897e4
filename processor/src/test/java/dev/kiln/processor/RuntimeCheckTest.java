package dev.kiln.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** An equality over constructor parameters alone compiles to a check in the constructor. */
class RuntimeCheckTest {
  private static final Sources.Src SRC = Sources.of("Pair",
      "@Model",
      "public abstract class Pair extends Module {",
      "  @Layer final Linear fc1;",
      "  @Layer final Linear fc2;",
      "",
      "  Pair(int a, int b) {",
      "    fc1 = new Linear(3, a);",
      "    fc2 = new Linear(b, 2);",
      "  }",
      "",
      "  @Forward",
      "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
      "    return fc2.apply(fc1.apply(x));",
      "  }",
      "}");
  private static final String MESSAGE = "fc2 = Linear(b, 2) (line " + SRC.line("Linear fc2;")
      + ") expects input (*, b) but fc1.apply(x) has shape (B, a); to accept it, create"
      + " Linear(a, 2)";

  @Test
  void undecidableEqualityBecomesAConstructorCheck() {
    Compilation c = Sources.compile(SRC);
    assertThat(c).succeededWithoutWarnings();
    String kiln = Sources.generated(c, "test.KilnPair");
    assertThat(kiln).contains("KilnPair(int a, int b) {");
    assertThat(kiln).contains("Inputs.require((b) == (a), \"" + MESSAGE + "\", (b), (a));");
  }

  @Test
  void generatedCheckRunsWhenTheModelIsConstructed() throws Exception {
    Class<?> kiln = load(Sources.compile(SRC), "test.KilnPair");
    Constructor<?> ctor = kiln.getDeclaredConstructor(int.class, int.class);
    ctor.setAccessible(true);

    Object model = ctor.newInstance(5, 5);
    // Through the public model class: the generated class is package-private.
    Method forward = kiln.getSuperclass().getMethod("forward", Tensor.class);
    Tensor y = (Tensor) forward.invoke(model, Tensor.zeros(4, 3));
    assertThat(y.shape()).asList().containsExactly(4, 2).inOrder();

    InvocationTargetException e =
        assertThrows(InvocationTargetException.class, () -> ctor.newInstance(5, 6));
    assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
    assertThat(e.getCause()).hasMessageThat().isEqualTo(MESSAGE + " (here 6 vs 5)");
  }

  /** Loads {@code name} from the class files of {@code c}, over the test's class path. */
  private static Class<?> load(Compilation c, String name) throws ClassNotFoundException {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        String path = f.toUri().getPath();
        String binary = path.substring(path.indexOf("/CLASS_OUTPUT/") + 14, path.length() - 6)
            .replace('/', '.');
        try (InputStream in = f.openInputStream()) {
          classes.put(binary, in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    ClassLoader loader = new ClassLoader(RuntimeCheckTest.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String n) throws ClassNotFoundException {
        byte[] b = classes.get(n);
        if (b == null) {
          throw new ClassNotFoundException(n);
        }
        return defineClass(n, b, 0, b.length);
      }
    };
    return loader.loadClass(name);
  }
}
