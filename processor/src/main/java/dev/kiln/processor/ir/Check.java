package dev.kiln.processor.ir;

import dev.kiln.processor.dims.Dim;

/** A size equality over constructor parameters, checked when the model is constructed. */
public record Check(Dim left, Dim right, String message) {}
