package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.nn.Rng;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.Tanh;
import dev.kiln.optim.CosineAnnealingLR;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint keeps the optimizer's parameter groups: sizes, every option, exact lrs. */
class CheckpointGroupsTest {
  @TempDir Path dir;

  private static Sequential model() {
    return new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1));
  }

  /** Layer 0 at lr 0.1 with momentum, layer 2 at the optimizer's 0.01 without. */
  private static Sgd optimizer(Sequential m) {
    List<dev.kiln.nn.Parameter> p = m.parameters();
    return new Sgd(List.of(ParamGroup.of(p.subList(0, 2)).lr(0.1f).momentum(0.9f),
        ParamGroup.of(p.subList(2, 4))), 0.01f);
  }

  private static void train(Sequential m, Optimizer opt, CosineAnnealingLR sched, int steps) {
    for (int k = 0; k < steps; k++) {
      Tensor loss = m.apply(Tensor.of(new float[] {1, -1, 0.5f, 2}, 2, 2)).sum();
      opt.zeroGrad();
      loss.backward();
      opt.step();
      sched.step();
    }
  }

  @Test
  void resumingWithGroupsAndASchedulerIsBitwiseIdentical() throws Exception {
    Rng.manualSeed(3);
    Sequential straight = model();
    Map<String, Tensor> init = new LinkedHashMap<>();
    straight.stateDict().forEach((k, t) -> init.put(k, t.detach()));
    Sgd opt = optimizer(straight);
    CosineAnnealingLR sched = new CosineAnnealingLR(opt, 7);
    train(straight, opt, sched, 10);

    Sequential first = model();
    first.loadStateDict(init);
    Sgd opt1 = optimizer(first);
    CosineAnnealingLR sched1 = new CosineAnnealingLR(opt1, 7);
    train(first, opt1, sched1, 4);
    Path file = dir.resolve("groups.safetensors");
    Checkpoint.save(file, first, opt1, sched1.state(), 0, 4);
    Map<String, String> metadata = SafeTensors.read(file).metadata();
    assertEquals("2.0", metadata.get("optimizer.param_groups.1.params"));
    assertEquals(opt1.paramGroups().get(1).options().get("lr").toString(),
        metadata.get("optimizer.param_groups.1.lr"));

    Sequential second = model();
    Sgd opt2 = optimizer(second);
    CosineAnnealingLR sched2 = new CosineAnnealingLR(opt2, 7);
    Checkpoint c = Checkpoint.load(file);
    c.restore(second, opt2);
    assertEquals(opt1.paramGroupsState(), opt2.paramGroupsState());
    sched2.loadState(c.schedulerState());
    assertArrayEquals(sched1.getLastLrs(), sched2.getLastLrs());
    train(second, opt2, sched2, 6);
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(straight.parameters().get(i).toFloatArray(),
          second.parameters().get(i).toFloatArray(), "parameter " + i);
    }
    assertEquals(opt.paramGroupsState(), opt2.paramGroupsState());
  }

  @Test
  void groupsThatDoNotFitRestoreNothing() throws Exception {
    Sequential m = model();
    Sgd opt = optimizer(m);
    Path file = dir.resolve("groups.safetensors");
    Checkpoint.save(file, m, opt, 0, 0);
    Sequential other = model();
    List<float[]> before = other.parameters().stream().map(Tensor::toFloatArray).toList();
    Sgd oneGroup = new Sgd(other.parameters(), 0.5f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.load(file).restore(other, oneGroup));
    assertTrue(e.getMessage().contains("the saved state has 2 parameter groups but the optimizer"
        + " has 1"), e.getMessage());
    assertEquals(0.5f, oneGroup.lr());
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), other.parameters().get(i).toFloatArray());
    }
  }

  @Test
  void aCheckpointWithoutGroupsSetsEveryGroupsLr() throws Exception {
    Sequential m = model();
    Sgd opt = new Sgd(m.parameters(), 0.25f);
    Path file = dir.resolve("old.safetensors");
    Checkpoint.save(file, m, opt, 0, 0);
    SafeTensorsFile f = SafeTensors.read(file);
    Map<String, String> metadata = new LinkedHashMap<>(f.metadata());
    metadata.keySet().removeIf(k -> k.startsWith("optimizer.param_groups."));
    Path old = dir.resolve("older.safetensors");
    SafeTensors.save(SafeTensors.toTensors(f, file.toString()), metadata, old);
    Sequential m2 = model();
    Sgd groups = optimizer(m2);
    Checkpoint.load(old).restore(m2, groups);
    assertEquals(0.25f, groups.paramGroups().get(0).lr());
    assertEquals(0.25f, groups.paramGroups().get(1).lr());
  }
}
