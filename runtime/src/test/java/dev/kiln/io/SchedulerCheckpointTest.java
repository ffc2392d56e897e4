package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.nn.Rng;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.Tanh;
import dev.kiln.optim.CosineAnnealingLR;
import dev.kiln.optim.LinearLR;
import dev.kiln.optim.LrScheduler;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ReduceLROnPlateau;
import dev.kiln.optim.SequentialLR;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scheduler's state travels in the checkpoint: resuming is bitwise the straight run. */
class SchedulerCheckpointTest {
  @TempDir Path dir;

  private static Sequential model() {
    return new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 1));
  }

  private static LrScheduler scheduler(Optimizer opt) {
    return new SequentialLR(opt, List.of(new LinearLR(opt, 0.2, 1.0, 3),
        new CosineAnnealingLR(opt, 7, 0.001)), new int[] {3});
  }

  private static void epoch(Sequential m, Optimizer opt, LrScheduler sched) {
    Tensor loss = m.apply(Tensor.of(new float[] {1, -1, 0.5f, 2}, 2, 2)).sum();
    opt.zeroGrad();
    loss.backward();
    opt.step();
    sched.step();
  }

  @Test
  void resumeWithSchedulerIsBitwiseTheStraightRun() throws Exception {
    Rng.manualSeed(3);
    Sequential straight = model();
    Optimizer opt = new Sgd(straight.parameters(), 0.1f).momentum(0.9f);
    LrScheduler sched = scheduler(opt);
    for (int e = 0; e < 10; e++) {
      epoch(straight, opt, sched);
    }

    Rng.manualSeed(3);
    Sequential first = model();
    Optimizer opt1 = new Sgd(first.parameters(), 0.1f).momentum(0.9f);
    LrScheduler sched1 = scheduler(opt1);
    for (int e = 0; e < 5; e++) {
      epoch(first, opt1, sched1);
    }
    Path file = dir.resolve("ckpt.safetensors");
    Checkpoint.save(file, first, opt1, sched1.state(), 5, 5);

    Rng.manualSeed(99);
    Sequential resumed = model();
    Optimizer opt2 = new Sgd(resumed.parameters(), 0.1f).momentum(0.9f);
    LrScheduler sched2 = scheduler(opt2);
    Checkpoint c = Checkpoint.load(file);
    c.restore(resumed, opt2);
    sched2.loadState(c.schedulerState());
    assertEquals(sched1.state(), sched2.state());
    for (int e = 5; e < 10; e++) {
      epoch(resumed, opt2, sched2);
    }
    assertEquals(sched.getLastLr(), sched2.getLastLr());
    Map<String, Tensor> expected = straight.stateDict();
    resumed.stateDict().forEach((k, t) ->
        assertArrayEquals(expected.get(k).toFloatArray(), t.toFloatArray(), k));
  }

  @Test
  void plateauStateWithInfiniteBestRoundTrips() throws Exception {
    Sequential m = model();
    Optimizer opt = new Sgd(m.parameters(), 0.1f);
    ReduceLROnPlateau sched = new ReduceLROnPlateau(opt).maximize(true);
    Path file = dir.resolve("plateau.safetensors");
    Checkpoint.save(file, m, opt, sched.state(), 0, 0);
    Map<String, Double> loaded = Checkpoint.load(file).schedulerState();
    assertEquals(sched.state(), loaded);
    assertTrue(loaded.get("best").isInfinite());
    Checkpoint.save(file, m, opt, 0, 0);
    assertTrue(Checkpoint.load(file).schedulerState().isEmpty());
  }
}
