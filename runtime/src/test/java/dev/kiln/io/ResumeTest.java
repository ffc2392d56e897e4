package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training N steps straight equals training k steps, checkpointing, and training the other N − k
 * in a fresh JVM from the checkpoint: the final checkpoints (weights, optimizer state, step,
 * epoch, Rng state) are byte-identical. k = 7 stops mid-epoch (5 batches per epoch).
 */
class ResumeTest {
  private static final int N = 17;
  private static final int K = 7;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"adam", "sgd"})
  void resumingInAFreshJvmContinuesExactly(String optimizer) throws Exception {
    Path straight = dir.resolve("straight.safetensors");
    Path first = dir.resolve("first.safetensors");
    Path resumed = dir.resolve("resumed.safetensors");
    run(optimizer, N, straight);
    run(optimizer, K, first);
    run(optimizer, N, resumed, first);
    Checkpoint atK = Checkpoint.load(first);
    assertEquals(K, atK.step());
    assertEquals(1, atK.epoch());
    assertTrue(atK.optimizerState().containsKey("0." + (optimizer.equals("adam") ? "exp_avg" : "momentum_buffer")));
    byte[] expected = Files.readAllBytes(straight);
    assertFalse(Arrays.equals(expected, Files.readAllBytes(first)), "training did nothing");
    assertArrayEquals(expected, Files.readAllBytes(resumed));
    assertEquals(N, Checkpoint.load(resumed).step());
  }

  private static void run(String... args) throws Exception {
    new ChildJvm().timeoutSeconds(60).runOk(ResumeRun.class, args);
  }

  private static void run(String optimizer, int steps, Path out, Path... resume) throws Exception {
    if (resume.length == 0) {
      run(optimizer, Integer.toString(steps), out.toString());
    } else {
      run(optimizer, Integer.toString(steps), out.toString(), resume[0].toString());
    }
  }
}
