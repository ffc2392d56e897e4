package dev.kiln.processor.parse;

import com.sun.source.tree.MethodTree;
import com.sun.source.util.Trees;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/** Finds the single {@code @Forward} method and checks its signature. */
final class ForwardFinder {
  private final Trees trees;
  private final Kinds kinds;
  private final Reporter report;

  ForwardFinder(Trees trees, Kinds kinds, Reporter report) {
    this.trees = trees;
    this.kinds = kinds;
    this.report = report;
  }

  MethodTree find(TypeElement type) {
    List<ExecutableElement> found = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (kinds.isForward(m)) {
        found.add(m);
      }
    }
    String n = type.getSimpleName().toString();
    if (found.isEmpty()) {
      report.error(Code.FORWARD, type, "@Model class " + n + " has no @Forward method; annotate"
          + " the method that computes the output, e.g. '@Forward public Tensor forward("
          + "@Shape(\"B, 3\") Tensor x)'");
      return null;
    }
    for (ExecutableElement extra : found.subList(1, found.size())) {
      report.error(Code.FORWARD, extra, "@Model class " + n + " has " + found.size()
          + " @Forward methods; keep exactly one (the first is '" + found.get(0).getSimpleName()
          + "')");
    }
    ExecutableElement m = found.get(0);
    if (!kinds.isTensor(m.getReturnType())) {
      report.error(Code.FORWARD, m, "@Forward method '" + m.getSimpleName() + "' must return Tensor");
    }
    for (Modifier bad : List.of(Modifier.STATIC, Modifier.PRIVATE, Modifier.FINAL, Modifier.ABSTRACT,
        Modifier.NATIVE)) {
      if (m.getModifiers().contains(bad)) {
        report.error(Code.FORWARD, m, "@Forward method '" + m.getSimpleName() + "' must not be "
            + bad + "; Kiln overrides it with the compiled version and keeps its body as the"
            + " eager reference");
      }
    }
    return found.size() == 1 ? trees.getTree(m) : null;
  }
}
