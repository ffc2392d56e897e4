package dev.kiln.examples.text;

import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;
import java.util.function.BiFunction;

/**
 * What the text flagship trains: a module and its forward from token indices {@code (B, T)}
 * (integral values in a float tensor, as {@code Embedding} takes them) to next-character logits
 * {@code (B, T, V)}. Position {@code t}'s logits may depend on tokens {@code 0..t} only.
 */
public interface CharModel {
  /** {@code (B, T)} tokens to {@code (B, T, V)} logits. */
  Tensor forward(Tensor tokens);

  /** The module holding the parameters: printed, moved, optimised, saved. */
  Module module();

  /** A compiled model and its forward: {@code CharModel.of(net, CharTransformer::forward)}. */
  static <M extends Module> CharModel of(M module, BiFunction<M, Tensor, Tensor> forward) {
    return new CharModel() {
      @Override
      public Tensor forward(Tensor tokens) {
        return forward.apply(module, tokens);
      }

      @Override
      public Module module() {
        return module;
      }
    };
  }
}
