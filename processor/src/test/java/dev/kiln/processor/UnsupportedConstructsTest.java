package dev.kiln.processor;

import static dev.kiln.processor.Sources.assertSingleError;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Constructs outside the forward language: [kiln.unsupported], naming the construct. */
class UnsupportedConstructsTest {
  private static Sources.Src model(String name, String... body) {
    List<String> lines = new ArrayList<>(List.of(
        "@Model",
        "public abstract class " + name + " extends Module {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {"));
    lines.addAll(List.of(body));
    lines.addAll(List.of("  }", "}"));
    return Sources.of(name, lines.toArray(String[]::new));
  }

  @Test
  void ifStatement() {
    Sources.Src src = model("Branchy",
        "    if (x.dim() == 2) {",
        "      x = relu(x);",
        "    }",
        "    return fc.apply(x);");
    assertSingleError(Sources.compile(src), src, "if (x.dim() == 2)", "[kiln.unsupported]",
        "the condition of an if in a forward body must be a compile-time constant",
        "'(x.dim() == 2)' is not");
  }

  @Test
  void unknownTensorMethod() {
    Sources.Src src = model("Exp",
        "    Tensor h = x.exp();",
        "    return fc.apply(h);");
    assertSingleError(Sources.compile(src), src, "x.exp()", "[kiln.unsupported]",
        "unsupported expression", "'x.exp()'", "F.relu/tanh/sigmoid");
  }

  @Test
  void staticCallOutsideF() {
    Sources.Src src = model("MaxCall",
        "    int n = Math.max(1, 2);",
        "    return fc.apply(x);");
    assertSingleError(Sources.compile(src), src, "Math.max", "[kiln.unsupported]",
        "'Math.max(1, 2)'");
  }

  @Test
  void nonConstantReshapeSize() {
    Sources.Src src = model("Dynamic",
        "    return fc.apply(x.reshape(-1, x.dim()));");
    assertSingleError(Sources.compile(src), src, "x.reshape(-1, x.dim())", "[kiln.unsupported]",
        "the sizes of reshape(...) must be integer literals or static final int constants;"
            + " 'x.dim()' is neither");
  }
}
