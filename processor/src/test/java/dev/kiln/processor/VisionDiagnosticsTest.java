package dev.kiln.processor;

import static dev.kiln.processor.Sources.assertSingleError;

import org.junit.jupiter.api.Test;

/** The vision layers' shape errors, each at the call's line with both shapes (issue 16). */
class VisionDiagnosticsTest {
  private static Sources.Src model(String shape, String fields, String body) {
    return Sources.of("Net",
        "import dev.kiln.nn.*;",
        "import dev.kiln.nn.Module;",
        "@Model",
        "public abstract class Net extends Module {",
        "  " + fields,
        "  @Forward",
        "  public Tensor forward(@Shape(\"" + shape + "\") Tensor x) {",
        "    " + body,
        "  }",
        "}");
  }

  @Test
  void batchNormFeaturesNotMatchingTheChannels() {
    Sources.Src src = model("B, 3, 8, 8", "@Layer final BatchNorm2d bn = new BatchNorm2d(16);",
        "return bn.apply(x);");
    assertSingleError(Sources.compile(src), src, "return bn.apply(x);", "[kiln.shape]",
        "bn = BatchNorm2d(16) (line " + src.line("new BatchNorm2d") + ") expects input"
            + " (N, 16, H, W) but x (@Shape(\"B, 3, 8, 8\")) has shape (B, 3, 8, 8); to accept"
            + " it, create BatchNorm2d(3)");
  }

  @Test
  void unflattenSizesNotMultiplyingToTheDimension() {
    Sources.Src src = model("B, 100", "@Layer final Unflatten unflat = new Unflatten(1, 4, 5, 6);",
        "return unflat.apply(x);");
    assertSingleError(Sources.compile(src), src, "return unflat.apply(x);", "[kiln.shape]",
        "unflat = Unflatten(1, 4, 5, 6) (line " + src.line("new Unflatten") + ") splits"
            + " dimension 1 into [4, 5, 6] = 120 elements but x (@Shape(\"B, 100\")) has shape"
            + " (B, 100)");
  }

  @Test
  void poolingWindowLargerThanItsInput() {
    Sources.Src src = model("B, 2, 3, 3", "@Layer final MaxPool2d pool = new MaxPool2d(4);",
        "return pool.apply(x);");
    assertSingleError(Sources.compile(src), src, "return pool.apply(x);", "[kiln.shape]",
        "pool = MaxPool2d(4) (line " + src.line("new MaxPool2d") + ") computes output size 0 < 1"
            + " for x (@Shape(\"B, 2, 3, 3\")) has shape (B, 2, 3, 3): its kernel is larger than"
            + " the (padded) input");
  }
}
