package dev.kiln.compiled;

import dev.kiln.tensor.Tensor;

/**
 * A compiled model called from a place of its own: each call of a nested model in a compiled
 * parent's plan has plans of its own ({@link #newSite}), so a model called twice in one forward
 * (a siamese encoder: {@code enc.forward(a)} and {@code enc.forward(b)}), or called again by
 * user code before the parent's backward, never overwrites another call's output or the
 * buffers its backward reads. Parents own their sites, so this composes at any depth.
 */
public interface SiteForward {
  /** A new call site: an empty set of plans that shares this model's weights and guard. */
  PlanCache<?> newSite();

  /**
   * {@code forward(inputs...)} with the plans of {@code site} (made by {@link #newSite} of this
   * model); the caller keeps {@code inputs} between calls, so the call allocates nothing.
   */
  Tensor forwardAt(PlanCache<?> site, Tensor[] inputs);
}
