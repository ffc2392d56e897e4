package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Called when the gradients of a module's inputs have been computed, as PyTorch's {@code
 * hook(module, grad_input, grad_output)} of {@code register_full_backward_hook}: {@code
 * gradInput[i]} is null where input {@code i} needs no gradient; {@code gradOutput} holds the
 * gradient of the module's output. Return a replacement {@code gradInput} of the same shapes,
 * or null to keep it.
 */
@FunctionalInterface
public interface BackwardHook {
  Tensor[] call(Module module, Tensor[] gradInput, Tensor[] gradOutput);
}
