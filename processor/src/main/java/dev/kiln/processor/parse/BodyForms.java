package dev.kiln.processor.parse;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.kiln.processor.dims.Dim;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Reads the control forms of a forward body that are decided at compile time: the trip count of
 * a counted {@code for} loop and the value of a constant {@code if} condition.
 */
final class BodyForms {
  private final Names names;
  private final DimReader dims;

  BodyForms(Names names) {
    this.names = names;
    this.dims = new DimReader(names, names.model(), java.util.Set.of());
  }

  /** The count of {@code for (int i = 0; i < N; i++)} with a constant N, or -1. */
  int count(ForLoopTree f) {
    if (f.getInitializer().size() != 1 || !(f.getInitializer().get(0) instanceof VariableTree v)
        || !(v.getInitializer() instanceof LiteralTree zero) || !Integer.valueOf(0).equals(zero.getValue())
        || !(f.getCondition() instanceof BinaryTree c) || c.getKind() != Tree.Kind.LESS_THAN
        || !(c.getLeftOperand() instanceof IdentifierTree left)
        || !left.getName().contentEquals(v.getName()) || f.getUpdate().size() != 1) {
      return -1;
    }
    ExpressionTree u = f.getUpdate().get(0).getExpression();
    boolean step = u instanceof UnaryTree un && (un.getKind() == Tree.Kind.POSTFIX_INCREMENT
        || un.getKind() == Tree.Kind.PREFIX_INCREMENT) && un.getExpression().toString()
        .equals(v.getName().toString());
    Dim n = dims.read(c.getRightOperand());
    return step && n != null && n.isConstant() && n.constant() >= 0 ? (int) n.constant() : -1;
  }

  /** True when {@code body} mentions the variable {@code name}. */
  static boolean uses(Tree body, String name) {
    Boolean found = new TreeScanner<Boolean, Void>() {
      @Override
      public Boolean visitIdentifier(IdentifierTree id, Void v) {
        return id.getName().contentEquals(name);
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(body, null);
    return Boolean.TRUE.equals(found);
  }

  /** The value of a compile-time constant condition, or null when it is not one. */
  Boolean constant(ExpressionTree e) {
    if (e instanceof ParenthesizedTree p) {
      return constant(p.getExpression());
    }
    if (e instanceof LiteralTree l && l.getValue() instanceof Boolean b) {
      return b;
    }
    if (e instanceof UnaryTree u && u.getKind() == Tree.Kind.LOGICAL_COMPLEMENT) {
      Boolean b = constant(u.getExpression());
      return b == null ? null : !b;
    }
    if (e instanceof IdentifierTree id) {
      return field(names.model(), id.getName().toString());
    }
    if (e instanceof MemberSelectTree s) {
      return field(names.type(s.getExpression()), s.getIdentifier().toString());
    }
    if (e instanceof BinaryTree b) {
      if (b.getKind() == Tree.Kind.CONDITIONAL_AND || b.getKind() == Tree.Kind.CONDITIONAL_OR) {
        Boolean l = constant(b.getLeftOperand());
        Boolean r = constant(b.getRightOperand());
        return l == null || r == null ? null
            : b.getKind() == Tree.Kind.CONDITIONAL_AND ? l && r : l || r;
      }
      Dim l = dims.read(b.getLeftOperand());
      Dim r = dims.read(b.getRightOperand());
      if (l == null || r == null || !l.isConstant() || !r.isConstant()) {
        return null;
      }
      long d = l.constant() - r.constant();
      return switch (b.getKind()) {
        case EQUAL_TO -> d == 0;
        case NOT_EQUAL_TO -> d != 0;
        case LESS_THAN -> d < 0;
        case LESS_THAN_EQUAL -> d <= 0;
        case GREATER_THAN -> d > 0;
        case GREATER_THAN_EQUAL -> d >= 0;
        default -> null;
      };
    }
    return null;
  }

  private static Boolean field(TypeElement owner, String name) {
    if (owner == null) {
      return null;
    }
    for (VariableElement f : ElementFilter.fieldsIn(owner.getEnclosedElements())) {
      if (f.getSimpleName().contentEquals(name) && f.getModifiers().contains(Modifier.STATIC)
          && f.getConstantValue() instanceof Boolean b) {
        return b;
      }
    }
    return null;
  }

}
