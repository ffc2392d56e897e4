/**
 * The text flagship: a character-level language model trained on Debian's fortunes
 * ({@link dev.kiln.examples.text.TrainText}); the corpus, batches, evaluation and sampling are
 * reproduced for PyTorch by {@code tools/fixtures/char_data.py}.
 */
package dev.kiln.examples.text;
