package dev.kiln.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * A Linear whose output only an activation reads writes into the activation's buffer; a relu is
 * applied by the Linear's own kernel.
 */
class FusionTest {
  private static String generated(String name, String body) {
    Sources.Src src = Sources.of(name,
        "@Model",
        "public abstract class " + name + " extends Module {",
        "  @Layer final Linear fc = new Linear(3, 4);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        body,
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertThat(c).succeededWithoutWarnings();
    try {
      return c.generatedSourceFile("test.Kiln" + name).orElseThrow().getCharContent(true)
          .toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void linearThenReluIsOneKernelCallIntoTheActivationsBuffer() {
    String code = generated("Fused", "    return relu(fc.apply(x));");
    assertTrue(code.contains("fc.forwardReluInto(x, t2); // t1 (B, 4) = fc.apply(x), in t2,"
        + " then relu"), code);
    assertTrue(code.contains("// t2 (B, 4) = relu(fc.apply(x)): applied by the line above"),
        code);
    assertFalse(code.contains("k.relu("), code);
    assertTrue(code.contains("k.reluBackward(t2, dOut, t1Grad);"),
        code);
    assertFalse(code.contains("t1 = value("), code);
  }

  @Test
  void linearThenTanhRunsTheTanhInPlace() {
    String code = generated("FusedTanh", "    return dev.kiln.nn.F.tanh(fc.apply(x));");
    assertTrue(code.contains("fc.forwardInto(x, t2);"), code);
    assertTrue(code.contains("k.tanh(t2, t2);"), code);
  }

  @Test
  void aPreActivationReadTwiceKeepsItsBuffer() {
    String code = generated("Unfused", "    Tensor t = fc.apply(x);\n    return relu(t).add(t);");
    assertTrue(code.contains("fc.forwardInto(x, t);"), code);
    assertTrue(code.contains("k.relu(t, t1);"), code);
  }
}
