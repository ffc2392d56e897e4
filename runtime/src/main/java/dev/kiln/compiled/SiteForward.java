package dev.kiln.compiled;

import dev.kiln.tensor.Tensor;

/**
 * A compiled model called from several places of one forward (a siamese encoder: {@code
 * enc.forward(a)} and {@code enc.forward(b)}): each call site has plans of its own, so the
 * first call's output and its buffers for backward are not overwritten by the second call.
 * Site 0 is {@code forward} itself; a compiled parent calls the others with an argument array
 * it keeps, so the call allocates nothing.
 */
public interface SiteForward {
  /** {@code forward(inputs...)} with the plans of call site {@code site}. */
  Tensor forwardAt(int site, Tensor[] inputs);
}
