package dev.kiln.nn;

import static dev.kiln.nn.NormFixtures.FWD_ATOL;
import static dev.kiln.nn.NormFixtures.FWD_RTOL;
import static dev.kiln.nn.NormFixtures.GRAD_ATOL;
import static dev.kiln.nn.NormFixtures.GRAD_RTOL;
import static dev.kiln.nn.NormFixtures.assertClose;
import static dev.kiln.nn.NormFixtures.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PositionalEncoding against the PyTorch tutorial's module (1.13): its table, forward and input
 * gradient in train mode with dropout 0 and eval mode with dropout 0.1, in the tutorial's (T, B,
 * d) layout and batch first; a tutorial state dict loads; dropout in training; repr and errors.
 */
class PositionalEncodingTest {
  private static final Map<String, Tensor> F = SequenceFixtures.load("posenc.safetensors");

  private static void replay(String name, int d, int maxLen) {
    assertClose(get(F, name + "/pe"), new PositionalEncoding(d, maxLen).pe(), FWD_ATOL, FWD_RTOL,
        name + " pe");
    for (String mode : new String[] {"train", "eval"}) {
      for (boolean batchFirst : new boolean[] {false, true}) {
        PositionalEncoding pos = new PositionalEncoding(d, maxLen).batchFirst(batchFirst)
            .dropout(mode.equals("train") ? 0f : 0.1f);
        if (mode.equals("eval")) {
          pos.eval();
        }
        String what = name + " " + mode + (batchFirst ? " batch first" : "");
        Tensor x = get(F, name + "/" + mode + "/x");
        Tensor dy = get(F, name + "/" + mode + "/dy");
        Tensor y0 = get(F, name + "/" + mode + "/y");
        Tensor dx0 = get(F, name + "/" + mode + "/dx");
        if (batchFirst) { // the tutorial's (T, B, d) as (B, T, d)
          x = swap01(x);
          dy = swap01(dy);
          y0 = swap01(y0);
          dx0 = swap01(dx0);
        }
        x = x.detach().requiresGrad(true);
        Tensor y = pos.apply(x);
        assertClose(y0, y, FWD_ATOL, FWD_RTOL, what + " y");
        y.backward(dy);
        assertClose(dx0, x.grad(), GRAD_ATOL, GRAD_RTOL, what + " dx");
      }
    }
  }

  /** {@code t.transpose(0, 1)}, copied. */
  private static Tensor swap01(Tensor t) {
    int a = t.size(0);
    int b = t.size(1);
    int inner = t.numel() / (a * b);
    float[] v = t.toFloatArray();
    float[] out = new float[v.length];
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        System.arraycopy(v, (i * b + j) * inner, out, (j * a + i) * inner, inner);
      }
    }
    int[] shape = t.shape();
    shape[0] = b;
    shape[1] = a;
    return Tensor.of(out, shape);
  }

  @Test
  void matchesTheTutorial() {
    replay("d16_len256", 16, 256);
    replay("d6_len20", 6, 20);
  }

  @Test
  void aTutorialStateDictLoads() {
    PositionalEncoding pos = new PositionalEncoding(6, 20);
    Tensor saved = get(F, "d6_len20/pe").mul(Tensor.of(new float[] {2f}));
    pos.loadStateDict(Map.of("pe", saved));
    assertArrayEquals(saved.toFloatArray(), pos.pe().toFloatArray());
  }

  @Test
  void dropoutInTrainingZeroesAndScalesAndItsGradientFollows() {
    Rng.manualSeed(12);
    PositionalEncoding pos = new PositionalEncoding(8, 16).dropout(0.5f);
    float[] threes = new float[4 * 16 * 8];
    java.util.Arrays.fill(threes, 3f);
    Tensor x = Tensor.of(threes, 4, 16, 8).requiresGrad(true);
    Tensor y = pos.apply(x);
    float[] pe = pos.pe().toFloatArray();
    float[] v = y.toFloatArray();
    int zeros = 0;
    for (int i = 0; i < v.length; i++) {
      if (v[i] == 0) {
        zeros++;
      } else {
        assertEquals((3f + pe[i % (16 * 8)]) * 2f, v[i], 1e-6f, "element " + i);
      }
    }
    assertTrue(zeros > 150 && zeros < 362, zeros + " of 512 dropped at p = 0.5");
    y.backward(Tensor.of(threes, 4, 16, 8));
    float[] g = x.grad().toFloatArray();
    for (int i = 0; i < v.length; i++) {
      assertEquals(v[i] == 0 ? 0f : 6f, g[i], "dx " + i);
    }
    pos.eval();
    assertArrayEquals(pos.apply(x).toFloatArray(), new PositionalEncoding(8, 16).dropout(0f)
        .apply(x).toFloatArray());
  }

  @Test
  void gradCheck() {
    PositionalEncoding pos = new PositionalEncoding(4, 9).dropout(0f);
    Tensor x = GradCheck.leaf(91, 2.0, 2, 5, 4);
    GradCheck.checkWith(List.of(pos.pe()), () -> pos.apply(x), x);
    PositionalEncoding seqFirst = new PositionalEncoding(4, 9).dropout(0f).batchFirst(false);
    Tensor x1 = GradCheck.leaf(92, 2.0, 5, 3, 4);
    GradCheck.checkWith(List.of(seqFirst.pe()), () -> seqFirst.apply(x1), x1);
  }

  @Test
  void reprKeysAndErrors() {
    SequenceFixtures.assertReprAndKeys(5, new PositionalEncoding(64, 512));
    assertArrayEquals(new int[] {512, 1, 64}, new PositionalEncoding(64, 512).pe().shape());
    PositionalEncoding pos = new PositionalEncoding(64, 512);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> pos.apply(Tensor.zeros(2, 600, 64)));
    assertEquals("PositionalEncoding(64, 512): the sequence length 600 is longer than the table's"
        + " max_len 512 (input (2, 600, 64))", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> pos.apply(Tensor.zeros(2, 5, 32)));
    assertEquals("PositionalEncoding(64, 512) expects input (*, T, 64) but got (2, 5, 32)",
        e.getMessage());
    pos.batchFirst(false);
    e = assertThrows(IllegalArgumentException.class, () -> pos.apply(Tensor.zeros(513, 2, 64)));
    assertEquals("PositionalEncoding(64, 512): the sequence length 513 is longer than the table's"
        + " max_len 512 (input (513, 2, 64))", e.getMessage());
    assertArrayEquals(new int[] {512, 64}, pos.batchFirst(true).outputShape(new int[] {512, 64}));
  }
}
