package dev.kiln.processor.parse;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Resolves type names written in a file the way javac would for the cases Kiln reads (nested
 * types of the model, single-type imports, the file's package, on-demand imports,
 * {@code java.lang}, qualified names), before the method bodies are attributed.
 */
public final class Names {
  private final Elements elements;
  private final CompilationUnitTree unit;
  private final TypeElement model;

  public Names(Elements elements, CompilationUnitTree unit, TypeElement model) {
    this.elements = elements;
    this.unit = unit;
    this.model = model;
  }

  /** The {@code @Model} class being read. */
  public TypeElement model() {
    return model;
  }

  /** The type an expression like {@code Linear} or {@code dev.kiln.nn.Linear} names, or null. */
  public TypeElement type(ExpressionTree name) {
    if (name instanceof MemberSelectTree s) {
      TypeElement t = elements.getTypeElement(s.toString());
      return t != null ? t : nested(type(s.getExpression()), s.getIdentifier().toString());
    }
    if (!(name instanceof IdentifierTree id)) {
      return null;
    }
    String simple = id.getName().toString();
    for (TypeElement t = model; t != null; t = enclosingType(t)) {
      if (t.getSimpleName().contentEquals(simple)) {
        return t;
      }
      TypeElement n = nested(t, simple);
      if (n != null) {
        return n;
      }
    }
    for (ImportTree imp : unit.getImports()) {
      String q = imp.getQualifiedIdentifier().toString();
      if (!imp.isStatic() && q.endsWith("." + simple)) {
        return elements.getTypeElement(q);
      }
    }
    String pkg = unit.getPackageName() == null ? "" : unit.getPackageName() + ".";
    TypeElement same = elements.getTypeElement(pkg + simple);
    if (same != null) {
      return same;
    }
    for (ImportTree imp : unit.getImports()) {
      String q = imp.getQualifiedIdentifier().toString();
      if (!imp.isStatic() && q.endsWith(".*")) {
        TypeElement t = elements.getTypeElement(q.substring(0, q.length() - 1) + simple);
        if (t != null) {
          return t;
        }
      }
    }
    return elements.getTypeElement("java.lang." + simple);
  }

  /** True when {@code F.name} is statically imported (explicitly or on demand). */
  public boolean staticallyImported(String owner, String member) {
    for (ImportTree imp : unit.getImports()) {
      String q = imp.getQualifiedIdentifier().toString();
      if (imp.isStatic() && (q.equals(owner + "." + member) || q.equals(owner + ".*"))) {
        return true;
      }
    }
    return false;
  }

  private static TypeElement nested(TypeElement outer, String simple) {
    if (outer == null) {
      return null;
    }
    for (TypeElement t : ElementFilter.typesIn(outer.getEnclosedElements())) {
      if (t.getSimpleName().contentEquals(simple)) {
        return t;
      }
    }
    return null;
  }

  private static TypeElement enclosingType(TypeElement t) {
    Element e = t.getEnclosingElement();
    return e.getKind().isClass() || e.getKind() == ElementKind.INTERFACE ? (TypeElement) e : null;
  }
}
