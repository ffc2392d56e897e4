package dev.kiln.tensor;

/** Checks that the operands of one op live on one device. */
final class Devices {
  private Devices() {}

  static void same(Tensor a, Tensor b) {
    if (a.device() != b.device()) {
      throw new IllegalArgumentException(
          "tensors on different devices: " + a.device() + " and " + b.device());
    }
  }
}
