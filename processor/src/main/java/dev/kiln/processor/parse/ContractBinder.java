package dev.kiln.processor.parse;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.dims.Pattern;
import dev.kiln.processor.dims.ShapeParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a layer's {@code @ShapeContract} to its creating expression: positional arguments and
 * fluent options to the contract's names, defaults for the rest, the first variant whose
 * {@code when} holds.
 */
final class ContractBinder {
  private final Reporter report;
  private final DimReader dims;

  ContractBinder(Reporter report, DimReader dims) {
    this.report = report;
    this.dims = dims;
  }

  /** The bound contract, or null after reporting. */
  LayerSpec bind(ExpressionTree init, LayerInit li, String type, String simpleName,
      List<Kinds.Contract> variants) {
    String text = LayerInit.text(init);
    for (Kinds.Contract c : variants) {
      try {
        ContractArgs args = ContractArgs.parse(c.args());
        Map<String, Tree> at = new HashMap<>();
        Map<String, Object> given = given(li, args, at);
        if (given == null) {
          return null;
        }
        if (!c.when().isBlank() && !holds(c.when(), given)) {
          continue;
        }
        Map<String, Dim> bound = new LinkedHashMap<>();
        for (ContractArgs.Arg a : args.args()) {
          if (!bindArg(a, given.containsKey(a.name()), given.get(a.name()), bound,
              at.getOrDefault(a.name(), init), text)) {
            return null;
          }
        }
        Pattern input = ShapeParser.parse(c.input());
        Pattern output = ShapeParser.parse(c.output());
        List<Condition> requires = new ArrayList<>();
        for (String r : c.requires()) {
          requires.add(Condition.parse(r));
        }
        Set<String> defined = new HashSet<>(bound.keySet());
        input.dims().forEach(d -> defined.addAll(d.symbols()));
        List<Dim> used = new ArrayList<>(output.dims());
        requires.forEach(r -> used.addAll(List.of(r.left(), r.right())));
        for (Dim d : used) {
          for (String s : d.symbols()) {
            if (!defined.contains(s)) {
              boolean declared = args.args().stream().anyMatch(a -> a.symbols().contains(s));
              report.error(Code.LAYER, init, declared ? "size '" + s + "' of " + text + " is not"
                  + " given: pass it as an argument or option" : "the @ShapeContract of "
                  + simpleName + " has output size '" + d + "' that neither its args nor its"
                  + " input defines");
              return null;
            }
          }
        }
        List<String> positional = args.args().stream().map(ContractArgs.Arg::name).toList();
        return new LayerSpec.Contract(text, init, input, output, bound, positional, type, requires);
      } catch (IllegalArgumentException e) {
        report.error(Code.LAYER, init, "the @ShapeContract of " + simpleName + " cannot be read: "
            + e.getMessage());
        return null;
      }
    }
    report.error(Code.LAYER, init, "no @ShapeContract variant of " + simpleName + " applies to "
        + text);
    return null;
  }

  /** Argument name to its value: a list of dims, a String, or null when unreadable. */
  private Map<String, Object> given(LayerInit li, ContractArgs args, Map<String, Tree> at) {
    Map<String, Object> given = new HashMap<>();
    List<? extends ExpressionTree> pos = li.create().getArguments();
    for (int i = 0; i < pos.size() && i < args.args().size(); i++) {
      String name = args.args().get(i).name();
      given.put(name, value(List.of(pos.get(i))));
      at.put(name, pos.get(i));
    }
    for (LayerInit.Option o : li.options()) {
      given.put(o.name(), value(o.args()));
      at.put(o.name(), o.tree());
    }
    return given;
  }

  /** Dims (one per component), a String for a string or boolean literal, or null. */
  private Object value(List<? extends ExpressionTree> trees) {
    if (trees.size() == 1 && trees.get(0) instanceof LiteralTree l
        && (l.getValue() instanceof String || l.getValue() instanceof Boolean)) {
      return String.valueOf(l.getValue());
    }
    List<? extends ExpressionTree> items = trees.size() == 1
        && trees.get(0) instanceof NewArrayTree a && a.getInitializers() != null
        ? a.getInitializers() : trees;
    List<Dim> out = new ArrayList<>();
    for (ExpressionTree t : items) {
      Dim d = dims.read(t);
      if (d == null) {
        return null;
      }
      out.add(d);
    }
    return out;
  }

  private static boolean holds(String when, Map<String, Object> given) {
    String[] kv = when.split("=", 2);
    return kv.length == 2 && kv[1].trim().equals(given.get(kv[0].trim()));
  }

  private boolean bindArg(ContractArgs.Arg a, boolean present, Object value,
      Map<String, Dim> bound, Tree at, String text) {
    List<String> syms = a.symbols();
    if (value instanceof List<?> l && (l.size() == 1 || l.size() == syms.size())) {
      for (int i = 0; i < syms.size(); i++) {
        bound.put(syms.get(i), (Dim) l.get(l.size() == 1 ? 0 : i));
      }
      return true;
    }
    if (present && value == null) {
      report.error(Code.LAYER, at, "size argument '" + a.name() + "' of " + text + " must be an"
          + " integer literal, a static final constant, a constructor parameter, or + - * / of"
          + " those");
      return false;
    }
    if (value instanceof List<?>) {
      report.error(Code.LAYER, at, "size argument '" + a.name() + "' of " + text + " takes "
          + syms.size() + (syms.size() == 1 ? " value" : " values"));
      return false;
    }
    if (a.fallback() != null) {
      for (int i = 0; i < syms.size(); i++) {
        int c = i;
        bound.put(syms.get(i), a.fallback().substitute(n -> bound.containsKey(n + c) ? bound.get(n + c)
            : bound.get(n)));
      }
    }
    return true;
  }
}
