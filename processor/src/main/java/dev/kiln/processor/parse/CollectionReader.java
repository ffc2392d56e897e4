package dev.kiln.processor.parse;

import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.TypeElement;

/**
 * Reads a {@code ModuleList} or {@code ModuleDict} field from the constructor: the elements its
 * creation lists, and each {@code blocks.add(...)} / {@code layers.put("key", ...)} call.
 */
final class CollectionReader {
  private final Reporter report;
  private final LayerReader layers;

  CollectionReader(Reporter report, LayerReader layers) {
    this.report = report;
    this.layers = layers;
  }

  /** A call {@code name.method(args)} in the constructor, and whether a loop holds it. */
  private record Added(MethodInvocationTree call, boolean inLoop) {}

  LayerSpec read(String name, ExpressionTree init, TypeElement elementType, MethodTree ctor,
      boolean dict) {
    List<Added> added = calls(ctor, name, dict ? "put" : "add");
    String text = LayerInit.text(init);
    if (dict) {
      Map<String, LayerSpec> elements = new LinkedHashMap<>();
      for (Added a : added) {
        List<? extends ExpressionTree> args = a.call().getArguments();
        if (a.inLoop() || args.size() != 2 || !(args.get(0) instanceof LiteralTree k)
            || !(k.getValue() instanceof String key)) {
          report.error(Code.LAYER, a.call(), "fill ModuleDict '" + name + "' with put(\"key\","
              + " new Layer(...)) calls outside loops, so that Kiln knows each key's layer");
          return null;
        }
        elements.put(key, element(args.get(1), elementType));
      }
      return elements.containsValue(null) ? null : new LayerSpec.DictOf(text, init, elements);
    }
    List<ExpressionTree> made = new ArrayList<>();
    if (init instanceof NewClassTree n) {
      n.getArguments().forEach(a -> made.addAll(a instanceof MethodInvocationTree m
          && m.getMethodSelect().toString().equals("List.of") ? m.getArguments() : List.of(a)));
    }
    boolean loop = added.stream().anyMatch(Added::inLoop);
    for (Added a : added) {
      if (a.call().getArguments().size() != 1) {
        report.error(Code.LAYER, a.call(), "ModuleList '" + name + "'.add takes one layer");
        return null;
      }
      made.add(a.call().getArguments().get(0));
    }
    if (made.isEmpty()) {
      report.error(Code.LAYER, init, "ModuleList '" + name + "' is never filled: add its"
          + " layers in the constructor, 'blocks.add(new Linear(d, d))'");
      return null;
    }
    if (loop) {
      String first = made.get(0).toString();
      if (made.stream().anyMatch(e -> !e.toString().equals(first))) {
        report.error(Code.LAYER, added.get(0).call(), "ModuleList '" + name + "' has layers"
            + " added in a loop and others besides; Kiln checks a list filled in a loop when one"
            + " expression makes all its elements");
        return null;
      }
      LayerSpec one = element(made.get(0), elementType);
      return one == null ? null : new LayerSpec.ListOf(text, init, List.of(), one);
    }
    List<LayerSpec> fixed = new ArrayList<>();
    for (ExpressionTree e : made) {
      fixed.add(element(e, elementType));
    }
    return fixed.contains(null) ? null : new LayerSpec.ListOf(text, init, fixed, null);
  }

  private LayerSpec element(ExpressionTree e, TypeElement elementType) {
    LayerSpec s = layers.read(e, elementType);
    if (s instanceof LayerSpec.Model) {
      report.error(Code.LAYER, e, "a nested @Model as an element of a ModuleList or ModuleDict"
          + " is not supported yet; declare it as its own @Layer field");
      return null;
    }
    return s;
  }

  /** The calls {@code name.method(...)} or {@code this.name.method(...)} in {@code ctor}. */
  private static List<Added> calls(MethodTree ctor, String name, String method) {
    List<Added> out = new ArrayList<>();
    if (ctor == null || ctor.getBody() == null) {
      return out;
    }
    new TreeScanner<Void, Integer>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree m, Integer loops) {
        if (m.getMethodSelect() instanceof MemberSelectTree s
            && s.getIdentifier().contentEquals(method)
            && (s.getExpression().toString().equals(name)
                || s.getExpression().toString().equals("this." + name))) {
          out.add(new Added(m, loops > 0));
        }
        return super.visitMethodInvocation(m, loops);
      }

      @Override
      public Void visitForLoop(ForLoopTree f, Integer loops) {
        return super.visitForLoop(f, loops + 1);
      }

      @Override
      public Void visitEnhancedForLoop(EnhancedForLoopTree f, Integer loops) {
        return super.visitEnhancedForLoop(f, loops + 1);
      }

      @Override
      public Void visitWhileLoop(WhileLoopTree w, Integer loops) {
        return super.visitWhileLoop(w, loops + 1);
      }

      @Override
      public Void visitDoWhileLoop(DoWhileLoopTree w, Integer loops) {
        return super.visitDoWhileLoop(w, loops + 1);
      }
    }.scan(ctor.getBody(), 0);
    return out;
  }
}
