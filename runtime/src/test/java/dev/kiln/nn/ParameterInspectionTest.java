package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Printing named parameters and counting them, as the PyTorch tutorials do. */
class ParameterInspectionTest {
  static final class TwoLayer extends Module {
    final Linear fc1 = registerModule("fc1", new Linear(3, 16));
    final Linear fc2 = registerModule("fc2", new Linear(16, 1, false));
  }

  @Test
  void describeParametersListsNameShapeAndRequiresGrad() {
    TwoLayer m = new TwoLayer();
    assertEquals("fc1.weight (16, 3) requiresGrad=true\n"
        + "fc1.bias (16) requiresGrad=true\n"
        + "fc2.weight (1, 16) requiresGrad=true", m.describeParameters());
    m.fc1.bias().requiresGrad(false);
    assertEquals("fc1.bias (16) requiresGrad=false", m.describeParameters().split("\n")[1]);
  }

  @Test
  void countsAllOrOnlyTrainable() {
    TwoLayer m = new TwoLayer();
    assertEquals(3 * 16 + 16 + 16, m.numParameters());
    assertEquals(m.numParameters(), m.numParameters(true));
    m.fc1.weight().requiresGrad(false);
    assertEquals(16 + 16, m.numParameters(true));
    assertEquals(3 * 16 + 16 + 16, m.numParameters(false));
  }

  @Test
  void sineNetHas4353Parameters() {
    // The tutorial's SineNet: Linear(1,64), Tanh, Linear(64,64), Tanh, Linear(64,1):
    // sum(p.numel() for p in model.parameters()) = 128 + 4160 + 65
    Sequential net = new Sequential(new Linear(1, 64), new Tanh(), new Linear(64, 64), new Tanh(),
        new Linear(64, 1));
    assertEquals(4353, net.numParameters());
    assertEquals("", new ReLU().describeParameters());
    assertEquals(0, new ReLU().numParameters());
  }
}
