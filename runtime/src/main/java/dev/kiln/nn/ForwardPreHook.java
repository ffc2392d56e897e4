package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Called before a module's forward, as PyTorch's {@code hook(module, input)} of {@code
 * register_forward_pre_hook}: {@code input} holds the forward's arguments (one for a layer;
 * for a {@link MultiModule} every input, null for an absent optional one, a mask as its
 * additive tensor). Return a replacement input of the same shapes, or null to keep it.
 */
@FunctionalInterface
public interface ForwardPreHook {
  Tensor[] call(Module module, Tensor[] input);
}
