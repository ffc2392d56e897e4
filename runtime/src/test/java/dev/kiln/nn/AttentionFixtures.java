package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fixtures of tools/fixtures/make_attention_fixtures.py. */
final class AttentionFixtures {
  private AttentionFixtures() {}

  static Map<String, Tensor> load(String name) {
    try {
      return SafeTensors.load(Path.of(AttentionFixtures.class.getResource("/attention/" + name)
          .toURI()));
    } catch (Exception e) {
      throw new AssertionError("fixture " + name, e);
    }
  }

  static Tensor get(Map<String, Tensor> f, String key) {
    Tensor t = f.get(key);
    assertNotNull(t, "fixture tensor " + key);
    return t;
  }

  /** The case's state dict: the keys under {@code case/} that are not inputs or results. */
  static Map<String, Tensor> state(Map<String, Tensor> f, String c, Module m) {
    Map<String, Tensor> s = new LinkedHashMap<>();
    for (String k : m.stateDict().keySet()) {
      s.put(k, get(f, c + "/" + k));
    }
    return s;
  }

  /** A float tensor requiring grad with the fixture's values. */
  static Tensor leaf(Map<String, Tensor> f, String key) {
    Tensor t = get(f, key);
    return Tensor.of(t.toFloatArray(), t.shape()).requiresGrad(true);
  }

  /** Checks every parameter's gradient against {@code case/d<name>}. */
  static void assertParamGrads(Map<String, Tensor> f, String c, Module m) {
    m.namedParameters().forEach((k, p) -> NormFixtures.assertClose(get(f, c + "/d" + k),
        p.grad(), NormFixtures.GRAD_ATOL, NormFixtures.GRAD_RTOL, c + " d" + k));
  }
}
