package dev.kiln.processor.ir;

import dev.kiln.processor.dims.Dim;

/**
 * A size condition the compiler could not decide ({@code left op right}, op one of
 * {@code == != >= > <= <}), checked when the model is constructed or, when it mentions input
 * sizes, when a plan for new input sizes is made.
 */
public record Check(Dim left, String op, Dim right, String message) {}
