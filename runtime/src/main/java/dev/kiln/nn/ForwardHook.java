package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Called after a module's forward, as PyTorch's {@code hook(module, input, output)} of {@code
 * register_forward_hook}: {@code input} is what the forward received (after any pre-hook's
 * replacement). Return a replacement output of the same shape, or null to keep it.
 */
@FunctionalInterface
public interface ForwardHook {
  Tensor call(Module module, Tensor[] input, Tensor output);
}
