package dev.kiln.processor;

import static dev.kiln.processor.Sources.assertSingleError;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/** Shape errors at a layer call or a tensor op: reported on the call's line, with a fix. */
class LayerCallErrorsTest {
  @Test
  void layerInputWidthMismatchIsReportedAtTheCall() {
    Sources.Src src = Sources.of("Mlp",
        "@Model",
        "public abstract class Mlp extends Module {",
        "  @Layer final Linear fc1 = new Linear(3, 16);",
        "  @Layer final Linear fc2 = new Linear(8, 4);",
        "",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc2.apply(relu(fc1.apply(x)));",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertSingleError(c, src, "return fc2.apply(", "[kiln.shape]",
        "fc2 = Linear(8, 4) (line " + src.line("new Linear(8, 4)") + ")",
        "expects input (*, 8)", "relu(fc1.apply(x)) has shape (B, 16)",
        "create Linear(16, 4)");
  }

  @Test
  void addOfUnbroadcastableShapesIsReportedAtTheAdd() {
    Sources.Src src = Sources.of("Sum",
        "@Model",
        "public abstract class Sum extends Module {",
        "  @Layer final Linear wide = new Linear(3, 16);",
        "  @Layer final Linear narrow = new Linear(3, 8);",
        "",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    Tensor a = wide.apply(x);",
        "    Tensor b = narrow.apply(x);",
        "    return a.add(b);",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertSingleError(c, src, "return a.add(b);", "[kiln.shape]",
        "cannot add", "a has shape (B, 16)", "b has shape (B, 8)", "16 vs 8", "neither is 1");
  }

  @Test
  void firstLayerDisagreeingWithShapeNamesTheAnnotation() {
    Sources.Src src = Sources.of("Head",
        "@Model",
        "public abstract class Head extends Module {",
        "  @Layer final Linear fc1 = new Linear(3, 16);",
        "",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 4\") Tensor x) {",
        "    return fc1.apply(x);",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertSingleError(c, src, "return fc1.apply(x);", "[kiln.shape]",
        "fc1 = Linear(3, 16)", "expects input (*, 3)", "@Shape(\"B, 4\")",
        "has shape (B, 4)", "create Linear(4, 16)");
  }

  @Test
  void provablyUnequalSymbolicSizesAreAnError() {
    Sources.Src src = Sources.of("Off",
        "@Model",
        "public abstract class Off extends Module {",
        "  @Layer final Linear fc1;",
        "  @Layer final Linear fc2;",
        "",
        "  Off(int hidden) {",
        "    fc1 = new Linear(4, hidden + 1);",
        "    fc2 = new Linear(hidden, 2);",
        "  }",
        "",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 4\") Tensor x) {",
        "    return fc2.apply(fc1.apply(x));",
        "  }",
        "}");
    Compilation c = Sources.compile(src);
    assertSingleError(c, src, "return fc2.apply(", "[kiln.shape]",
        "fc2 = Linear(hidden, 2)", "expects input (*, hidden)",
        "has shape (B, hidden + 1)", "create Linear(hidden + 1, 2)");
  }
}
