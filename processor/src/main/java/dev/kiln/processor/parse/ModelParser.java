package dev.kiln.processor.parse;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.Trees;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.type.DeclaredType;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/** Reads a {@code @Model} class: checks its form and collects constructor, layers and forward. */
public final class ModelParser {
  private final Trees trees;
  private final Kinds kinds;
  private final Reporter report;

  public ModelParser(Trees trees, Kinds kinds, Reporter report) {
    this.trees = trees;
    this.kinds = kinds;
    this.report = report;
  }

  /** True when the class extends a plain {@code Module} that only an on-demand import names. */
  private boolean ambiguousModule(TypeElement type) {
    ClassTree cls = trees.getTree(type);
    if (cls == null || cls.getExtendsClause() == null
        || !cls.getExtendsClause().toString().equals("Module")) {
      return false;
    }
    boolean onDemand = false;
    for (var i : report.unit().getImports()) {
      String q = i.getQualifiedIdentifier().toString();
      if (!i.isStatic() && q.equals(Kinds.MODULE)) {
        return false;
      }
      onDemand |= !i.isStatic() && q.equals("dev.kiln.nn.*");
    }
    return onDemand;
  }

  /** The parsed model, or null after reporting why it cannot be compiled. */
  public ModelDecl parse(TypeElement type, Names names) {
    String n = type.getSimpleName().toString();
    if (!type.getKind().isClass() || !type.getModifiers().contains(Modifier.ABSTRACT)) {
      report.error(Code.MODEL, type, "@Model class " + n + " must be abstract: Kiln generates "
          + "its implementation as a subclass; declare it 'public abstract class " + n
          + " extends Module'");
    }
    if (!kinds.isModule(type.asType())) {
      report.error(Code.MODEL, type, ambiguousModule(type) ? "@Model class " + n + " extends"
          + " 'Module', which is ambiguous here: 'import dev.kiln.nn.*;' brings dev.kiln.nn.Module"
          + " and java.lang has java.lang.Module; import Kiln's by name: 'import"
          + " dev.kiln.nn.Module;'" : "@Model class " + n + " must extend"
          + " dev.kiln.nn.Module; declare it 'public abstract class " + n + " extends Module'");
    }
    if (type.getNestingKind().isNested() && !type.getModifiers().contains(Modifier.STATIC)) {
      report.error(Code.MODEL, type, "@Model class " + n + " is an inner class; make it static");
    }
    ClassTree cls = trees.getTree(type);
    List<ExecutableElement> ctors = kinds.constructors(type);
    if (ctors.isEmpty()) {
      return null; // an interface or annotation type, reported above
    }
    if (ctors.size() > 1) {
      report.error(Code.MODEL, ctors.get(1), "@Model class " + n + " has " + ctors.size()
          + " constructors; Kiln needs exactly one (use a static factory for variants)");
    }
    ExecutableElement ctor = ctors.get(0);
    if (ctor.getModifiers().contains(Modifier.PRIVATE)) {
      report.error(Code.MODEL, ctor, "the constructor of @Model class " + n
          + " is private; make it package-private or protected so that Kiln" + n + " can call it");
    }
    List<ModelDecl.Param> params = new ArrayList<>();
    for (VariableElement p : ctor.getParameters()) {
      params.add(new ModelDecl.Param(p.asType().toString(), p.getSimpleName().toString()));
    }
    Set<String> paramNames = new HashSet<>();
    params.forEach(p -> paramNames.add(p.name()));
    LayerReader reader = new LayerReader(report, names, kinds, new DimReader(names, type, paramNames));
    List<LayerDecl> layers = layers(cls, trees.getTree(ctor), reader);
    MethodTree forward = new ForwardFinder(trees, kinds, report).find(type);
    if (forward == null || report.errors() > 0) {
      return null;
    }
    Helpers helpers = new Helpers(trees, report, names, trees.getTree(type), kinds);
    helpers.layers(layers);
    ForwardParser fp = new ForwardParser(trees, report, names, layers, kinds, helpers);
    List<InputDecl> inputs = fp.inputs(forward);
    List<Stmt> body = fp.body(forward);
    return report.errors() > 0 ? null : new ModelDecl(type, params, layers, forward, inputs, body);
  }

  private List<LayerDecl> layers(ClassTree cls, MethodTree ctor, LayerReader reader) {
    List<LayerDecl> out = new ArrayList<>();
    for (Tree member : cls.getMembers()) {
      if (!(member instanceof VariableTree v)) {
        continue;
      }
      VariableElement f = (VariableElement) trees.getElement(trees.getPath(report.unit(), v));
      if (f == null || !kinds.isLayerField(f)) {
        continue;
      }
      String name = f.getSimpleName().toString();
      if (!(f.asType() instanceof DeclaredType) || !kinds.isLayerType(f.asType())) {
        report.error(Code.LAYER, v, "@Layer field '" + name + "' has type " + f.asType()
            + ", which is not a layer; @Layer marks fields holding a Linear, an activation,"
            + " Flatten, Sequential, a layer with @ShapeContract, or a nested @Model");
        continue;
      }
      if (f.getModifiers().contains(Modifier.PRIVATE) || f.getModifiers().contains(Modifier.STATIC)) {
        report.error(Code.LAYER, v, "@Layer field '" + name + "' must not be private or static;"
            + " the generated subclass reads it (declare it 'final')");
        continue;
      }
      ExpressionTree init = v.getInitializer() != null ? v.getInitializer() : assigned(ctor, name);
      if (init == null) {
        report.error(Code.LAYER, v, "@Layer field '" + name + "' is never created; initialise it"
            + " where it is declared or assign it in the constructor");
        continue;
      }
      DeclaredType declared = (DeclaredType) f.asType();
      TypeElement fieldType = (TypeElement) declared.asElement();
      String q = fieldType.getQualifiedName().toString();
      boolean collection = q.equals(Kinds.LIST) || q.equals(Kinds.DICT);
      if (collection && declared.getTypeArguments().size() != 1) {
        report.error(Code.LAYER, v, "@Layer field '" + name + "' needs its element type, e.g."
            + " 'ModuleList<Linear>'");
        continue;
      }
      LayerSpec spec = collection ? new CollectionReader(report, reader).read(name, init,
          (TypeElement) ((DeclaredType) declared.getTypeArguments().get(0)).asElement(), ctor,
          q.equals(Kinds.DICT)) : reader.read(init, fieldType);
      if (spec != null) {
        out.add(new LayerDecl(name, f, v, init, spec));
      }
    }
    return out;
  }

  /** The right-hand side of {@code name = ...} or {@code this.name = ...} in the constructor. */
  private static ExpressionTree assigned(MethodTree ctor, String name) {
    if (ctor == null || ctor.getBody() == null) {
      return null;
    }
    for (StatementTree s : ctor.getBody().getStatements()) {
      if (s instanceof ExpressionStatementTree es && es.getExpression() instanceof AssignmentTree a) {
        ExpressionTree v = a.getVariable();
        String target = v instanceof MemberSelectTree m && m.getExpression().toString().equals("this")
            ? m.getIdentifier().toString() : v.toString();
        if (target.equals(name)) {
          return a.getExpression();
        }
      }
    }
    return null;
  }

}
