package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is saving a 24 MB file over and over ({@link SaveLoop}) at random moments:
 * after every kill the target loads and holds exactly one of the two contents, and at most one
 * temp file is left, which the next save removes.
 */
class KillDuringSaveTest {
  private static final int FLOATS = 6_000_000;
  private static final int TRIALS = 16;

  @TempDir Path dir;

  @Test
  void theTargetIsAlwaysTheOldFileOrTheNewOne() throws Exception {
    Path target = dir.resolve("big.safetensors");
    float[][] expected = new float[2][];
    for (int v = 0; v < 2; v++) {
      expected[v] = SaveLoop.content(v, FLOATS).get("w").toFloatArray();
    }
    SafeTensors.save(SaveLoop.content(0, FLOATS), SaveLoop.metadata(0), target);
    Random random = new Random(42);
    int killedMidSave = 0;
    int[] seen = new int[2];
    for (int trial = 0; trial < TRIALS; trial++) {
      Process p = start(target);
      Thread.sleep(random.nextInt(400));
      p.destroyForcibly();
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "child did not die");
      List<Path> temps = others(target);
      assertTrue(temps.size() <= 1, "trial " + trial + ": temp files " + temps);
      killedMidSave += temps.size();
      SafeTensorsFile file = SafeTensors.read(target);
      int version = Integer.parseInt(file.metadata().get("version"));
      float[] w = file.tensors().get("w").toTensor().toFloatArray();
      assertTrue(java.util.Arrays.equals(expected[version], w),
          "trial " + trial + ": the data is not version " + version + "'s");
      seen[version]++;
    }
    System.out.println("KillDuringSaveTest: " + TRIALS + " kills, " + killedMidSave
        + " mid-save, versions seen " + seen[0] + "/" + seen[1]);
    assertTrue(killedMidSave >= TRIALS / 4, "only " + killedMidSave + " kills hit a save");
    SafeTensors.save(SaveLoop.content(1, 4), SaveLoop.metadata(1), target);
    assertEquals(List.of(), others(target));
  }

  /** Starts a SaveLoop and waits (at most 60 s) for its "ready"; its output goes to a file. */
  private Process start(Path target) throws Exception {
    Path out = Files.createTempFile("save-loop", ".out");
    try {
      Process p = new ChildJvm().withoutVectorModule().start(out, out, SaveLoop.class,
          target.toString(), Integer.toString(FLOATS));
      ChildJvm.awaitLine(p, out, "ready", 60);
      return p;
    } finally {
      Files.delete(out);
    }
  }

  private List<Path> others(Path target) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> !f.equals(target)).toList();
    }
  }

}
