package dev.kiln.processor.parse;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.dims.Dim;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads forward-body expressions into {@link Expr}, reporting anything unsupported. */
final class ExprParser {
  private static final Set<String> ACTIVATIONS = Set.of("relu", "tanh", "sigmoid");
  private static final Set<String> BINARY = Set.of("add", "sub", "mul", "div", "matmul");
  /** F's functions computed by a layer of {@code dev.kiln.nn}, by the layer's class. */
  private static final java.util.Map<String, String> FUNCTIONS = java.util.Map.of(
      "leakyRelu", "LeakyReLU", "gelu", "GELU", "silu", "SiLU", "elu", "ELU",
      "softmax", "Softmax", "logSoftmax", "LogSoftmax");
  private final Reporter report;
  private final Names names;
  private final List<LayerDecl> layers;
  private final Kinds kinds;
  private final Set<String> locals;
  private final DimReader dims;
  private final Helpers helpers;
  private final TensorMethods tensorMethods;
  /** The variables of enclosing for-each loops over a ModuleList: each names an element. */
  private final Set<String> loopVars = new java.util.HashSet<>();
  /** Locals declared with a type other than Tensor: a layer's record of outputs, a list. */
  private final Set<String> results = new java.util.HashSet<>();

  ExprParser(Reporter report, Names names, List<LayerDecl> layers, Kinds kinds, Set<String> locals,
      Helpers helpers) {
    this.helpers = helpers;
    this.report = report;
    this.names = names;
    this.layers = layers;
    this.kinds = kinds;
    this.locals = locals;
    this.dims = new DimReader(names, names.model(), Set.of());
    this.tensorMethods = new TensorMethods(report, dims, this::parse);
  }

  /** The expression, or null after reporting. */
  Expr parse(ExpressionTree e) {
    if (e instanceof ParenthesizedTree p) {
      return parse(p.getExpression());
    }
    if (e instanceof IdentifierTree id && locals.contains(id.getName().toString())) {
      return new Expr.Ref(id.getName().toString(), e);
    }
    if (e instanceof com.sun.source.tree.LiteralTree l && l.getValue() == null) {
      return new Expr.Absent(e);
    }
    if (e instanceof MethodInvocationTree call) {
      int before = report.errors();
      Expr x = call(call);
      if (x != null || report.errors() > before) {
        return x;
      }
    }
    return unsupported(e);
  }

  private Expr call(MethodInvocationTree call) {
    ExpressionTree select = call.getMethodSelect();
    List<? extends ExpressionTree> args = call.getArguments();
    if (select instanceof IdentifierTree id) {
      String name = id.getName().toString();
      if (ACTIVATIONS.contains(name) && args.size() == 1 && names.staticallyImported(Kinds.F, name)) {
        return activation(name, args.get(0), call);
      }
      if (FUNCTIONS.containsKey(name) && !args.isEmpty() && names.staticallyImported(Kinds.F, name)) {
        return function(name, args, call);
      }
      com.sun.source.tree.MethodTree m = helpers.find(name, args.size());
      return m == null ? null : helper(m, args, call);
    }
    if (!(select instanceof MemberSelectTree m)) {
      return null;
    }
    String method = m.getIdentifier().toString();
    ExpressionTree receiver = m.getExpression();
    if (isF(receiver) && method.equals("scaledDotProductAttention")
        && (args.size() == 3 || args.size() == 5)) {
      return attention(args, call);
    }
    if (isF(receiver)) {
      if (FUNCTIONS.containsKey(method) && !args.isEmpty()) {
        return function(method, args, call);
      }
      return ACTIVATIONS.contains(method) && args.size() == 1
          ? activation(method, args.get(0), call) : null;
    }
    if (method.equals("apply") && receiver instanceof IdentifierTree v
        && loopVars.contains(v.getName().toString())) {
      return apply(v.getName().toString(), null, args, call);
    }
    if (method.equals("apply") && receiver instanceof MethodInvocationTree get
        && get.getMethodSelect() instanceof MemberSelectTree gs
        && gs.getIdentifier().contentEquals("get") && get.getArguments().size() == 1) {
      LayerDecl coll = layerField(gs.getExpression());
      if (coll != null && (coll.spec() instanceof LayerSpec.ListOf
          || coll.spec() instanceof LayerSpec.DictOf)) {
        ExpressionTree key = get.getArguments().get(0);
        Dim index = dims.read(key);
        String element = key instanceof com.sun.source.tree.LiteralTree l
            && l.getValue() instanceof String ? key.toString()
            : index != null && index.isConstant() ? Long.toString(index.constant()) : null;
        if (element == null) {
          report.error(Code.UNSUPPORTED, key, "the index of " + coll.name() + ".get(...) in a"
              + " forward body must be a constant (an int literal, a static final int or a string"
              + " literal); to walk the list use 'for (... : " + coll.name() + ")'");
          return null;
        }
        return apply(coll.name(), element, args, call);
      }
    }
    if (MASKS.contains(method) && isMask(receiver)) {
      return mask(method, args, call);
    }
    LayerDecl layer = layerField(receiver);
    if (layer != null) {
      boolean model = kinds.isModelType(layer.field().asType());
      if (model && method.equals("forward")) {
        List<Expr> in = new ArrayList<>();
        for (ExpressionTree a : args) {
          in.add(parse(a));
        }
        return in.contains(null) ? null : new Expr.ModelCall(layer.name(), in, call);
      }
      if (layer.spec() instanceof LayerSpec.ListOf || layer.spec() instanceof LayerSpec.DictOf) {
        report.error(Code.UNSUPPORTED, call, "'" + layer.name() + "' holds layers but has no"
            + " forward of its own: walk it, 'for (... : " + layer.name() + ")', or call one, '"
            + layer.name() + ".get(0).apply(x)'");
        return null;
      }
      boolean multi = layer.spec() instanceof LayerSpec.Contract k && k.multi();
      if (!model && method.equals("apply") && args.size() == 1 && !multi) {
        Expr x = parse(args.get(0));
        return x == null ? null : new Expr.LayerCall(layer.name(), x, call);
      }
      if (!model && method.equals("apply") && !args.isEmpty()) {
        return apply(layer.name(), null, args, call);
      }
      return null;
    }
    if (method.equals("get") && args.size() == 1 && ((receiver instanceof IdentifierTree g
        && results.contains(g.getName().toString()))
        || (receiver instanceof MethodInvocationTree r && r.getMethodSelect()
            instanceof MemberSelectTree rs && rs.getIdentifier().toString().matches("chunk|split")))) {
      Dim i = dims.read(args.get(0));
      Expr of = i != null && i.isConstant() ? parse(receiver) : null;
      return of == null ? null : new Expr.Part(of, Long.toString(i.constant()), call);
    }
    if (method.equals("contiguous") && args.isEmpty()) {
      return parse(receiver);
    }
    if (TensorMethods.handles(method, receiver, args)) {
      return tensorMethods.parse(method, receiver, args, call);
    }
    if (args.isEmpty() && !ACTIVATIONS.contains(method) && !method.equals("flatten")) {
      Expr of = (receiver instanceof IdentifierTree id && results.contains(id.getName().toString()))
          || receiver instanceof MethodInvocationTree ? parse(receiver) : null;
      if (of instanceof Expr.Ref || of instanceof Expr.Apply) {
        return new Expr.Part(of, method, call);
      }
      return of == null ? null : unsupported(call);
    }
    return tensorMethod(method, receiver, args, call);
  }

  private static final Set<String> MASKS = Set.of("causal", "bool", "additive");

  /** {@code F.scaledDotProductAttention(q, k, v[, mask, isCausal])}, isCausal a literal. */
  private Expr attention(List<? extends ExpressionTree> args, MethodInvocationTree call) {
    List<Expr> in = new ArrayList<>();
    for (ExpressionTree a : args.subList(0, Math.min(4, args.size()))) {
      in.add(parse(a));
    }
    boolean causal = false;
    if (args.size() == 5) {
      if (!(args.get(4) instanceof com.sun.source.tree.LiteralTree l
          && l.getValue() instanceof Boolean b)) {
        report.error(Code.UNSUPPORTED, args.get(4), "isCausal of scaledDotProductAttention must"
            + " be a literal true or false in a forward body");
        return null;
      }
      causal = b;
    }
    return in.contains(null) ? null : new Expr.TensorOp("attention", in.get(0),
        in.subList(1, in.size()), List.of(causal ? 1L : 0L), List.of(), call);
  }

  /** {@code layer.apply(a, b, ...)}: tensors, masks, or null for an optional input left out. */
  private Expr apply(String layer, String element, List<? extends ExpressionTree> args,
      MethodInvocationTree call) {
    List<Expr> in = new ArrayList<>();
    for (ExpressionTree a : args) {
      in.add(parse(a));
    }
    return in.contains(null) ? null : new Expr.Apply(layer, element, in, call);
  }

  private boolean isMask(ExpressionTree t) {
    String s = t.toString();
    return (s.equals("Mask") && !locals.contains("Mask")) || s.equals(Kinds.MASK);
  }

  /** {@code Mask.causal(x.size(1))}, {@code Mask.causal(T)}, {@code Mask.bool(t)}, .... */
  private Expr mask(String kind, List<? extends ExpressionTree> args, MethodInvocationTree call) {
    if (args.size() != 1) {
      return unsupported(call);
    }
    ExpressionTree a = args.get(0);
    if (!kind.equals("causal")) {
      Expr t = parse(a);
      return t == null ? null : new Expr.MaskOf(kind, t, 0, null, call);
    }
    if (a instanceof MethodInvocationTree m && m.getMethodSelect() instanceof MemberSelectTree s
        && s.getIdentifier().contentEquals("size") && m.getArguments().size() == 1) {
      Dim d = dims.read(m.getArguments().get(0));
      Expr of = d != null && d.isConstant() ? parse(s.getExpression()) : null;
      return of == null ? null : new Expr.MaskOf(kind, of, (int) d.constant(), null, call);
    }
    Dim size = dims.read(a);
    if (size == null) {
      report.error(Code.UNSUPPORTED, a, "the size of Mask.causal(...) in a forward body must be"
          + " x.size(d) of a tensor, or an integer constant or constructor parameter; '" + a
          + "' is neither");
      return null;
    }
    return new Expr.MaskOf(kind, null, 0, size, call);
  }

  /** Marks {@code name} as a local holding a several-output result or a list of tensors. */
  void results(String name) {
    results.add(name);
  }

  /** Marks {@code var} as a for-each variable over a ModuleList while its body is parsed. */
  void enterLoop(String var) {
    loopVars.add(var);
  }

  void exitLoop(String var) {
    loopVars.remove(var);
  }

  /** The {@code @Layer} field {@code t} names ({@code blocks} or {@code this.blocks}), or null. */
  LayerDecl field(ExpressionTree t) {
    return layerField(t);
  }

  private Expr tensorMethod(String method, ExpressionTree receiver,
      List<? extends ExpressionTree> args, MethodInvocationTree call) {
    if (method.equals("view")) {
      method = "reshape";
    }
    if (!(ACTIVATIONS.contains(method) || BINARY.contains(method) || method.equals("reshape")
        || method.equals("flatten"))) {
      return null;
    }
    Expr x = parse(receiver);
    if (x == null) {
      return null;
    }
    if (ACTIVATIONS.contains(method) && args.isEmpty()) {
      return new Expr.Activation(method, x, call);
    }
    if (BINARY.contains(method) && args.size() == 1) {
      Expr y = parse(args.get(0));
      return y == null ? null : new Expr.Binary(method, x, y, call);
    }
    List<Dim> sizes = new ArrayList<>();
    for (ExpressionTree a : args) {
      Dim d = dims.read(a);
      if (d == null || !d.isConstant()) {
        report.error(Code.UNSUPPORTED, a, "the sizes of " + method + "(...) must be integer"
            + " literals or static final int constants; '" + a + "' is neither");
        return null;
      }
      sizes.add(d);
    }
    if (method.equals("reshape") && !sizes.isEmpty()) {
      return new Expr.Reshape(x, sizes, call);
    }
    if (method.equals("flatten") && sizes.size() <= 2) {
      int start = sizes.isEmpty() ? 0 : (int) sizes.get(0).constant();
      int end = sizes.size() < 2 ? -1 : (int) sizes.get(1).constant();
      return new Expr.Flatten(x, start, end, call);
    }
    return null;
  }

  private Expr helper(com.sun.source.tree.MethodTree m, List<? extends ExpressionTree> args,
      MethodInvocationTree call) {
    List<Expr> in = new ArrayList<>();
    for (ExpressionTree a : args) {
      in.add(parse(a));
    }
    List<Stmt> body = in.contains(null) ? null : helpers.body(m, call);
    return body == null ? null : new Expr.Helper(m.getName().toString(), in,
        m.getParameters().stream().map(p -> p.getName().toString()).toList(), body, call);
  }

  /** {@code F.gelu(x, "tanh")}: the tensor, then constant arguments for the layer. */
  private Expr function(String name, List<? extends ExpressionTree> args,
      MethodInvocationTree call) {
    Expr x = parse(args.get(0));
    if (x == null) {
      return null;
    }
    List<String> rest = new ArrayList<>();
    for (ExpressionTree a : args.subList(1, args.size())) {
      ExpressionTree v = a instanceof com.sun.source.tree.UnaryTree u
          && u.getKind() == com.sun.source.tree.Tree.Kind.UNARY_MINUS ? u.getExpression() : a;
      if (!(v instanceof com.sun.source.tree.LiteralTree)) {
        report.error(Code.UNSUPPORTED, a, "the arguments of " + name + "(...) after the tensor"
            + " must be literals in a forward body; '" + a + "' is not");
        return null;
      }
      rest.add(a.toString());
    }
    return new Expr.LayerFunction(name, FUNCTIONS.get(name), rest, x, call);
  }

  private Expr activation(String name, ExpressionTree arg, MethodInvocationTree call) {
    Expr x = parse(arg);
    return x == null ? null : new Expr.Activation(name, x, call);
  }

  private boolean isF(ExpressionTree t) {
    String s = t.toString();
    return (s.equals("F") && !locals.contains("F")) || s.equals(Kinds.F);
  }

  private LayerDecl layerField(ExpressionTree t) {
    String name = t instanceof IdentifierTree id && !locals.contains(id.getName().toString())
        ? id.getName().toString()
        : t instanceof MemberSelectTree m && m.getExpression().toString().equals("this")
            ? m.getIdentifier().toString() : null;
    return name == null ? null
        : layers.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
  }

  private Expr unsupported(ExpressionTree e) {
    report.error(Code.UNSUPPORTED, e, "unsupported expression in @Forward body: '"
        + ForwardParser.firstLine(e) + "'. " + ForwardParser.SUPPORTED);
    return null;
  }
}
