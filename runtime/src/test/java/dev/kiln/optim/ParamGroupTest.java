package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Parameter;
import dev.kiln.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The parameter-group API: defaults, per-group options, PyTorch's refusals, saved groups. */
class ParamGroupTest {
  private final Parameter a = new Parameter(new float[] {1, 2}, 2);
  private final Parameter b = new Parameter(new float[] {3}, 1);
  private final Parameter c = new Parameter(new float[] {4, 5, 6}, 3);

  @Test
  void groupsTakeTheOptimizersOptionsTheyDoNotSet() {
    ParamGroup g0 = ParamGroup.of(a).lr(0.1f).momentum(0.5f);
    ParamGroup g1 = ParamGroup.of(List.of(b, c));
    Sgd opt = new Sgd(List.of(g0, g1), 0.01f).momentum(0.9f).weightDecay(0.2f);
    assertEquals(List.of(g0, g1), opt.paramGroups());
    assertSame(g1, opt.paramGroups().get(1));
    assertEquals(List.of(a, b, c), opt.params());
    assertEquals(0.1f, g0.lr());
    assertEquals(0.5f, g0.momentum());
    assertEquals(0.2f, g0.weightDecay());
    assertEquals(0.01f, g1.lr());
    assertEquals(0.9f, g1.momentum());
    assertEquals(Map.of("lr", 0.01, "momentum", 0.9, "dampening", 0.0, "weight_decay", 0.2,
        "nesterov", false, "maximize", false), g1.options());
    assertEquals(List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"),
        List.copyOf(g1.options().keySet()));
    assertEquals(0.1f, opt.lr()); // param_groups[0]["lr"]
    g1.lr(0.05f);
    assertEquals(0.05f, g1.lr());
    assertEquals(0.1f, g0.lr());
    opt.setLr(0.3f); // every group
    assertEquals(0.3f, g0.lr());
    assertEquals(0.3f, g1.lr());
    assertEquals("Sgd(group 0: lr=0.3, momentum=0.5, dampening=0.0, weightDecay=0.2,"
        + " nesterov=false, maximize=false; group 1: lr=0.3, momentum=0.9, dampening=0.0,"
        + " weightDecay=0.2, nesterov=false, maximize=false)", opt.toString());
  }

  @Test
  void aSingleGroupReadsAsBefore() {
    Adam opt = new Adam(List.of(a, b), 0.01f).betas(0.8f, 0.9f);
    assertEquals(1, opt.paramGroups().size());
    assertEquals(List.of(a, b), opt.paramGroups().get(0).params());
    assertEquals(0.8f, opt.paramGroups().get(0).betas()[0]);
    assertEquals("Adam(lr=0.01, betas=(0.8, 0.9), eps=1.0E-8, weightDecay=0.0, amsgrad=false,"
        + " maximize=false)", opt.toString());
  }

  @Test
  void aParameterInTwoGroupsIsRefused() {
    assertMessage("some parameters appear in more than one parameter group: parameter 1 of"
        + " group 1 is also in group 0",
        () -> new Sgd(List.of(ParamGroup.of(a, b), ParamGroup.of(c, b)), 0.1f));
    Sgd opt = new Sgd(List.of(a), 0.1f);
    assertMessage("some parameters appear in more than one parameter group: parameter 0 of"
        + " group 1 is also in group 0", () -> opt.addParamGroup(ParamGroup.of(a)));
    assertEquals(1, opt.paramGroups().size());
    assertMessage("parameter 1 appears more than once", () -> ParamGroup.of(a, a));
    assertMessage("optimizer got an empty parameter list", () -> new Adam(List.<ParamGroup>of()));
  }

  @Test
  void addParamGroupNumbersItsParametersAfterTheOthers() {
    Sgd opt = new Sgd(List.of(a), 0.1f).momentum(0.9f);
    opt.addParamGroup(ParamGroup.of(b, c).lr(0.5f));
    assertEquals(List.of(a, b, c), opt.params());
    assertEquals(0.5f, opt.paramGroups().get(1).lr());
    assertEquals(0.9f, opt.paramGroups().get(1).momentum());
    for (Parameter p : List.of(a, b, c)) {
      p.setGrad(Tensor.of(new float[p.numel()], p.shape()));
    }
    opt.step();
    assertEquals(List.of("0.momentum_buffer", "1.momentum_buffer", "2.momentum_buffer"),
        List.copyOf(opt.state().keySet()));
  }

  @Test
  void optionsAreCheckedAgainstTheOptimizer() {
    assertMessage("Sgd has no option 'beta1' (parameter group 1)", () -> new Sgd(
        List.of(ParamGroup.of(a), ParamGroup.of(b).betas(0.5f, 0.6f)), 0.1f));
    Sgd opt = new Sgd(List.of(ParamGroup.of(a)), 0.1f);
    assertMessage("Sgd has no option 'amsgrad'", () -> opt.paramGroups().get(0).amsgrad(true));
    assertMessage("Invalid momentum value: -1.0", () -> ParamGroup.of(a).momentum(-1f));
    assertMessage("Invalid learning rate: NaN", () -> ParamGroup.of(a).lr(Float.NaN));
    assertMessage("parameter group 1 didn't specify a value of required optimization parameter"
        + " lr", () -> new Sgd(List.of(ParamGroup.of(a).lr(0.1f), ParamGroup.of(b))));
    assertEquals(0.2f, new Sgd(List.of(ParamGroup.of(a).lr(0.2f))).lr());
    ParamGroup g = ParamGroup.of(b);
    new Adam(List.of(g));
    assertMessage("parameter group 0 already belongs to an optimizer",
        () -> new Adam(List.of(g)));
    assertMessage("option 'momentum' is not set on this group and the group belongs to no"
        + " optimizer yet", () -> ParamGroup.of(a).momentum());
  }

  @Test
  void nesterovIsCheckedPerGroup() {
    Sgd opt = new Sgd(List.of(ParamGroup.of(a).momentum(0.9f).nesterov(true),
        ParamGroup.of(b).nesterov(true)), 0.1f);
    a.setGrad(Tensor.of(new float[2], 2));
    assertMessage("Nesterov momentum requires a momentum and zero dampening (momentum 0.0",
        opt::step);
    assertEquals(List.of(1f, 2f), List.of(a.toFloatArray()[0], a.toFloatArray()[1]));
  }

  @Test
  void aLayoutOptionIsFixedOnceTheGroupHasState() {
    Adam opt = new Adam(List.of(ParamGroup.of(a), ParamGroup.of(b)), 0.1f);
    a.setGrad(Tensor.of(new float[2], 2));
    opt.step(); // only group 0 has state
    opt.paramGroups().get(1).amsgrad(true);
    assertMessage("amsgrad changes the optimizer state's layout",
        () -> opt.paramGroups().get(0).amsgrad(true));
    assertEquals(false, opt.paramGroups().get(0).amsgrad());
    assertMessage("amsgrad changes the optimizer state's layout", () -> opt.amsgrad(true));
    assertEquals(false, opt.amsgrad());
    opt.paramGroups().get(0).lr(0.5f); // not a layout option
  }

  @Test
  void savedGroupsThatDoNotFitChangeNothing() {
    Sgd opt = new Sgd(List.of(ParamGroup.of(a).lr(0.1f), ParamGroup.of(b, c)), 0.01f);
    Map<String, Double> saved = opt.paramGroupsState();
    assertEquals(14, saved.size());
    assertEquals(2.0, saved.get("1.params"));
    assertEquals(0.01, saved.get("1.lr"));
    assertEquals(0.0, saved.get("1.nesterov"));

    Sgd one = new Sgd(List.of(a, b, c), 0.2f);
    assertMessage("cannot load parameter groups into Sgd: the saved state has 2 parameter groups"
        + " but the optimizer has 1", () -> one.loadState(Map.of(), saved));
    Sgd other = new Sgd(List.of(ParamGroup.of(a, b), ParamGroup.of(c)), 0.2f);
    Map<String, Double> bad = new HashMap<>(saved);
    bad.remove("0.momentum");
    bad.put("0.betas", 0.5);
    bad.put("1.dampening", Double.NaN);
    bad.put("1.maximize", 2.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> other.loadState(Map.of(), bad));
    for (String part : List.of("parameter group 0 has 1 parameters in the saved state but 2 in"
        + " the optimizer", "missing key '0.momentum'", "unexpected key '0.betas'",
        "'1.dampening': Invalid dampening value: NaN", "'1.maximize' must be 0 or 1, got 2.0")) {
      assertTrue(e.getMessage().contains(part), e.getMessage());
    }
    Map<String, Double> before = other.paramGroupsState();
    // Groups that fit but a state that does not: the groups' options are rolled back too.
    Sgd same = new Sgd(List.of(ParamGroup.of(a), ParamGroup.of(b, c)), 0.2f);
    Map<String, Double> sameBefore = same.paramGroupsState();
    Map<String, Tensor> badState = Map.of("5.momentum_buffer", Tensor.of(new float[1], 1));
    e = assertThrows(IllegalArgumentException.class, () -> same.loadState(badState, saved));
    assertTrue(e.getMessage().contains("unexpected key '5.momentum_buffer'"), e.getMessage());
    assertEquals(sameBefore, same.paramGroupsState());
    assertEquals(before, other.paramGroupsState());
    same.loadState(Map.of(), saved);
    assertEquals(saved, same.paramGroupsState());
    assertEquals(0.1f, same.paramGroups().get(0).lr());
  }

  private static void assertMessage(String prefix, Executable body) {
    Exception e = assertThrows(Exception.class, body);
    assertTrue(e.getMessage().startsWith(prefix), "message: " + e.getMessage());
  }
}
