package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** train/eval propagation, zeroGrad, and PyTorch's exact toString layout. */
class ModuleStateTest {

  @Test
  void trainAndEvalReachEveryDescendant() {
    Linear deep = new Linear(2, 2);
    Sequential inner = new Sequential(deep, new Tanh());
    Sequential outer = new Sequential(inner, new Linear(2, 1));
    assertTrue(outer.isTraining() && deep.isTraining());
    assertSame(outer, outer.eval());
    assertFalse(outer.isTraining());
    assertFalse(inner.isTraining());
    assertFalse(deep.isTraining());
    assertFalse(outer.get(1).isTraining());
    outer.train();
    assertTrue(outer.isTraining() && inner.isTraining() && deep.isTraining());
  }

  @Test
  void evalOnChildDoesNotAffectParent() {
    Linear child = new Linear(2, 2);
    Sequential parent = new Sequential(child);
    child.eval();
    assertTrue(parent.isTraining());
    assertFalse(child.isTraining());
  }

  @Test
  void zeroGradZeroesEveryGradient() {
    Sequential s = new Sequential(new Linear(3, 2), new Tanh(), new Linear(2, 2));
    s.apply(Tensor.of(new float[] {1, 2, 3}, 1, 3)).sum().backward();
    boolean anyNonZero = false;
    for (Parameter p : s.parameters()) {
      assertNotNull(p.grad());
      for (float g : p.grad().toFloatArray()) {
        anyNonZero |= g != 0f;
      }
    }
    assertTrue(anyNonZero, "backward should have produced some gradient");
    s.zeroGrad();
    for (Parameter p : s.parameters()) {
      for (float g : p.grad().toFloatArray()) {
        assertEquals(0f, g);
      }
    }
  }

  @Test
  void toStringMatchesPyTorch() {
    Sequential s = new Sequential(new Flatten(), new Linear(784, 128), new ReLU());
    assertEquals("Sequential(\n"
        + "  (0): Flatten(start_dim=1, end_dim=-1)\n"
        + "  (1): Linear(in_features=784, out_features=128, bias=True)\n"
        + "  (2): ReLU()\n"
        + ")", s.toString());
  }

  @Test
  void nestedToStringMatchesPyTorch() {
    // print(nn.Sequential(nn.Linear(2,3), nn.Sequential(nn.Tanh(), nn.Linear(3,1,bias=False))))
    Sequential s = new Sequential(new Linear(2, 3),
        new Sequential(new Tanh(), new Linear(3, 1, false)));
    assertEquals("Sequential(\n"
        + "  (0): Linear(in_features=2, out_features=3, bias=True)\n"
        + "  (1): Sequential(\n"
        + "    (0): Tanh()\n"
        + "    (1): Linear(in_features=3, out_features=1, bias=False)\n"
        + "  )\n"
        + ")", s.toString());
  }

  @Test
  void leafToStrings() {
    assertEquals("Sigmoid()", new Sigmoid().toString());
    assertEquals("Flatten(start_dim=0, end_dim=2)", new Flatten(0, 2).toString());
  }
}
