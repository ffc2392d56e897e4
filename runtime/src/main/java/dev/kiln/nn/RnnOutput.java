package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * What {@link RNN#apply} and {@link GRU#apply} return, as PyTorch's {@code output, h_n}: the
 * last layer's hidden state at every step, and every layer's final hidden state.
 */
public record RnnOutput(Tensor output, Tensor hN) {}
