package dev.kiln.examples.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bits per character: the arithmetic and the evaluation over the validation windows. */
class CharEvalTest {
  @Test
  void bitsPerCharacterIsNatsOverLnTwo() {
    assertEquals(1.0, CharEval.bpc(Math.log(2)), 1e-15);
    assertEquals(Math.log(96) / Math.log(2), CharEval.bpc(Math.log(96)), 1e-12);
    assertEquals(2.5 / 0.6931471805599453, CharEval.bpc(2.5), 1e-12);
  }

  @Test
  void uniformModelScoresLogTwoOfTheVocabulary() {
    CharCorpus c = CharCorpus.bundledSample();
    CharBigram uniform = zeroed(c.vocabSize());
    int[][] windows = CharBatches.validation(c.valTokens(), 64, 100);
    assertEquals(100, windows.length);
    CharEval.Result r = CharEval.evaluate(uniform, windows, 64, Device.cpu());
    assertEquals(100 * 64, r.characters(), "every window predicts T characters");
    assertEquals(Math.log(c.vocabSize()), r.loss(), 1e-5);
    assertEquals(Math.log(c.vocabSize()) / Math.log(2), r.bpc(), 1e-5);
    assertTrue(uniform.isTraining(), "the training mode is restored");
  }

  @Test
  void evaluationIsTheMeanOverEveryPredictedCharacter() {
    // A bigram whose row for the current token k puts logit 10 on token (k + 1) mod V: the loss
    // of each prediction is known in closed form.
    int v = 5;
    CharBigram m = zeroed(v);
    float[] w = new float[v * v];
    for (int k = 0; k < v; k++) {
      w[((k + 1) % v) * v + k] = 10f;
    }
    m.loadStateDict(Map.of("table.weight", Tensor.of(w, v, v), "table.bias", Tensor.zeros(v)));
    int[] tokens = {0, 1, 2, 3, 4, 0, 2, 4, 1, 3};
    int[][] windows = CharBatches.validation(tokens, 3, Integer.MAX_VALUE);
    assertEquals(3, windows.length);
    CharEval.Result r = CharEval.evaluate(m, windows, 2, Device.cpu());
    double hit = -Math.log(Math.exp(10) / (Math.exp(10) + v - 1));
    double miss = -Math.log(1 / (Math.exp(10) + v - 1));
    // transitions 0-1 1-2 2-3 | 3-4 4-0 0-2 | 2-4 4-1 1-3: five follow the +1 rule, four do not
    assertEquals(9, r.characters());
    assertEquals((5 * hit + 4 * miss) / 9, r.loss(), 1e-5);
    assertFalse(Double.isNaN(r.bpc()));
  }

  static CharBigram zeroed(int v) {
    CharBigram m = new CharBigram(v);
    m.loadStateDict(Map.of("table.weight", Tensor.zeros(v, v), "table.bias", Tensor.zeros(v)));
    return m;
  }
}
