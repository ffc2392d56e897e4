package ${package};

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.loss.MseLoss;
import dev.kiln.nn.Parameter;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class MlpTest {
  /** The compiled forward and backward give what the forward body gives run eagerly, op by op. */
  @Test
  void compiledEqualsEager() {
    Rng.manualSeed(1);
    KilnMlp model = new KilnMlp();
    Tensor x = Rng.rand(8, 3);
    Tensor dy = Rng.rand(8, 1);
    List<float[]> compiled = run(model, model::forward, x, dy);
    List<float[]> eager = run(model, model::forwardEager, x, dy);
    for (int i = 0; i < compiled.size(); i++) {
      float[] c = compiled.get(i);
      float[] e = eager.get(i);
      assertEquals(e.length, c.length);
      for (int j = 0; j < e.length; j++) {
        assertEquals(e[j], c[j], 1e-5f + 1e-4f * Math.abs(e[j]), "result " + i + " at " + j);
      }
    }
  }

  /** The output, the input's gradient and every parameter's gradient. */
  private static List<float[]> run(Mlp model, UnaryOperator<Tensor> forward, Tensor x, Tensor dy) {
    model.zeroGrad();
    Tensor in = x.detach().requiresGrad(true);
    Tensor y = forward.apply(in);
    List<float[]> out = new ArrayList<>(List.of(y.toFloatArray()));
    y.backward(dy);
    out.add(in.grad().toFloatArray());
    for (Parameter p : model.parameters()) {
      out.add(p.grad().toFloatArray());
    }
    return out;
  }

  @Test
  void parametersAreNamedAsInPyTorch() {
    assertArrayEquals(
        new String[] {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "head.weight", "head.bias"},
        Mlp.create().stateDict().keySet().toArray(new String[0]));
  }

  @Test
  void trainingLowersTheLoss() {
    Rng.manualSeed(0);
    Tensor x = Rng.rand(64, 3);
    Tensor y = Train.targets(x);
    Mlp model = Mlp.create();
    MseLoss lossFn = new MseLoss();
    Adam optimizer = new Adam(model.parameters(), 0.01f);
    float first = Float.NaN;
    float last = Float.NaN;
    for (int step = 0; step < 100; step++) {
      Tensor loss = lossFn.apply(model.forward(x), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      last = loss.item();
      first = step == 0 ? last : first;
    }
    assertTrue(last < first / 4, "loss " + first + " -> " + last);
  }
}
