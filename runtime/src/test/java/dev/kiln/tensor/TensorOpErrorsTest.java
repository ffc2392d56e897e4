package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The tensor ops' errors carry PyTorch 1.13's messages word for word (IndexError as
 * IndexOutOfBoundsException, RuntimeError as IllegalArgumentException), and their edge cases
 * (empty slices, no-op squeeze, 0-d tensors) behave as PyTorch's.
 */
class TensorOpErrorsTest {
  private final Tensor x = Tensor.zeros(2, 3, 4);

  private static void index(String expected, Executable e) {
    assertEquals(expected, assertThrows(IndexOutOfBoundsException.class, e).getMessage());
  }

  private static void runtime(String expected, Executable e) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage());
  }

  private static String range(String r, int got) {
    return "Dimension out of range (expected to be in range of " + r + ", but got " + got + ")";
  }

  @Test
  void dimensionOutOfRangeEverywhere() {
    index(range("[-3, 2]", 3), () -> x.sum(3));
    index(range("[-3, 2]", -4), () -> x.sum(-4, true));
    index(range("[-3, 2]", 3), () -> x.mean(3, true));
    index(range("[-3, 2]", 3), () -> x.transpose(0, 3));
    index(range("[-3, 2]", -4), () -> x.transpose(-4, 0));
    index(range("[-3, 2]", 3), () -> x.permute(0, 1, 3));
    index(range("[-4, 3]", 4), () -> x.unsqueeze(4));
    index(range("[-4, 3]", -5), () -> x.unsqueeze(-5));
    index(range("[-3, 2]", 3), () -> x.squeeze(3));
    index(range("[-3, 2]", 3), () -> x.softmax(3));
    index(range("[-3, 2]", -4), () -> x.logSoftmax(-4));
    index(range("[-3, 2]", 3), () -> x.narrow(3, 0, 1));
    index(range("[-3, 2]", 3), () -> x.select(3, 0));
    index(range("[-3, 2]", 3), () -> x.split(1, 3));
    index(range("[-3, 2]", 3), () -> x.chunk(2, 3));
    index(range("[-3, 2]", 3), () -> Tensor.cat(List.of(x, x), 3));
    index(range("[-1, 0]", 1), () -> Tensor.scalar(1f).sum(1));
    index(range("[-1, 0]", 2), () -> Tensor.scalar(1f).unsqueeze(2));
  }

  @Test
  void permute() {
    runtime("permute(sparse_coo): number of dimensions in the tensor input does not match the"
        + " length of the desired ordering of dimensions i.e. input.dim() = 3 is not equal to"
        + " len(dims) = 2", () -> x.permute(0, 1));
    runtime("permute(): duplicate dims are not allowed.", () -> x.permute(0, 1, 1));
    runtime("permute(): duplicate dims are not allowed.", () -> x.permute(0, 2, -1));
  }

  @Test
  void narrowAndSelect() {
    runtime("start (2) + length (2) exceeds dimension size (3).", () -> x.narrow(1, 2, 2));
    runtime("start (0) + length (-1) exceeds dimension size (3).", () -> x.narrow(1, 0, -1));
    index(range("[-3, 2]", -4), () -> x.narrow(1, -4, 1)); // start wraps like a dimension
    index(range("[-3, 2]", 4), () -> x.narrow(1, 4, 0));
    assertArrayEquals(new int[] {2, 0, 4}, x.narrow(1, 3, 0).shape()); // start == size is fine
    assertArrayEquals(new int[] {2, 3, 4}, x.narrow(1, -3, 3).shape());
    runtime("narrow() cannot be applied to a 0-dim tensor.",
        () -> Tensor.scalar(1f).narrow(0, 0, 1));
    index("select(): index 3 out of range for tensor of size [2, 3, 4] at dimension 1",
        () -> x.select(1, 3));
    index("select(): index -4 out of range for tensor of size [2, 3, 4] at dimension 1",
        () -> x.select(-2, -4));
    index("select() cannot be applied to a 0-dim tensor.", () -> Tensor.scalar(1f).select(0, 0));
  }

  @Test
  void splitAndChunk() {
    runtime("split_size can only be 0 if dimension size is 0, but got dimension size of 3",
        () -> x.split(0, 1));
    runtime("split expects split_size be non-negative, but got split_size=-1",
        () -> x.split(-1, 1));
    runtime("chunk expects `chunks` to be greater than 0, got: 0", () -> x.chunk(0, 1));
    runtime("chunk expects `chunks` to be greater than 0, got: -1", () -> x.chunk(-1, 1));
    runtime("split expects at least a 1-dimensional tensor", () -> Tensor.scalar(1f).split(1, 0));
    runtime("chunk expects at least a 1-dimensional tensor", () -> Tensor.scalar(1f).chunk(1, 0));
    // sizes as PyTorch: (2, 5, 3).chunk(3, 1) -> 2, 2, 1; (2, 6, 3).chunk(4, 1) -> 2, 2, 2
    assertEquals(List.of(2, 2, 1), Tensor.zeros(2, 5, 3).chunk(3, 1).stream()
        .map(t -> t.size(1)).toList());
    assertEquals(List.of(2, 2, 2), Tensor.zeros(2, 6, 3).chunk(4, 1).stream()
        .map(t -> t.size(1)).toList());
    assertEquals(4, Tensor.zeros(2, 0, 3).chunk(4, 1).size());
    assertEquals(1, Tensor.zeros(2, 0, 3).split(2, 1).size());
  }

  @Test
  void cat() {
    runtime("torch.cat(): expected a non-empty list of Tensors", () -> Tensor.cat(List.of(), 0));
    runtime("Sizes of tensors must match except in dimension 2. Expected size 3 but got size 4"
        + " for tensor number 1 in the list.",
        () -> Tensor.cat(List.of(x, Tensor.zeros(2, 4, 4)), 2));
    runtime("Tensors must have same number of dimensions: got 3 and 2",
        () -> Tensor.cat(List.of(x, Tensor.zeros(2, 4)), 1));
    runtime("zero-dimensional tensor (at position 1) cannot be concatenated",
        () -> Tensor.cat(List.of(Tensor.zeros(2), Tensor.scalar(1f)), 0));
    // PyTorch 1.13's legacy rule: 1-D empty tensors are skipped
    assertArrayEquals(new int[] {2, 3, 4}, Tensor.cat(List.of(Tensor.zeros(0), x), 1).shape());
  }

  @Test
  void maskThatDoesNotBroadcastToTheInput() {
    runtime("shapes (2, 3, 4) and (5) cannot be broadcast (dimension 2: 4 vs 5)",
        () -> x.maskedFill(Tensor.zeros(5), 1f));
    runtime("masked_fill: the mask of shape (1, 2, 3, 4) must broadcast to the input's shape"
        + " (2, 3, 4) (together they broadcast to (1, 2, 3, 4))",
        () -> x.maskedFill(Tensor.zeros(1, 2, 3, 4), 1f));
  }

  @Test
  void shapeOnlyOps() {
    assertSame(x, x.contiguous());
    assertArrayEquals(new int[] {2, 3, 4}, x.squeeze(0).shape()); // size 2: unchanged
    assertArrayEquals(new int[] {2, 3}, Tensor.zeros(2, 1, 3).squeeze(-2).shape());
    assertArrayEquals(new int[] {1}, Tensor.scalar(1f).unsqueeze(-1).shape());
    assertArrayEquals(new int[] {2, 1, 4}, x.sum(1, true).shape());
    assertArrayEquals(new int[] {}, Tensor.scalar(2f).mean(0, true).shape());
    assertArrayEquals(new int[] {}, Tensor.scalar(2f).transpose(0, -1).shape());
  }

  @Test
  void gradFnNamesAsPyTorch() {
    Tensor a = Tensor.zeros(2, 3).requiresGrad(true);
    assertEquals("TransposeBackward", a.transpose(0, 1).gradFn().name());
    assertEquals("PermuteBackward", a.permute(1, 0).gradFn().name());
    assertEquals("ViewBackward", a.view(6).gradFn().name());
    assertEquals("UnsqueezeBackward", a.unsqueeze(0).gradFn().name());
    assertEquals("SqueezeBackward", a.squeeze(0).gradFn().name());
    assertEquals("SoftmaxBackward", a.softmax(1).gradFn().name());
    assertEquals("LogSoftmaxBackward", a.logSoftmax(1).gradFn().name());
    assertEquals("CatBackward", Tensor.cat(List.of(a, a), 0).gradFn().name());
    assertEquals("SplitBackward", a.split(1, 0).get(0).gradFn().name());
    assertEquals("SplitBackward", a.chunk(2, 1).get(0).gradFn().name());
    assertEquals("MaskedFillBackward", a.maskedFill(Tensor.zeros(3), 1f).gradFn().name());
    assertEquals("SelectBackward", a.select(0, 1).gradFn().name());
    assertEquals("SliceBackward", a.narrow(0, 0, 1).gradFn().name());
    assertEquals("DivBackward", a.div(a).gradFn().name());
    assertEquals("DivBackward", a.div(2f).gradFn().name());
    assertEquals("MulBackward", a.mul(2f).gradFn().name());
    assertEquals("AddBackward", a.add(2f).gradFn().name());
  }
}
