package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Shape errors name the shapes involved, in PyTorch's spelling {@code (2, 3)}. */
class ErrorMessagesTest {

  private static String message(Class<? extends RuntimeException> type, Executable e) {
    return assertThrows(type, e).getMessage();
  }

  private static void assertMentions(String msg, String... parts) {
    for (String p : parts) {
      assertTrue(msg.contains(p), "message '" + msg + "' should mention " + p);
    }
  }

  @Test
  void matmulInnerDimensionMismatch() {
    Tensor a = Tensor.zeros(2, 3);
    Tensor b = Tensor.zeros(4, 5);
    assertMentions(message(IllegalArgumentException.class, () -> a.matmul(b)), "(2, 3)", "(4, 5)");
  }

  @Test
  void matmulBatchDimensionsThatDoNotBroadcast() {
    Tensor a = Tensor.zeros(2, 3, 4);
    Tensor b = Tensor.zeros(3, 4, 5);
    assertMentions(message(IllegalArgumentException.class, () -> a.matmul(b)), "(2)", "(3)");
  }

  @Test
  void matmulOnVector() {
    Tensor a = Tensor.zeros(3);
    Tensor b = Tensor.zeros(3, 2);
    assertMentions(message(IllegalArgumentException.class, () -> a.matmul(b)), "(3)", "(3, 2)");
  }

  @Test
  void broadcastFailure() {
    Tensor a = Tensor.zeros(2, 3);
    Tensor b = Tensor.zeros(4, 3);
    assertMentions(message(IllegalArgumentException.class, () -> a.add(b)), "(2, 3)", "(4, 3)");
    assertMentions(message(IllegalArgumentException.class, () -> a.mul(Tensor.zeros(2))),
        "(2, 3)", "(2)");
  }

  // reshape and view: PyTorch 1.13's messages, word for word (infer_size)

  @Test
  void reshapeToWrongElementCount() {
    Tensor x = Tensor.zeros(2, 3);
    assertEquals("shape '[4, 2]' is invalid for input of size 6",
        message(IllegalArgumentException.class, () -> x.reshape(4, 2)));
    assertEquals("shape '[4, -1]' is invalid for input of size 6",
        message(IllegalArgumentException.class, () -> x.reshape(4, -1)));
    assertEquals("shape '[2, -1, 5]' is invalid for input of size 12",
        message(IllegalArgumentException.class, () -> Tensor.zeros(12).view(2, -1, 5)));
  }

  @Test
  void reshapeWithTwoUnknownDimensions() {
    Tensor x = Tensor.zeros(2, 3);
    assertEquals("only one dimension can be inferred",
        message(IllegalArgumentException.class, () -> x.reshape(-1, -1)));
    assertEquals("invalid shape dimension -2",
        message(IllegalArgumentException.class, () -> x.view(-2, 3)));
    assertEquals("cannot reshape tensor of 0 elements into shape [-1, 0] because the unspecified"
        + " dimension size -1 can be any value and is ambiguous",
        message(IllegalArgumentException.class, () -> Tensor.zeros(0, 3).reshape(-1, 0)));
  }

  @Test
  void backwardOnNonScalar() {
    Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
    Tensor y = x.relu();
    assertMentions(message(IllegalStateException.class, y::backward), "(2, 3)", "backward(dy)");
  }

  @Test
  void itemOnNonScalar() {
    assertMentions(message(IllegalStateException.class, () -> Tensor.zeros(2, 2).item()), "(2, 2)");
  }

  @Test
  void dataThatDoesNotFitTheShape() {
    assertMentions(message(IllegalArgumentException.class,
        () -> Tensor.of(new float[5], 2, 3)), "(2, 3)", "6", "5");
  }

  @Test
  void flattenOutOfRange() {
    assertMentions(message(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).flatten(2)), "(2, 3)");
  }
}
