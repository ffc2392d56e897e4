package dev.kiln.processor.parse;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.Trees;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.VariableElement;

/** Reads the forward method's {@code @Shape} inputs and its body as {@link Stmt}s. */
final class ForwardParser {
  static final String SUPPORTED = "Supported in a @Forward body: local Tensor variables and"
      + " reassignment, calls of @Layer fields (layer.apply(x), model.forward(x)), F.relu/tanh/"
      + "sigmoid, add/sub/mul, matmul, reshape/flatten, calls of the model's own Tensor helper"
      + " methods, for loops with a constant count, for-each loops over a ModuleList, if on a"
      + " compile-time constant, isTraining() or a final boolean field, and return";
  private final Trees trees;
  private final Reporter report;
  private final ExprParser exprs;
  private final BodyForms forms;
  private final Names names;
  private final Set<String> locals = new HashSet<>();

  ForwardParser(Trees trees, Reporter report, Names names, List<LayerDecl> layers, Kinds kinds,
      Helpers helpers) {
    this.trees = trees;
    this.report = report;
    this.exprs = new ExprParser(report, names, layers, kinds, locals, helpers);
    this.forms = new BodyForms(names);
    this.names = names;
  }

  List<InputDecl> inputs(MethodTree forward) {
    List<InputDecl> out = new ArrayList<>();
    for (VariableTree p : forward.getParameters()) {
      VariableElement e = (VariableElement) trees.getElement(trees.getPath(report.unit(), p));
      String shape = e == null ? null : Kinds.annotationValue(e, "dev.kiln.Shape");
      locals.add(p.getName().toString());
      if (shape == null) {
        report.error(Code.FORWARD, p, "@Forward parameter '" + p.getName() + "' needs its shape,"
            + " e.g. '@Shape(\"B, 3\") Tensor " + p.getName() + "'");
        continue;
      }
      out.add(new InputDecl(p.getName().toString(), shape, p));
    }
    return out;
  }

  /** A helper's body, its parameters taken as locals. */
  List<Stmt> helperBody(MethodTree helper) {
    helper.getParameters().forEach(p -> locals.add(p.getName().toString()));
    return body(helper);
  }

  List<Stmt> body(MethodTree method) {
    List<Stmt> out = statements(method.getBody().getStatements(), false);
    if (out.stream().noneMatch(s -> s instanceof Stmt.Return) && report.errors() == 0) {
      report.error(Code.FORWARD, method, "method '" + method.getName()
          + "' must end with 'return <tensor>;'");
    }
    return out;
  }

  private List<Stmt> statements(List<? extends StatementTree> list, boolean inLoop) {
    List<Stmt> out = new ArrayList<>();
    for (StatementTree s : list) {
      out.addAll(statement(s, inLoop));
    }
    return out;
  }

  private List<Stmt> statement(StatementTree s, boolean inLoop) {
    if (s instanceof BlockTree b) {
      return statements(b.getStatements(), inLoop);
    }
    String cond = s instanceof IfTree i ? runtimeCondition(i.getCondition(), false) : null;
    if (cond != null) {
      IfTree i = (IfTree) s;
      boolean negated = cond.startsWith("!");
      List<Stmt> then = statement(i.getThenStatement(), inLoop);
      List<Stmt> other = i.getElseStatement() == null ? List.of()
          : statement(i.getElseStatement(), inLoop);
      return List.of(new Stmt.IfRuntime(negated ? cond.substring(1) : cond,
          negated ? other : then, negated ? then : other, s));
    }
    if (s instanceof IfTree i) {
      Boolean c = forms.constant(i.getCondition());
      if (c == null) {
        report.error(Code.UNSUPPORTED, i.getCondition(), "the condition of an if in a forward"
            + " body must be a compile-time constant (a literal or a static final boolean or int"
            + " comparison), isTraining() or a final boolean field; '" + firstLine(i.getCondition())
            + "' is not");
        return List.of();
      }
      StatementTree taken = c ? i.getThenStatement() : i.getElseStatement();
      return taken == null ? List.of() : statement(taken, inLoop);
    }
    if (s instanceof com.sun.source.tree.EnhancedForLoopTree f) {
      LayerDecl list = exprs.field(f.getExpression());
      String var = f.getVariable().getName().toString();
      if (list == null || !(list.spec() instanceof LayerSpec.ListOf)) {
        report.error(Code.UNSUPPORTED, s, "a for-each loop in a forward body must walk a"
            + " ModuleList @Layer field, 'for (Block b : blocks)': '" + firstLine(s) + "'");
        return List.of();
      }
      exprs.enterLoop(var);
      List<Stmt> body = statement(f.getStatement(), true);
      exprs.exitLoop(var);
      return List.of(new Stmt.ForEach(var, list.name(), body, s));
    }
    if (s instanceof ForLoopTree f) {
      int n = forms.count(f);
      String var = f.getInitializer().isEmpty() ? "" : ((VariableTree) f.getInitializer().get(0))
          .getName().toString();
      if (n < 0 || BodyForms.uses(f.getStatement(), var)) {
        report.error(Code.UNSUPPORTED, s, "a for loop in a forward body must count with a"
            + " constant bound, 'for (int i = 0; i < 3; i++)', and not use its variable in the"
            + " body: '" + firstLine(s) + "'");
        return List.of();
      }
      return List.of(new Stmt.Repeat(n, statement(f.getStatement(), true), s));
    }
    Stmt one = simple(s, inLoop);
    return one == null ? List.of() : List.of(one);
  }

  private Stmt simple(StatementTree s, boolean inLoop) {
    if (s instanceof VariableTree v && v.getInitializer() != null && !inLoop) {
      Expr e = exprs.parse(v.getInitializer());
      locals.add(v.getName().toString());
      if (!v.getType().toString().equals("Tensor")) {
        exprs.results(v.getName().toString());
      }
      return e == null ? null : new Stmt.Assign(v.getName().toString(), e, v);
    }
    if (s instanceof ExpressionStatementTree es && es.getExpression() instanceof AssignmentTree a
        && locals.contains(a.getVariable().toString())) {
      Expr e = exprs.parse(a.getExpression());
      return e == null ? null : new Stmt.Assign(a.getVariable().toString(), e, s);
    }
    if (s instanceof ReturnTree r && r.getExpression() != null && !inLoop) {
      Expr e = exprs.parse(r.getExpression());
      return e == null ? null : new Stmt.Return(e, s);
    }
    report.error(Code.UNSUPPORTED, s, "unsupported statement in " + (inLoop ? "a loop of " : "")
        + "a @Forward body: '" + firstLine(s) + "'. " + SUPPORTED
        + (inLoop ? " (a loop body only reassigns variables declared before it)" : ""));
    return null;
  }

  /**
   * The Java condition of an {@code if} decided at run time: {@code training} for
   * {@code isTraining()}, the name of a final boolean field of the model ({@code useResidual}),
   * with {@code !} when negated; null for any other condition.
   */
  private String runtimeCondition(com.sun.source.tree.ExpressionTree c, boolean negated) {
    if (c instanceof com.sun.source.tree.ParenthesizedTree p) {
      return runtimeCondition(p.getExpression(), negated);
    }
    if (c instanceof com.sun.source.tree.UnaryTree u
        && u.getKind() == com.sun.source.tree.Tree.Kind.LOGICAL_COMPLEMENT) {
      return runtimeCondition(u.getExpression(), !negated);
    }
    String t = c.toString();
    String name = t.startsWith("this.") ? t.substring(5) : t;
    String cond = t.equals("isTraining()") || t.equals("this.isTraining()") ? "training"
        : forms.constant(c) == null && booleanField(name) ? name : null;
    return cond == null ? null : (negated ? "!" : "") + cond;
  }

  /** True for a final, non-private, non-static boolean field of the model. */
  private boolean booleanField(String name) {
    for (javax.lang.model.element.VariableElement f : javax.lang.model.util.ElementFilter
        .fieldsIn(names.model().getEnclosedElements())) {
      java.util.Set<javax.lang.model.element.Modifier> m = f.getModifiers();
      if (f.getSimpleName().contentEquals(name)
          && f.asType().getKind() == javax.lang.model.type.TypeKind.BOOLEAN
          && m.contains(javax.lang.model.element.Modifier.FINAL)
          && !m.contains(javax.lang.model.element.Modifier.PRIVATE)
          && !m.contains(javax.lang.model.element.Modifier.STATIC)) {
        return true;
      }
    }
    return false;
  }

  static String firstLine(Object tree) {
    String t = tree.toString().strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip() + " ...";
  }
}
