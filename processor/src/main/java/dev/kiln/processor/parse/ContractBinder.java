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
        List<LayerSpec.Part> ins = parts(c.inputs());
        List<LayerSpec.Part> outs = parts(c.outputs());
        boolean multi = !ins.isEmpty();
        Pattern input = multi ? ins.get(0).shape() : ShapeParser.parse(c.input());
        Pattern output = multi ? outs.get(0).shape() : ShapeParser.parse(c.output());
        List<Condition> requires = new ArrayList<>();
        for (String r : c.requires()) {
          requires.add(Condition.parse(r));
        }
        Set<String> defined = new HashSet<>(bound.keySet());
        input.dims().forEach(d -> defined.addAll(d.symbols()));
        ins.forEach(p -> p.shape().dims().forEach(d -> defined.addAll(d.symbols())));
        List<Dim> used = new ArrayList<>(output.dims());
        outs.forEach(p -> used.addAll(p.shape().dims()));
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
        return new LayerSpec.Contract(text, init, input, output, bound, positional, type, requires,
            ins, outs);
      } catch (IllegalArgumentException e) {
        report.error(Code.LAYER, init, "the @ShapeContract of " + simpleName + " cannot be read: "
            + e.getMessage());
        return null;
      } catch (IllegalStateException e) {
        report.error(Code.LAYER, init, text + ": " + e.getMessage());
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

  /**
   * {@code "a=x & b=y"}: every option given that literal. An option not given holds none (its
   * default is the variant without the condition).
   */
  private static boolean holds(String when, Map<String, Object> given) {
    for (String cond : when.split("&")) {
      String[] kv = cond.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("when '" + when + "' is not 'option=value & ...'");
      }
      Object v = given.get(kv[0].trim());
      String want = kv[1].trim();
      if (given.containsKey(kv[0].trim()) && v == null) {
        throw new IllegalStateException("option '" + kv[0].trim() + "' selects the layer's"
            + " shapes, so it must be a literal (true, false or a string) in the layer's creation");
      }
      if (!want.equals(v)) {
        return false;
      }
    }
    return true;
  }

  /** {@code "name: dims"} or {@code "name?: dims"} entries. */
  private static List<LayerSpec.Part> parts(List<String> entries) {
    List<LayerSpec.Part> out = new ArrayList<>();
    for (String e : entries) {
      int colon = e.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("part '" + e + "' is not 'name: dims'");
      }
      String name = e.substring(0, colon).trim();
      boolean optional = name.endsWith("?");
      out.add(new LayerSpec.Part(optional ? name.substring(0, name.length() - 1) : name,
          optional, ShapeParser.parse(e.substring(colon + 1))));
    }
    return out;
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
