package dev.kiln.processor;

import static dev.kiln.processor.Sources.assertSingleError;

import org.junit.jupiter.api.Test;

/** The tensor methods of sequence models: PyTorch's messages, on the line of the call. */
class TensorOpErrorsTest {
  private static Sources.Src net(String... body) {
    java.util.List<String> l = new java.util.ArrayList<>(java.util.List.of(
        "import java.util.List;", "@Model", "public abstract class Net extends Module {",
        "  @Layer final Linear fc = new Linear(4, 4);", "  @Forward",
        "  public Tensor forward(@Shape(\"B, T, 4\") Tensor x, @Shape(\"T, T\") Tensor m) {"));
    for (String s : body) {
      l.add("    " + s);
    }
    l.add("  }");
    l.add("}");
    return Sources.of("Net", l.toArray(String[]::new));
  }

  @Test
  void transposeOutOfRange() {
    Sources.Src src = net("return x.transpose(1, 3);");
    assertSingleError(Sources.compile(src), src, "return x.transpose(1, 3);", "[kiln.shape]",
        "x.transpose(1, 3): Dimension out of range (expected to be in range of [-3, 2], but got"
            + " 3)");
  }

  @Test
  void catSizesMustMatchOutsideTheDimension() {
    Sources.Src src = net("Tensor h = fc.apply(x).narrow(2, 0, 2);",
        "return Tensor.cat(List.of(x, h), 1);");
    assertSingleError(Sources.compile(src), src, "return Tensor.cat", "[kiln.shape]",
        "Sizes of tensors must match except in dimension 1: x (@Shape(\"B, T, 4\")) has shape"
            + " (B, T, 4) but h has shape (B, T, 2)");
  }

  @Test
  void aMaskMustBroadcastToItsTensor() {
    Sources.Src src = net("Tensor s = x.matmul(x.transpose(1, 2));",
        "return s.maskedFill(m.unsqueeze(0).unsqueeze(0), -1e9f);");
    assertSingleError(Sources.compile(src), src, "return s.maskedFill", "[kiln.shape]",
        "the mask", "must broadcast to s has shape (B, T, T), not beyond it to (1, B, T, T)");
  }

  @Test
  void narrowPastTheEnd() {
    Sources.Src src = net("return x.narrow(2, 2, 3);");
    assertSingleError(Sources.compile(src), src, "return x.narrow(2, 2, 3);", "[kiln.shape]",
        "x.narrow(2, 2, 3): start (2) + length (3) exceeds dimension size (4) of x");
  }

  @Test
  void permuteNeedsEveryDimensionOnce() {
    Sources.Src src = net("return x.permute(0, 2, 2);");
    assertSingleError(Sources.compile(src), src, "return x.permute(0, 2, 2);", "[kiln.shape]",
        "x.permute(0, 2, 2): repeated dim in permute");
  }
}
