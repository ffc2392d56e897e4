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
  void leNetFlattenMistakeIsReportedAtTheLinearWithTheFlattenedSizeAndTheFix() {
    Sources.Src src = Sources.of("LeNet",
        "import dev.kiln.nn.Conv2d;",
        "import dev.kiln.nn.MaxPool2d;",
        "@Model",
        "public abstract class LeNet extends Module {",
        "  @Layer final Conv2d conv1 = new Conv2d(1, 6, 5);",
        "  @Layer final Conv2d conv2 = new Conv2d(6, 16, 5);",
        "  @Layer final MaxPool2d pool = new MaxPool2d(2);",
        "  @Layer final Linear fc1 = new Linear(16 * 4 * 4, 120);",
        "  @Layer final Linear fc2 = new Linear(120, 10);",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, 1, 32, 32\") Tensor x) {",
        "    Tensor h = pool.apply(relu(conv1.apply(x)));",
        "    h = pool.apply(relu(conv2.apply(h)));",
        "    h = relu(fc1.apply(h.flatten(1)));",
        "    return fc2.apply(h);",
        "  }",
        "}");
    assertSingleError(Sources.compile(src), src, "h = relu(fc1.apply(h.flatten(1)));",
        "[kiln.shape]", "fc1 = Linear(16 * 4 * 4, 120) (line " + src.line("new Linear(16") + ")"
            + " expects input (*, 256) but h.flatten(1) has shape (B, 400), flattened from"
            + " (B, 16, 5, 5): 16*5*5 = 400; to accept it, create Linear(16 * 5 * 5, 120)");
  }

  @Test
  void convInChannelsMismatch() {
    Sources.Src src = model("B, 3, 28, 28",
        "@Layer final Conv2d conv = new Conv2d(1, 32, 3).padding(1);", "return conv.apply(x);");
    assertSingleError(Sources.compile(src), src, "return conv.apply(x);", "[kiln.shape]",
        "conv = Conv2d(1, 32, 3).padding(1) (line " + src.line("new Conv2d") + ") expects input"
            + " (*, 1, H, W) but x (@Shape(\"B, 3, 28, 28\")) has shape (B, 3, 28, 28); to"
            + " accept it, create Conv2d(3, 32, 3).padding(1)");
  }

  @Test
  void convKernelLargerThanItsPaddedInput() {
    Sources.Src src = model("B, 1, 4, 4",
        "@Layer final Conv2d conv = new Conv2d(1, 8, 7).padding(1);", "return conv.apply(x);");
    assertSingleError(Sources.compile(src), src, "return conv.apply(x);", "[kiln.shape]",
        "conv = Conv2d(1, 8, 7).padding(1) (line " + src.line("new Conv2d") + ") computes"
            + " output size 0 < 1 for x (@Shape(\"B, 1, 4, 4\")) has shape (B, 1, 4, 4): its"
            + " kernel is larger than the (padded) input");
  }

  @Test
  void groupsNotDividingTheChannels() {
    Sources.Src src = model("B, 6, 8, 8",
        "@Layer final Conv2d conv = new Conv2d(6, 8, 3).groups(4);", "return conv.apply(x);");
    assertSingleError(Sources.compile(src), src, "return conv.apply(x);", "[kiln.shape]",
        "conv = Conv2d(6, 8, 3).groups(4) (line " + src.line("new Conv2d") + "): in_channels must"
            + " be divisible by groups");
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
