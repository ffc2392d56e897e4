package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * What {@link LSTM#apply} returns, as PyTorch's {@code output, (h_n, c_n)}: the last layer's
 * hidden state at every step, and every layer's final hidden and cell states.
 */
public record LstmOutput(Tensor output, Tensor hN, Tensor cN) {}
