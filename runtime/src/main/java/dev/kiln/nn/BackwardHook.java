package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Called when the gradients of a module's inputs have been computed, as PyTorch's {@code
 * hook(module, grad_input, grad_output)} of {@code register_full_backward_hook}: {@code
 * gradInput[i]} is null where input {@code i} needs no gradient; {@code gradOutput} holds the
 * gradient of the module's output (for a {@link MultiModule}, one per output, null for one that
 * received none; the hook is called once per backward). Return a replacement {@code gradInput}
 * of the same shapes, or null to keep it.
 */
@FunctionalInterface
public interface BackwardHook {
  Tensor[] call(Module module, Tensor[] gradInput, Tensor[] gradOutput);
}
