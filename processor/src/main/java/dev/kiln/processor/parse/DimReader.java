package dev.kiln.processor.parse;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import dev.kiln.processor.dims.Dim;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Reads a Java size expression as a {@link Dim}: integer literals, {@code static final int}
 * constants (of the model or {@code Type.NAME}), constructor parameters, {@code + - * / %}
 * ({@code /} as floor division: sizes are not negative) and parentheses. Anything else reads as
 * null.
 */
public final class DimReader {
  private final Names names;
  private final TypeElement model;
  private final Set<String> params;

  public DimReader(Names names, TypeElement model, Set<String> constructorParams) {
    this.names = names;
    this.model = model;
    this.params = constructorParams;
  }

  public Dim read(ExpressionTree e) {
    if (e instanceof ParenthesizedTree p) {
      return read(p.getExpression());
    }
    if (e instanceof LiteralTree l && l.getValue() instanceof Integer i) {
      return Dim.of(i);
    }
    if (e instanceof UnaryTree u && u.getKind() == Tree.Kind.UNARY_MINUS) {
      Dim d = read(u.getExpression());
      return d == null ? null : Dim.of(0).minus(d);
    }
    if (e instanceof IdentifierTree id) {
      String n = id.getName().toString();
      return params.contains(n) ? Dim.symbol(n) : constant(model, n);
    }
    if (e instanceof MemberSelectTree s) {
      return constant(names.type(s.getExpression()), s.getIdentifier().toString());
    }
    if (e instanceof BinaryTree b) {
      Dim l = read(b.getLeftOperand());
      Dim r = read(b.getRightOperand());
      if (l == null || r == null) {
        return null;
      }
      return switch (b.getKind()) {
        case PLUS -> l.plus(r);
        case MINUS -> l.minus(r);
        case MULTIPLY -> l.times(r);
        case DIVIDE -> l.floorDiv(r);
        case REMAINDER -> l.mod(r);
        default -> null;
      };
    }
    return null;
  }

  private static Dim constant(TypeElement owner, String name) {
    if (owner == null) {
      return null;
    }
    for (VariableElement f : ElementFilter.fieldsIn(owner.getEnclosedElements())) {
      if (f.getSimpleName().contentEquals(name) && f.getModifiers().contains(Modifier.STATIC)
          && f.getConstantValue() instanceof Integer i) {
        return Dim.of(i);
      }
    }
    return null;
  }
}
