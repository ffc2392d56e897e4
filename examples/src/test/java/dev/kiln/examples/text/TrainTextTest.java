package dev.kiln.examples.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flagship's loop end to end with the bigram baseline on the bundled sample. */
class TrainTextTest {
  @TempDir Path out;

  @Test
  void trainsPrintsSamplesAndWritesFiles() throws Exception {
    TextOptions o = TextOptions.parse("--model", "bigram", "--epochs", "2", "--steps-per-epoch",
        "60", "--batch-size", "16", "--context", "32", "--lr", "0.05", "--sample-length", "120",
        "--out", out.toString());
    CharCorpus c = CharCorpus.bundledSample();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TextTraining.Result r = TextTraining.run(TextRecipe.named(o.model()), o, c,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String log = bytes.toString(StandardCharsets.UTF_8);
    double uniform = Math.log(c.vocabSize()) / Math.log(2);
    assertEquals(2, r.valBpc().size());
    assertTrue(r.valBpc().get(1) < r.valBpc().get(0), log);
    assertTrue(r.valBpc().get(1) < uniform - 1.5, "a trained bigram beats uniform by far: " + log);
    assertEquals(r.valLosses().get(1) / Math.log(2), r.valBpc().get(1), 1e-9);
    assertTrue(log.contains("CharBigram("), log);
    assertTrue(log.contains(String.format("parameters: %,d", c.vocabSize() * (c.vocabSize() + 1))),
        log);
    assertTrue(log.contains("epoch 2/2 ["), "progress bar: " + log);
    assertTrue(log.matches("(?s).*epoch 2/2: train loss \\d\\.\\d{4}, validation loss \\d\\.\\d{4},"
        + " \\d\\.\\d{4} bits per character.*"), log);
    assertTrue(log.contains("sample (temperature 0.8, seed 0):\nThe " + r.sample()), log);
    assertEquals(120, r.sample().length());
    assertTrue(Files.size(out.resolve("char-bigram.safetensors"))
        > c.vocabSize() * c.vocabSize() * 4);
    assertTrue(Files.size(out.resolve("char-bigram-curves.png")) > 1000);
  }

  @Test
  void optionsAndRecipes() {
    TextOptions d = TextOptions.parse();
    assertEquals("transformer", d.model());
    assertEquals(4, d.epochs());
    assertEquals(400, d.stepsPerEpoch());
    assertEquals(64, d.context());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TextOptions.parse("--model", "gru"));
    assertEquals("--model must be one of [transformer, lstm, bigram], got 'gru'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TextOptions.parse("--temperature", "-1"));
    assertThrows(IllegalArgumentException.class, () -> TextOptions.parse("--epochs", "0"));
    assertEquals(0.0, TextOptions.parse("--temperature", "0").temperature());
    // The recipe's sizes, as PyTorch counts them (tools/fixtures/char_recipe.py, V = 96).
    assertEquals(421_472, TextRecipe.named("transformer").create().apply(96).module()
        .numParameters());
    assertEquals(958_560, TextRecipe.named("lstm").create().apply(96).module().numParameters());
  }
}
