package dev.kiln.processor.parse;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.Trees;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model's own helper methods a forward body calls ({@code return block(h);}): found by
 * name, their bodies parsed once, a helper that calls itself refused.
 */
final class Helpers {
  private final Trees trees;
  private final Reporter report;
  private final Names names;
  private final ClassTree cls;
  private final Kinds kinds;
  private List<LayerDecl> layers = List.of();
  private final Map<String, List<Stmt>> parsed = new HashMap<>();
  private final Set<String> inProgress = new HashSet<>();

  Helpers(Trees trees, Reporter report, Names names, ClassTree cls, Kinds kinds) {
    this.trees = trees;
    this.report = report;
    this.names = names;
    this.cls = cls;
    this.kinds = kinds;
  }

  void layers(List<LayerDecl> layers) {
    this.layers = layers;
  }

  /** The method {@code name} of the model taking and returning tensors, or null. */
  MethodTree find(String name, int arity) {
    for (Tree m : cls.getMembers()) {
      if (m instanceof MethodTree t && t.getName().contentEquals(name) && t.getBody() != null
          && t.getParameters().size() == arity
          && String.valueOf(t.getReturnType()).equals("Tensor")
          && t.getParameters().stream().map(VariableTree::getType).allMatch(p -> String.valueOf(p)
              .equals("Tensor"))) {
        return t;
      }
    }
    return null;
  }

  /** The helper's parsed body, or null after reporting (recursion, unsupported forms). */
  List<Stmt> body(MethodTree m, Tree call) {
    String key = m.getName().toString();
    if (parsed.containsKey(key)) {
      return parsed.get(key);
    }
    if (!inProgress.add(key)) {
      report.error(Code.UNSUPPORTED, call, "helper '" + key + "' calls itself; Kiln inlines"
          + " helpers, so they cannot recurse");
      return null;
    }
    int before = report.errors();
    List<Stmt> body = new ForwardParser(trees, report, names, layers, kinds, this).helperBody(m);
    inProgress.remove(key);
    parsed.put(key, report.errors() > before ? null : body);
    return parsed.get(key);
  }
}
