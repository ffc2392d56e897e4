package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kiln.io.Onnx;
import dev.kiln.nn.Module;
import dev.kiln.nn.Rng;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example model exported to ONNX and run by ONNX Runtime gives Kiln's outputs within
 * 1e-5, at two batch sizes (the batch dimension is dynamic).
 */
class OnnxExportTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @TempDir
  Path dir;

  /** Exports {@code model}, runs it in ONNX Runtime at batches 1 and 5, compares with Kiln. */
  private void check(Module model, IntFunction<Tensor[]> inputs, String... names)
      throws IOException, OrtException {
    Path file = dir.resolve("model.onnx");
    Onnx.export(model, file);
    try (OrtSession session = ENV.createSession(file.toString(), new OrtSession.SessionOptions())) {
      assertEquals(java.util.List.of(names), java.util.List.copyOf(session.getInputNames()));
      for (int batch : new int[] {1, 5}) {
        Tensor[] in = inputs.apply(batch);
        float[] expected = GradMode.noGrad(() -> forward(model, in)).toFloatArray();
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        for (int i = 0; i < in.length; i++) {
          feed.put(names[i], OnnxTensor.createTensor(ENV, FloatBuffer.wrap(in[i].toFloatArray()),
              toLongs(in[i].shape())));
        }
        try (OrtSession.Result r = session.run(feed)) {
          FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
          float[] actual = new float[out.remaining()];
          out.get(actual);
          assertClose(expected, actual, model.getClass().getSimpleName() + " at batch " + batch);
        } finally {
          feed.values().forEach(OnnxTensor::close);
        }
      }
    }
  }

  private static Tensor forward(Module model, Tensor[] in) {
    if (model instanceof AllOps a) {
      return a.forward(in[0]);
    }
    if (model instanceof Mixer m) {
      return m.forward(in[0], in[1]);
    }
    if (model instanceof Tower t) {
      return t.forward(in[0]);
    }
    if (model instanceof MnistClassifier m) {
      return m.forward(in[0]);
    }
    if (model instanceof SineNet s) {
      return s.forward(in[0]);
    }
    if (model instanceof SkipMlp s) {
      return s.forward(in[0]);
    }
    return ((ScaledRegressor) model).forward(in[0]);
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": element count");
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > 1e-5) {
        throw new AssertionError(what + ": element " + i + " is " + actual[i] + " in ONNX Runtime,"
            + " " + expected[i] + " in Kiln");
      }
    }
  }

  private static long[] toLongs(int[] shape) {
    long[] s = new long[shape.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = shape[i];
    }
    return s;
  }

  @Test
  void mnistClassifier() throws Exception {
    Rng.manualSeed(21);
    check(MnistClassifier.create(), b -> new Tensor[] {Rng.rand(b, 1, 28, 28)}, "x");
  }

  @Test
  void sineNet() throws Exception {
    Rng.manualSeed(22);
    check(SineNet.create(16), b -> new Tensor[] {Rng.rand(b, 1)}, "x");
  }

  @Test
  void skipMlp() throws Exception {
    Rng.manualSeed(23);
    check(SkipMlp.create(), b -> new Tensor[] {Rng.rand(b, 3)}, "x");
  }

  @Test
  void scaledRegressorWithAUserLayer() throws Exception {
    Rng.manualSeed(24);
    ScaledRegressor model = ScaledRegressor.create(4, 8);
    model.scale.weight().device().kernels().copy(Rng.rand(8), model.scale.weight());
    check(model, b -> new Tensor[] {Rng.rand(b, 4)}, "x");
  }

  @Test
  void nestedModels() throws Exception {
    Rng.manualSeed(25);
    check(new KilnTower(), b -> new Tensor[] {Rng.rand(b, 3)}, "x");
  }

  @Test
  void matmulReshapeFlattenAndBroadcastingOps() throws Exception {
    Rng.manualSeed(26);
    check(new KilnMixer(), b -> new Tensor[] {Rng.rand(b, 3, 3), Rng.rand(3, 4)}, "x", "w");
  }

  @Test
  void everyForwardConstruct() throws Exception {
    Rng.manualSeed(27);
    check(AllOps.create(), b -> new Tensor[] {Rng.rand(b, 3, 4)}, "x");
  }

  @Test
  void aLayerWithoutAGraphFormIsRefusedByNameAndNothingIsWritten() {
    Path file = dir.resolve("doubled.onnx");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Onnx.export(new KilnDoubled(), file));
    assertEquals("cannot export Doubled to ONNX: layer Doubler() (dev.kiln.examples.Doubler):"
        + " it does not implement dev.kiln.export.Exportable, which describes a layer's forward"
        + " in standard ops", e.getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void aModuleThatIsNotCompiledIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Onnx.toBytes(new Doubler()));
    assertEquals("cannot export Doubler to ONNX: only models compiled by Kiln (@Model classes,"
        + " created through their generated Kiln class) are exported", e.getMessage());
  }
}
