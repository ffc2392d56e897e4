package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Functional activations, as {@code torch.nn.functional}; any shape in, same shape out. */
public final class F {
  private F() {}

  public static Tensor relu(Tensor x) {
    return x.relu();
  }

  public static Tensor tanh(Tensor x) {
    return x.tanh();
  }

  public static Tensor sigmoid(Tensor x) {
    return x.sigmoid();
  }
}
