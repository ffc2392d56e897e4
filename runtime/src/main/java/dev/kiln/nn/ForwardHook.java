package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Called after a module's forward, as PyTorch's {@code hook(module, input, output)} of {@code
 * register_forward_hook}: {@code input} is what the forward received (after any pre-hook's
 * replacement). Return a replacement output of the same shape, or null to keep it. On a layer
 * with several outputs ({@link MultiModule}: attention, recurrent layers) {@code output} is the
 * first one (PyTorch's {@code output[0]}: the attention output, the LSTM's output sequence), and
 * a replacement replaces that one.
 */
@FunctionalInterface
public interface ForwardHook {
  Tensor call(Module module, Tensor[] input, Tensor output);
}
