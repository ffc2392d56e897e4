package dev.kiln.examples;

import static dev.kiln.examples.Fixture.assertClose;

import dev.kiln.nn.Rng;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One nested model called twice in a forward ({@link Siamese}: {@code enc(x) - enc(y)}): each
 * call has its own output and buffers, compiled and eager, under noGrad and in training (before,
 * the second call overwrote the first one's output and the model returned zeros).
 */
class SiameseTest {
  @Test
  void aNestedModelCalledTwiceGivesEachCallItsOwnOutputAndGradient() {
    Rng.manualSeed(3);
    KilnSiamese m = new KilnSiamese();
    Tensor x = Rng.rand(2, 5);
    Tensor y = Rng.rand(2, 5);
    // the reference: two separate calls of the encoder, each with its own backward
    Tensor ex = x.detach().requiresGrad(true);
    Tensor ey = y.detach().requiresGrad(true);
    Tensor dy = Rng.rand(2, 5);
    Tensor a = m.enc.forward(ex);
    Tensor expected = a.detach();
    a.backward(dy);
    Tensor b = m.enc.forward(ey);
    expected = expected.sub(b.detach());
    b.backward(dy.mul(-1f));
    List<Tensor> grads = new ArrayList<>(List.of(ex.grad().detach(), ey.grad().detach()));
    m.parameters().forEach(p -> grads.add(p.grad().detach()));
    m.zeroGrad();

    for (boolean compiled : new boolean[] {true, false}) {
      String how = compiled ? "compiled " : "eager ";
      java.util.function.BiFunction<Tensor, Tensor, Tensor> f =
          compiled ? m::forward : m::forwardEager;
      assertClose(expected, GradMode.noGrad(() -> f.apply(x, y)), 1e-6, 1e-6, how + "noGrad");
      m.zeroGrad();
      Tensor cx = x.detach().requiresGrad(true);
      Tensor cy = y.detach().requiresGrad(true);
      Tensor out = f.apply(cx, cy);
      assertClose(expected, out, 1e-6, 1e-6, how + "recording");
      out.backward(dy);
      assertClose(grads.get(0), cx.grad(), 1e-6, 1e-6, how + "dx");
      assertClose(grads.get(1), cy.grad(), 1e-6, 1e-6, how + "dy");
      int i = 2;
      for (var p : m.parameters()) {
        assertClose(grads.get(i++), p.grad(), 1e-6, 1e-6, how + "parameter gradient");
      }
    }
  }
}
