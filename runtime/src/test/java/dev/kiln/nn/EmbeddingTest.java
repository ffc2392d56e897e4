package dev.kiln.nn;

import static dev.kiln.nn.NormFixtures.GRAD_ATOL;
import static dev.kiln.nn.NormFixtures.GRAD_RTOL;
import static dev.kiln.nn.NormFixtures.assertClose;
import static dev.kiln.nn.NormFixtures.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Embedding against PyTorch 1.13 fixtures (repeated indices, padding rows, a negative padding
 * index) in both modes; gradient check; init; repr, keys, errors.
 */
class EmbeddingTest {
  private static final Map<String, Tensor> F = SequenceFixtures.load("embedding.safetensors");

  private static void replay(String name, Embedding emb) {
    emb.loadStateDict(Map.of("weight", get(F, name + "/weight")));
    for (boolean training : new boolean[] {true, false}) {
      emb.train();
      if (!training) {
        emb.eval();
      }
      String mode = name + (training ? " train" : " eval");
      emb.weight().setGrad(null);
      Tensor idx = get(F, name + "/idx").detach().requiresGrad(true);
      Tensor y = emb.apply(idx);
      assertArrayEquals(get(F, name + "/y").toFloatArray(), y.toFloatArray(), mode + " y");
      assertArrayEquals(get(F, name + "/y").shape(), y.shape(), mode + " y shape");
      y.backward(get(F, name + "/dy"));
      assertClose(get(F, name + "/dweight"), emb.weight().grad(), GRAD_ATOL, GRAD_RTOL,
          mode + " dweight");
      if (idx.grad() != null) {
        assertArrayEquals(new float[idx.numel()], idx.grad().toFloatArray(), "indices' grad");
      }
    }
  }

  @Test
  void matchesTorch() {
    replay("v10d6", new Embedding(10, 6));
    replay("v10d6_pad2", new Embedding(10, 6).paddingIdx(2));
    replay("v7d5_padneg", new Embedding(7, 5).paddingIdx(-1));
    replay("v50d33", new Embedding(50, 33));
  }

  @Test
  void gradCheck() {
    Rng.manualSeed(9);
    Embedding emb = new Embedding(6, 4); // a padding row read by the forward has no gradient
    Tensor idx = Tensor.of(new float[] {0, 1, 5, 5, 2, 1}, 2, 3);
    GradCheck.checkWith(List.of(idx), () -> emb.apply(idx), emb.weight());
  }

  @Test
  void initIsStandardNormalWithAZeroPaddingRow() {
    Rng.manualSeed(10);
    Embedding emb = new Embedding(1000, 64).paddingIdx(0);
    float[] w = emb.weight().toFloatArray();
    assertArrayEquals(new float[64], Arrays.copyOf(w, 64));
    SampleStats.assertNormal(Tensor.of(Arrays.copyOfRange(w, 64, w.length), 999, 64), 0, 1);
  }

  @Test
  void fromPretrainedCopiesAndFreezes() {
    Tensor table = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
    Embedding emb = Embedding.fromPretrained(table);
    assertFalse(emb.weight().requiresGrad());
    Tensor y = emb.apply(Tensor.of(new float[] {2, 0}, 2));
    assertArrayEquals(new float[] {5, 6, 1, 2}, y.toFloatArray());
    assertNull(emb.weight().grad());
    assertEquals("Embedding(3, 2)", emb.toString());
    Embedding trainable = Embedding.fromPretrained(table, false);
    trainable.apply(Tensor.of(new float[] {2, 2}, 2)).backward(Tensor.of(new float[] {1, 1, 1, 1},
        2, 2));
    assertArrayEquals(new float[] {0, 0, 0, 0, 2, 2}, trainable.weight().grad().toFloatArray());
  }

  @Test
  void reprKeysAndErrors() {
    SequenceFixtures.assertReprAndKeys(2, new Embedding(1000, 64).paddingIdx(0));
    SequenceFixtures.assertReprAndKeys(3, new Embedding(10, 3));
    SequenceFixtures.assertReprAndKeys(4, new Embedding(10, 3).paddingIdx(-1));
    Embedding emb = new Embedding(1000, 64);
    assertArrayEquals(new int[] {2, 5, 64}, emb.outputShape(new int[] {2, 5}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> emb.apply(Tensor.of(new float[] {1, 2, 3, 1000, 4, 5}, 2, 3)));
    assertEquals("Embedding(1000, 64): index 1000 at position [1, 0] is out of range [0, 1000)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> emb.apply(Tensor.of(new float[] {1, 2, 3, 7, 4, -1}, 2, 3)));
    assertEquals("Embedding(1000, 64): index -1 at position [1, 2] is out of range [0, 1000)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> emb.apply(Tensor.of(new float[] {1, 2.5f}, 2)));
    assertEquals("Embedding(1000, 64): index 2.5 at position [1] is not an integer",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Embedding(10, 3).paddingIdx(10));
    assertEquals("Embedding(10, 3): padding_idx must be within num_embeddings, in [-10, 10), got"
        + " 10", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3));
    assertEquals("Embedding(0, 3): sizes must be positive", e.getMessage());
  }
}
