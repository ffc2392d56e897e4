package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A warm forward + backward of MultiheadAttention (self and cross, masks, weights),
 * TransformerEncoderLayer (post- and pre-norm, dropout on) and TransformerEncoder, through the
 * Workspace forms a compiled model calls, allocates nothing: 1000 steps after 20,000 of warm-up
 * stay under 2,000 bytes (one object per step would be at least 16,000).
 */
class AttentionAllocationTest {
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static void assertWarmStepAllocatesNothing(MultiModule m, Tensor[] in) {
    int[][] shapes = new int[in.length][];
    for (int i = 0; i < in.length; i++) {
      shapes[i] = in[i] == null ? null : in[i].shape();
    }
    int[][] os = m.outputShapes(shapes);
    Tensor[] out = new Tensor[os.length];
    Tensor[] dOut = new Tensor[os.length];
    for (int i = 0; i < os.length; i++) {
      out[i] = os[i] == null ? null : Tensor.zeros(os[i]);
      dOut[i] = os[i] == null ? null : Rng.randn(os[i]);
    }
    Tensor[] dIn = new Tensor[in.length];
    for (int i = 0; i < 3 && i < in.length; i++) {
      dIn[i] = in[i] == null || (i > 0 && m instanceof TransformerEncoderLayer) ? null
          : Tensor.zerosLike(in[i]);
    }
    Workspace ws = new Workspace();
    Runnable step = () -> {
      m.forwardInto(in, out, ws);
      m.backwardInto(in, out, dOut, dIn, ws);
    };
    for (int i = 0; i < 20000; i++) {
      step.run();
    }
    // The best of up to 5 rounds: under load C2 sometimes finishes a hot method late (one run
    // of this test measured the same 12.9 KB a step twice, the next 0); an allocation of the
    // step itself shows in every round.
    long bytes = Long.MAX_VALUE;
    for (int round = 0; round < 5 && bytes >= 2_000; round++) {
      long before = allocated();
      for (int i = 0; i < 1000; i++) {
        step.run();
      }
      bytes = Math.min(bytes, allocated() - before);
      for (int i = 0; i < 5000 && bytes >= 2_000; i++) {
        step.run();
      }
    }
    assertTrue(bytes < 2_000, m.getClass().getSimpleName() + ": " + bytes
        + " bytes allocated in 1000 steps");
  }

  @Test
  void warmStepsAllocateNothing() {
    Tensor x = Rng.randn(5, 2, 8);
    Tensor kv = Rng.randn(4, 2, 8);
    assertWarmStepAllocatesNothing(new MultiheadAttention(8, 2).dropout(0.2f),
        new Tensor[] {x, x, x, Mask.causal(5).tensor(), null});
    assertWarmStepAllocatesNothing(new MultiheadAttention(8, 2).averageAttnWeights(false),
        new Tensor[] {x, kv, kv, null,
            Mask.bool(Tensor.of(new float[] {0, 0, 0, 1, 0, 0, 1, 1}, 2, 4)).tensor()});
    Tensor src = Rng.randn(2, 5, 8);
    assertWarmStepAllocatesNothing(new TransformerEncoderLayer(8, 2).dimFeedforward(16)
        .batchFirst(true), new Tensor[] {src, Mask.causal(5).tensor(), null});
    assertWarmStepAllocatesNothing(new TransformerEncoderLayer(8, 2).dimFeedforward(16)
        .dropout(0f).normFirst(true).activation("gelu"), new Tensor[] {x, null, null});
    assertWarmStepAllocatesNothing(new TransformerEncoder(new TransformerEncoderLayer(8, 2)
        .dimFeedforward(16).dropout(0f), 2).norm(new LayerNorm(8)), new Tensor[] {x, null, null});
  }
}
