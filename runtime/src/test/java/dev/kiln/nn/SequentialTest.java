package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.GradCheck;
import dev.kiln.tensor.Tensor;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** Sequential: forward equals the layers applied in turn; gradients of input and every parameter. */
class SequentialTest {

  private static Sequential mlp() {
    Rng.manualSeed(3);
    return new Sequential(new Flatten(), new Linear(6, 5), new Tanh(), new Linear(5, 4),
        new Sigmoid(), new Linear(4, 3));
  }

  @Test
  void forwardEqualsLayersAppliedInTurn() {
    Sequential s = mlp();
    Tensor x = GradCheck.leaf(91, 1.0, 2, 3, 2);
    Tensor expected = x;
    for (int i = 0; i < s.size(); i++) {
      expected = s.get(i).apply(expected);
    }
    Tensor y = s.apply(x);
    assertArrayEquals(new int[] {2, 3}, y.shape());
    assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 1e-6f);
  }

  @Test
  void gradientsOfInputAndEveryParameter() {
    Sequential s = mlp();
    Tensor x = GradCheck.leaf(92, 1.0, 2, 3, 2);
    Tensor[] wrt = new Tensor[1 + s.parameters().size()];
    wrt[0] = x;
    for (int i = 0; i < s.parameters().size(); i++) {
      wrt[i + 1] = s.parameters().get(i);
    }
    GradCheck.check(() -> s.apply(x), wrt);
  }

  @Test
  void reluNetworkGradients() {
    Rng.manualSeed(4);
    Linear first = new Linear(3, 4);
    Linear second = new Linear(4, 2);
    Sequential s = new Sequential(first, new ReLU(), second);
    // pre-activations stay away from 0 for these seeds (checked by the gradcheck itself:
    // a kink inside ±eps would show up as a mismatch)
    Tensor x = GradCheck.leaf(93, 1.0, 3, 3);
    GradCheck.check(() -> s.apply(x), x, first.weight(), first.bias(), second.weight(), second.bias());
  }

  @Test
  void nestedSequentialGradients() {
    Rng.manualSeed(5);
    Sequential inner = new Sequential(new Linear(3, 3), new Tanh());
    Sequential outer = new Sequential(inner, new Linear(3, 2));
    Tensor x = GradCheck.leaf(94, 1.0, 4, 3);
    Tensor[] wrt = outer.parameters().toArray(new Tensor[0]);
    GradCheck.checkWith(java.util.List.of(x), () -> outer.apply(x), wrt);
  }

  @Test
  void backwardTwiceGivesSameParameterGradients() {
    Sequential s = mlp();
    Tensor loss = s.apply(GradCheck.leaf(95, 1.0, 2, 6)).mean();
    loss.backward();
    float[] first = s.parameters().get(0).grad().toFloatArray();
    s.zeroGrad();
    loss.backward();
    assertArrayEquals(first, s.parameters().get(0).grad().toFloatArray());
  }

  @Test
  void sequentialWithoutLayersIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Sequential());
  }

  @Test
  void parameterGradsStayNullWithoutBackward() {
    Sequential s = mlp();
    s.apply(Tensor.zeros(1, 6));
    for (Parameter p : s.parameters()) {
      assertNull(p.grad());
    }
  }

  @Test
  void forwardOutputsAreNotKeptAliveByTheModule() throws InterruptedException {
    Sequential s = mlp();
    WeakReference<Tensor> ref = new WeakReference<>(s.apply(Tensor.zeros(2, 6)));
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertNull(ref.get(), "Sequential leaks every forward output it has produced");
  }
}
