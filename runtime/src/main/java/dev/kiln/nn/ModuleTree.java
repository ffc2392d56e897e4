package dev.kiln.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a module tree as PyTorch's {@code nn.Module} does: {@code children()}, {@code
 * named_modules()}, {@code get_submodule()}, {@code get_parameter()}, {@code requires_grad_()}.
 * The thin methods of {@link Module} delegate here.
 */
final class ModuleTree {
  private ModuleTree() {}

  /** The direct children, each once (a child registered under two names is listed once). */
  static List<Module> children(Module m) {
    Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Module> out = new ArrayList<>();
    for (Module c : m.namedChildren().values()) {
      if (seen.add(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Every module in the tree, pre-order (a module before its children, children in registration
   * order), keyed by dotted path, {@code ""} for the root; a module reachable twice is listed
   * once, under its first path (PyTorch's {@code remove_duplicate=True}).
   */
  static Map<String, Module> namedModules(Module root) {
    Map<String, Module> out = new LinkedHashMap<>();
    walk(root, "", Collections.newSetFromMap(new IdentityHashMap<>()), out);
    return out;
  }

  private static void walk(Module m, String prefix, Set<Module> seen, Map<String, Module> out) {
    if (!seen.add(m)) {
      return;
    }
    out.put(prefix, m);
    m.namedChildren().forEach(
        (name, c) -> walk(c, prefix.isEmpty() ? name : prefix + "." + name, seen, out));
  }

  /**
   * The module at dotted path {@code target} ({@code ""} is the root).
   *
   * @throws IllegalArgumentException naming the first part that does not exist, the module that
   *     lacks it, and that module's children
   */
  static Module getSubmodule(Module root, String target) {
    if (target.isEmpty()) {
      return root;
    }
    Module m = root;
    String path = "";
    for (String part : target.split("\\.", -1)) {
      Module next = m.namedChildren().get(part);
      if (next == null) {
        throw new IllegalArgumentException("no submodule '" + target + "' in "
            + root.typeName() + ": " + where(m, path) + " has no child '" + part + "'"
            + (m.namedParameters().containsKey(part) ? " ('" + part + "' is a parameter)" : "")
            + " (its children: " + names(m) + ")");
      }
      path = path.isEmpty() ? part : path + "." + part;
      m = next;
    }
    return m;
  }

  /**
   * The parameter at dotted path {@code target} ({@code "blocks.0.linear1.weight"}).
   *
   * @throws IllegalArgumentException naming the missing module or parameter
   */
  static Parameter getParameter(Module root, String target) {
    int dot = target.lastIndexOf('.');
    String modulePath = dot < 0 ? "" : target.substring(0, dot);
    String name = target.substring(dot + 1);
    Module m = getSubmodule(root, modulePath);
    Parameter p = name.contains(".") ? null : m.namedParameters().get(name);
    if (p == null) {
      List<String> own = new ArrayList<>();
      m.namedParameters().keySet().stream().filter(k -> !k.contains(".")).forEach(own::add);
      throw new IllegalArgumentException("no parameter '" + target + "' in " + root.typeName()
          + ": " + where(m, modulePath) + " has no parameter '" + name + "' (its parameters: "
          + (own.isEmpty() ? "none" : String.join(", ", own)) + ")");
    }
    return p;
  }

  /** Sets {@code requiresGrad} on every parameter of the tree. */
  static void requiresGrad(Module root, boolean requires) {
    for (Parameter p : root.parameters()) {
      p.requiresGrad(requires);
    }
  }

  private static String where(Module m, String path) {
    return path.isEmpty() ? "the model" : m.typeName() + " '" + path + "'";
  }

  private static String names(Module m) {
    return m.namedChildren().isEmpty() ? "none" : String.join(", ", m.namedChildren().keySet());
  }
}
