package dev.kiln.processor.parse;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
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
      + "sigmoid, add/sub/mul, matmul, reshape/flatten, and return";
  private final Trees trees;
  private final Reporter report;
  private final ExprParser exprs;
  private final Set<String> locals = new HashSet<>();

  ForwardParser(Trees trees, Reporter report, Names names, List<LayerDecl> layers, Kinds kinds) {
    this.trees = trees;
    this.report = report;
    this.exprs = new ExprParser(report, names, layers, kinds, locals);
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

  List<Stmt> body(MethodTree forward) {
    List<Stmt> out = new ArrayList<>();
    for (StatementTree s : forward.getBody().getStatements()) {
      Stmt stmt = statement(s);
      if (stmt != null) {
        out.add(stmt);
      }
    }
    if (out.stream().noneMatch(s -> s instanceof Stmt.Return) && report.errors() == 0) {
      report.error(Code.FORWARD, forward, "@Forward method '" + forward.getName()
          + "' must end with 'return <tensor>;'");
    }
    return out;
  }

  private Stmt statement(StatementTree s) {
    if (s instanceof VariableTree v && v.getInitializer() != null) {
      Expr e = exprs.parse(v.getInitializer());
      locals.add(v.getName().toString());
      return e == null ? null : new Stmt.Assign(v.getName().toString(), e, v);
    }
    if (s instanceof ExpressionStatementTree es && es.getExpression() instanceof AssignmentTree a
        && locals.contains(a.getVariable().toString())) {
      Expr e = exprs.parse(a.getExpression());
      return e == null ? null : new Stmt.Assign(a.getVariable().toString(), e, s);
    }
    if (s instanceof ReturnTree r && r.getExpression() != null) {
      Expr e = exprs.parse(r.getExpression());
      return e == null ? null : new Stmt.Return(e, s);
    }
    report.error(Code.UNSUPPORTED, s, "unsupported statement in @Forward body: '"
        + firstLine(s) + "'. " + SUPPORTED);
    return null;
  }

  static String firstLine(Object tree) {
    String t = tree.toString().strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip() + " ...";
  }
}
