package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.nn.Rng;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.Tanh;
import dev.kiln.optim.Adam;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint file's layout, and restore's all-or-nothing rule. */
class CheckpointTest {
  @TempDir Path dir;
  private Path file;

  private static Sequential model(int hidden) {
    return new Sequential(new Linear(2, hidden), new Tanh(), new Linear(hidden, 1));
  }

  private static void train(Sequential m, dev.kiln.optim.Optimizer opt) {
    Tensor loss = m.apply(Tensor.of(new float[] {1, -1, 0.5f, 2}, 2, 2)).sum();
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }

  @BeforeEach
  void saveOne() throws Exception {
    Rng.manualSeed(1);
    Sequential m = model(3);
    Adam opt = new Adam(m.parameters(), 0.002f);
    train(m, opt);
    file = dir.resolve("ckpt.safetensors");
    Checkpoint.save(file, m, opt, 4, 123);
  }

  @Test
  void fileHoldsPytorchNamesAndTheCounters() throws Exception {
    SafeTensorsFile f = SafeTensors.read(file);
    assertEquals(List.of("model.0.weight", "model.0.bias", "model.2.weight", "model.2.bias",
        "optimizer.0.step", "optimizer.0.exp_avg", "optimizer.0.exp_avg_sq", "optimizer.1.step"),
        List.copyOf(f.tensors().keySet()).subList(0, 8));
    assertEquals("4", f.metadata().get("epoch"));
    assertEquals("123", f.metadata().get("step"));
    assertEquals("Adam", f.metadata().get("optimizer"));
    assertEquals("0.002", f.metadata().get("optimizer.lr"));
    assertEquals(Long.toString(Rng.state()), f.metadata().get("rng_state"));
    Checkpoint c = Checkpoint.load(file);
    assertEquals(4, c.epoch());
    assertEquals(123, c.step());
    assertArrayEquals(new int[0], c.optimizerState().get("3.step").shape());
  }

  @Test
  void restoreSetsWeightsStateLrAndRng() throws Exception {
    long saved = Rng.state();
    Checkpoint c = Checkpoint.load(file);
    Rng.manualSeed(77);
    Sequential m = model(3);
    Adam opt = new Adam(m.parameters(), 0.5f);
    c.restore(m, opt);
    assertEquals(0.002f, opt.lr());
    assertEquals(saved, Rng.state());
    assertArrayEquals(c.modelState().get("2.weight").toFloatArray(),
        m.namedParameters().get("2.weight").toFloatArray());
    assertArrayEquals(c.optimizerState().get("1.exp_avg").toFloatArray(),
        opt.state().get("1.exp_avg").toFloatArray());
  }

  @Test
  void anOptimizerOfAnotherClassRestoresNothing() throws Exception {
    Sequential m = model(3);
    float[] before = m.parameters().get(0).toFloatArray();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.load(file).restore(m, new Sgd(m.parameters(), 0.1f)));
    assertEquals("the checkpoint holds Adam state but the optimizer is Sgd (nothing was restored)",
        e.getMessage());
    assertArrayEquals(before, m.parameters().get(0).toFloatArray());
  }

  @Test
  void anOptimizerStateThatDoesNotFitRollsTheModelBack() throws Exception {
    Rng.manualSeed(5);
    Sequential m = model(3);
    Adam opt = new Adam(m.parameters().subList(0, 2), 0.1f); // optimizes only the first layer
    List<float[]> before = m.parameters().stream().map(Tensor::toFloatArray).toList();
    long rng = Rng.state();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.load(file).restore(m, opt));
    assertTrue(e.getMessage().contains("parameter group 0 has 4 parameters in the saved state"
        + " but 2 in the optimizer"), e.getMessage());
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), m.parameters().get(i).toFloatArray(), "parameter " + i);
    }
    assertEquals(Map.of(), opt.state());
    assertEquals(0.1f, opt.lr());
    assertEquals(rng, Rng.state());
  }

  @Test
  void aModelThatDoesNotFitRestoresNothing() throws Exception {
    Sequential m = model(4);
    Adam opt = new Adam(m.parameters(), 0.1f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.load(file).restore(m, opt));
    assertTrue(e.getMessage().contains("'0.weight' has shape (3, 2) but the model"
        + " expects (4, 2)"), e.getMessage());
    assertEquals(Map.of(), opt.state());
  }

  @Test
  void aPlainWeightFileIsNotACheckpoint() throws Exception {
    Path plain = dir.resolve("plain.safetensors");
    SafeTensors.save(model(3).stateDict(), plain);
    SafeTensorsException e = assertThrows(SafeTensorsException.class,
        () -> Checkpoint.load(plain));
    assertEquals(plain + ": not a Kiln checkpoint: __metadata__ has no kiln.checkpoint = 1",
        e.getMessage());
  }
}
