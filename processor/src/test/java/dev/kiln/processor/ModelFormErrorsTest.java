package dev.kiln.processor;

import static dev.kiln.processor.Sources.assertSingleError;

import org.junit.jupiter.api.Test;

/** A malformed @Model class, @Forward method or @Layer field: one coded error at its line. */
class ModelFormErrorsTest {
  @Test
  void modelClassMustBeAbstract() {
    Sources.Src src = Sources.of("Plain",
        "@Model",
        "public class Plain extends Module {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "public class Plain", "[kiln.model]",
        "must be abstract", "'public abstract class Plain extends Module'");
  }

  @Test
  void modelClassMustExtendModule() {
    Sources.Src src = Sources.of("Loose",
        "@Model",
        "public abstract class Loose {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "public abstract class Loose", "[kiln.model]",
        "must extend dev.kiln.nn.Module", "'public abstract class Loose extends Module'");
  }

  @Test
  void missingForwardIsReportedOnTheClass() {
    Sources.Src src = Sources.of("NoForward",
        "@Model",
        "public abstract class NoForward extends Module {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "public abstract class NoForward",
        "[kiln.forward]", "has no @Forward method", "@Forward public Tensor forward(");
  }

  @Test
  void secondForwardIsReportedOnTheSecond() {
    Sources.Src src = Sources.of("TwoForwards",
        "@Model",
        "public abstract class TwoForwards extends Module {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "  @Forward",
        "  public Tensor again(@Shape(\"B, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "public Tensor again(", "[kiln.forward]",
        "has 2 @Forward methods", "keep exactly one", "the first is 'forward'");
  }

  @Test
  void layerOnSomethingThatIsNotALayer() {
    Sources.Src src = Sources.of("IntLayer",
        "@Model",
        "public abstract class IntLayer extends Module {",
        "  @Layer final int width = 3;",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "@Layer final int width", "[kiln.layer]",
        "@Layer field 'width' has type int, which is not a layer");
  }

  @Test
  void forwardParameterWithoutShape() {
    Sources.Src src = Sources.of("Unshaped",
        "@Model",
        "public abstract class Unshaped extends Module {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  @Forward",
        "  public Tensor forward(",
        "      Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "Tensor x) {", "[kiln.forward]",
        "'x' needs its shape", "@Shape(\"B, 3\") Tensor x");
  }
}
