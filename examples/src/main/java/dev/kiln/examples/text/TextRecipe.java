package dev.kiln.examples.text;

import java.util.List;
import java.util.function.IntFunction;

/**
 * A text model the flagship trains: its name ({@code --model}), how to build it for a vocabulary
 * size, and the files it writes under {@code --out}: {@code char-<name>.safetensors} and
 * {@code char-<name>-curves.png}.
 *
 * <p>The recipe's models (tools/fixtures/char_recipe.py builds the same in PyTorch; see
 * docs/text-flagship.md): {@code transformer}, {@code CharTransformer.create(V, 128, 4, 2, 0.1f,
 * 512)} (Embedding, sinusoidal PositionalEncoding, 2 pre-norm GELU TransformerEncoderLayers with
 * 4 heads, feed-forward 512, dropout 0.1, a causal mask, LayerNorm, Linear head); {@code lstm},
 * {@code CharLstm.create(V, 128, 256, 2)} (Embedding(V, 128), LSTM(128, 256, 2 layers,
 * batch_first), Linear(256, V)); and {@code bigram}, the {@link CharBigram} baseline.
 */
public record TextRecipe(String name, IntFunction<CharModel> create) {
  /** The {@code --model} names. */
  public static final List<String> NAMES = List.of("transformer", "lstm", "bigram");

  /** The recipe called {@code name}. */
  public static TextRecipe named(String name) {
    return switch (name) {
      case "transformer" -> new TextRecipe(name, v -> CharModel.of(
          CharTransformer.create(v, 128, 4, 2, 0.1f, 512), CharTransformer::forward));
      case "lstm" -> new TextRecipe(name, v -> CharModel.of(CharLstm.create(v, 128, 256, 2),
          CharLstm::forward));
      case "bigram" -> new TextRecipe(name, CharBigram::new);
      default -> throw new IllegalArgumentException("no text model '" + name + "'; one of "
          + NAMES);
    };
  }

  /** The weights file's name. */
  public String weights() {
    return "char-" + name + ".safetensors";
  }

  /** The curves image's name. */
  public String plot() {
    return "char-" + name + "-curves.png";
  }
}
