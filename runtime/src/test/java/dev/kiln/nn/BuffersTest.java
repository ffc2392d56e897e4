package dev.kiln.nn;

import static dev.kiln.nn.NormFixtures.FWD_ATOL;
import static dev.kiln.nn.NormFixtures.FWD_RTOL;
import static dev.kiln.nn.NormFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.io.Checkpoint;
import dev.kiln.io.DType;
import dev.kiln.io.SafeTensors;
import dev.kiln.io.SafeTensorsFile;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Float64Device;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Buffers: registration, named views, PyTorch's state-dict order on a nested model (own
 * parameters, own persistent buffers, then children), a PyTorch state dict with int64
 * num_batches_tracked loading strictly, all-or-nothing refusal of a missing running_var,
 * Module.to moving buffers, and checkpoints keeping them.
 */
class BuffersTest {
  @TempDir Path dir;

  /** tools/fixtures/make_norm_fixtures.py's Nested, in Kiln. */
  static final class Nested extends Module {
    final Parameter scale = registerParameter("scale", new Parameter(new float[] {.5f, .5f, .5f}, 3));
    final Tensor offset = registerBuffer("offset", Tensor.of(new float[] {0.25f, -0.5f, 1f}, 3));
    final Tensor scratch = registerBuffer("scratch", Tensor.zeros(2), false);
    final Sequential features = registerModule("features", new Sequential(new Linear(4, 6),
        new BatchNorm1d(6), new ReLU(), new Dropout(0.25f)));
    final GroupNorm norm = registerModule("norm", new GroupNorm(2, 6));
    final Linear head = registerModule("head", new Linear(6, 3));
    final BatchNorm1d bn = registerModule("bn", new BatchNorm1d(3).momentum(null));

    Tensor forward(Tensor x) {
      return bn.apply(head.apply(norm.apply(features.apply(x)))).mul(scale).add(offset);
    }
  }

  private static Map<String, Tensor> torchState() {
    return NormFixtures.load("nested_model.safetensors");
  }

  private static List<float[]> snapshot(Module m) {
    List<float[]> out = new ArrayList<>();
    m.stateDict().values().forEach(t -> out.add(t.toFloatArray()));
    return out;
  }

  private static void assertSameValues(List<float[]> a, List<float[]> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), "entry " + i);
    }
  }

  @Test
  void stateDictKeysAreTorchsInTorchsOrder() throws Exception {
    List<String> torchKeys = Files.readAllLines(NormFixtures.path("nested_model_keys.txt"));
    Nested m = new Nested();
    assertEquals(torchKeys, List.copyOf(m.stateDict().keySet()));
    assertEquals(torchKeys, List.copyOf(torchState().keySet()), "the file's own order");
    assertEquals(List.of("offset", "scratch", "features.1.running_mean",
        "features.1.running_var", "features.1.num_batches_tracked", "bn.running_mean",
        "bn.running_var", "bn.num_batches_tracked"), List.copyOf(m.namedBuffers().keySet()));
    assertEquals(8, m.buffers().size());
    assertSame(m.offset, m.namedBuffers().get("offset"));
  }

  @Test
  void torchStateDictWithInt64CounterLoadsStrictlyAndGivesTorchsOutput() throws Exception {
    SafeTensorsFile file = SafeTensors.read(NormFixtures.path("nested_model.safetensors"));
    assertEquals(DType.I64, file.tensors().get("bn.num_batches_tracked").dtype());
    Nested m = new Nested();
    IncompatibleKeys k = m.loadStateDict(torchState());
    assertEquals(List.of(), k.missingKeys());
    assertEquals(List.of(), k.unexpectedKeys());
    assertEquals(2f, m.bn.numBatchesTracked().item());
    assertEquals(2f, ((BatchNorm1d) m.features.get(1)).numBatchesTracked().item());
    m.eval();
    Map<String, Tensor> io = NormFixtures.load("nested_model_io.safetensors");
    assertClose(io.get("y"), m.forward(io.get("x")), FWD_ATOL, FWD_RTOL, "eval output");
  }

  @Test
  void missingRunningVarIsRefusedAllOrNothing() {
    Nested m = new Nested();
    List<float[]> before = snapshot(m);
    Map<String, Tensor> state = new LinkedHashMap<>(torchState());
    state.remove("features.1.running_var");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.loadStateDict(state));
    assertEquals("cannot load state dict into Nested: missing key 'features.1.running_var'"
        + " (the model is unchanged)", e.getMessage());
    assertSameValues(before, snapshot(m));
    // non-strict: the rest loads and the key is reported
    IncompatibleKeys k = m.loadStateDict(state, false);
    assertEquals(List.of("features.1.running_var"), k.missingKeys());
    assertArrayEquals(torchState().get("bn.running_var").toFloatArray(),
        m.bn.runningVar().toFloatArray());
  }

  @Test
  void misShapedBufferFailsInBothModesAndChangesNothing() {
    Nested m = new Nested();
    List<float[]> before = snapshot(m);
    Map<String, Tensor> state = new LinkedHashMap<>(torchState());
    state.put("bn.running_mean", Tensor.zeros(4));
    state.put("extra.buffer", Tensor.zeros(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.loadStateDict(state, false));
    assertEquals("cannot load state dict into Nested: 'bn.running_mean' has shape (4) but the"
        + " model expects (3) (the model is unchanged)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state));
    assertEquals("cannot load state dict into Nested: 'bn.running_mean' has shape (4) but the"
        + " model expects (3); unexpected key 'extra.buffer' (the model is unchanged)",
        e.getMessage());
    assertSameValues(before, snapshot(m));
  }

  @Test
  void kilnSavesTheCounterAsF32AndReadsItBack() throws Exception {
    Nested m = new Nested();
    m.loadStateDict(torchState());
    Path f = dir.resolve("nested.safetensors");
    SafeTensors.save(m.stateDict(), f);
    assertEquals(DType.F32, SafeTensors.read(f).tensors().get("bn.num_batches_tracked").dtype());
    Nested back = new Nested();
    back.loadStateDict(SafeTensors.load(f));
    assertSameValues(snapshot(m), snapshot(back));
  }

  @Test
  void toMovesBuffersInPlace() {
    Nested m = new Nested();
    Tensor rm = m.bn.runningMean();
    m.to(Float64Device.F64);
    for (Tensor b : m.buffers()) {
      assertSame(Float64Device.F64, b.device());
    }
    assertSame(rm, m.bn.runningMean(), "the layer keeps the same buffer object");
    m.to(Device.cpu());
    assertSame(Device.cpu(), m.scratch.device());
    assertArrayEquals(new float[] {0.25f, -0.5f, 1f}, m.offset.toFloatArray());
  }

  @Test
  void checkpointsKeepBuffers() throws Exception {
    Rng.manualSeed(9);
    Nested m = new Nested();
    Sgd opt = new Sgd(m.parameters(), 0.1f);
    m.forward(Rng.randn(8, 4)).sum().backward();
    opt.step();
    assertEquals(1f, m.bn.numBatchesTracked().item());
    Path f = dir.resolve("ckpt.safetensors");
    Checkpoint.save(f, m, opt, 1, 1);
    Nested fresh = new Nested();
    Sgd freshOpt = new Sgd(fresh.parameters(), 0.1f);
    Checkpoint.load(f).restore(fresh, freshOpt);
    assertSameValues(snapshot(m), snapshot(fresh));
    assertEquals(1f, fresh.bn.numBatchesTracked().item());
  }

  @Test
  void registrationErrors() {
    class Bad extends Module {
      Bad(boolean clash) {
        registerParameter("w", new Parameter(Device.cpu(), 2));
        if (clash) {
          registerBuffer("w", Tensor.zeros(2));
        } else {
          registerBuffer("b", Tensor.zeros(2).requiresGrad(true));
        }
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Bad(true));
    assertEquals("invalid or duplicate name 'w' in Bad", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Bad(false));
    assertEquals("buffer 'b' requires grad; register it as a parameter instead", e.getMessage());
  }
}
