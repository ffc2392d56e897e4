package dev.kiln.processor;

import static dev.kiln.processor.Sources.assertSingleError;

import org.junit.jupiter.api.Test;

/** Errors in a user layer's @ShapeContract, a @Shape string, and reshape sizes. */
class ContractAndOpErrorsTest {
  @Test
  void contractOutputSizeMustBeDefined() {
    Sources.Src src = Sources.of("Custom",
        "@Model",
        "public abstract class Custom extends Module {",
        "  @Layer final Odd odd = new Odd();",
        "",
        "  @dev.kiln.ShapeContract(input = \"*, in\", output = \"*, out\")",
        "  public static final class Odd extends dev.kiln.nn.UnaryModule {",
        "    @Override public int[] outputShape(int[] in) { return in; }",
        "    @Override public void forwardInto(Tensor x, Tensor y) {}",
        "    @Override public void backwardInto(Tensor x, Tensor y, Tensor dy, Tensor dx) {}",
        "  }",
        "",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 3\") Tensor x) {",
        "    return odd.apply(x);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "new Odd()", "[kiln.layer]",
        "the @ShapeContract of Odd has output size 'out' that neither its args nor its input"
            + " defines");
  }

  @Test
  void emptyDimensionInShapeIsAForwardError() {
    Sources.Src src = Sources.of("Commas",
        "@Model",
        "public abstract class Commas extends Module {",
        "  @Layer final Linear fc = new Linear(3, 1);",
        "  @Forward",
        "  public Tensor forward(",
        "      @Shape(\"B, 3,\") Tensor x) {",
        "    return fc.apply(x);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "@Shape(\"B, 3,\")", "[kiln.forward]",
        "@Shape(\"B, 3,\") of 'x' cannot be read", "empty dimension");
  }

  @Test
  void reshapeWithTwoUnknownSizesIsAShapeError() {
    Sources.Src src = Sources.of("TwoHoles",
        "@Model",
        "public abstract class TwoHoles extends Module {",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 4, 4\") Tensor x) {",
        "    return x.reshape(-1, -1);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "x.reshape(-1, -1)", "[kiln.shape]",
        "cannot reshape x (@Shape(\"B, 4, 4\")) has shape (B, 4, 4) to [-1, -1]",
        "at most one -1");
  }

  @Test
  void reshapeToADifferentElementCountIsAShapeError() {
    Sources.Src src = Sources.of("Resize",
        "@Model",
        "public abstract class Resize extends Module {",
        "  @Forward",
        "  public Tensor forward(@Shape(\"3, 4\") Tensor x) {",
        "    return x.reshape(-1, 5);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "x.reshape(-1, 5)", "[kiln.shape]",
        "has shape (3, 4) to [-1, 5]: 12 elements are not divisible by 5");
  }
}
