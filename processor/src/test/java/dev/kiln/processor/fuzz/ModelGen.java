package dev.kiln.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a random valid {@code @Model} source from the constructs the processor accepts: Linear
 * (on rank-2 and rank-3 values), Sequential (with Flatten, ReLU, Tanh, Sigmoid), relu / tanh /
 * sigmoid, same-shape and broadcasting add / sub / mul (residuals, gates of width 1), reshape
 * with -1, batched matmul, flatten, and a nested model; sizes are literals, a {@code static
 * final} constant, or a constructor parameter (also {@code hidden + c}). Every statement is on
 * its own line, and the generator records where each layer is applied, so {@link Mutation}s can
 * predict the line of the error they cause.
 */
final class ModelGen {
  /** A size: its value and the Java expression that declares it. */
  record Size(int value, String expr, boolean literal) {
    static Size lit(int v) {
      return new Size(v, Integer.toString(v), true);
    }
  }

  /** A tensor value of the forward body: (B, dims...). */
  record Val(String name, List<Size> dims) {
    int rank() {
      return dims.size() + 1;
    }

    Size last() {
      return dims.get(dims.size() - 1);
    }

    String shape() {
      StringBuilder s = new StringBuilder("B");
      dims.forEach(d -> s.append(", ").append(d.value()));
      return s.toString();
    }
  }

  /** A Linear field applied once, directly: {@code name.apply(...)} on body line {@code line}. */
  record LinearUse(String field, int in, int out, boolean literalIn, String applySnippet) {}

  /** A generated model: its sources (outer first), class name, constructor argument, input. */
  record Generated(long seed, String name, List<String> sourceNames, List<List<String>> sources,
      Integer ctorArg, int[] inputDims, List<LinearUse> linears, List<String[]> binaries,
      List<String[]> seqs, List<Val> vals) {
    String text() {
      StringBuilder s = new StringBuilder();
      for (List<String> src : sources) {
        src.forEach(l -> s.append(l).append('\n'));
      }
      return s.toString();
    }
  }

  static final List<String> HEADER = List.of(
      "package test;",
      "",
      "import static dev.kiln.nn.F.relu;",
      "import static dev.kiln.nn.F.sigmoid;",
      "import static dev.kiln.nn.F.tanh;",
      "",
      "import dev.kiln.Forward;",
      "import dev.kiln.Layer;",
      "import dev.kiln.Model;",
      "import dev.kiln.Shape;",
      "import dev.kiln.nn.Flatten;",
      "import dev.kiln.nn.Linear;",
      "import dev.kiln.nn.Module;",
      "import dev.kiln.nn.ReLU;",
      "import dev.kiln.nn.Sequential;",
      "import dev.kiln.nn.Sigmoid;",
      "import dev.kiln.nn.Tanh;",
      "import dev.kiln.tensor.Tensor;",
      "");

  private final SplittableRandom r;
  private final String name;
  private final List<String> fields = new ArrayList<>();
  private final List<String> ctor = new ArrayList<>();
  private final List<String> body = new ArrayList<>();
  private final List<Val> vals = new ArrayList<>();
  private final List<LinearUse> linears = new ArrayList<>();
  private final List<String[]> binaries = new ArrayList<>();
  private final List<String[]> seqs = new ArrayList<>();
  private final List<List<String>> inner = new ArrayList<>();
  private final List<String> innerNames = new ArrayList<>();
  private Size hidden;
  private Size constant;
  private int counter;

  private ModelGen(long seed) {
    r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
    name = "G" + seed;
  }

  static Generated generate(long seed) {
    return new ModelGen(seed).build(seed);
  }

  private Generated build(long seed) {
    if (r.nextInt(2) == 0) {
      hidden = new Size(1 + r.nextInt(6), "hidden", false);
    }
    constant = new Size(1 + r.nextInt(6), "K", true);
    int[] inputDims;
    Val x;
    if (r.nextInt(3) == 0) {
      Size c = Size.lit(1 + r.nextInt(3));
      Size w = Size.lit(1 + r.nextInt(4));
      inputDims = new int[] {c.value(), w.value()};
      x = new Val("x", List.of(c, w));
    } else {
      Size d = pickSize();
      if (d.expr().startsWith("hidden +")) {
        d = Size.lit(d.value());
      }
      inputDims = new int[] {d.value()};
      x = new Val("x", List.of(d));
    }
    vals.add(x);
    int ops = 2 + r.nextInt(6);
    for (int i = 0; i < ops; i++) {
      step();
    }
    Val out = vals.get(vals.size() - 1);
    if (out.rank() == 3) {
      out = flatten(out);
    }
    String sig = x.dims().size() == 1 ? "B, " + x.dims().get(0).expr().replace("K", "" + constant.value())
        : "B, " + x.dims().get(0).value() + ", " + x.dims().get(1).value();
    if (hidden != null && x.dims().size() == 1 && x.dims().get(0).expr().equals("hidden")) {
      sig = "B, hidden";
    }
    List<String> src = new ArrayList<>(HEADER);
    src.add("@Model");
    src.add("public abstract class " + name + " extends Module {");
    src.add("  static final int K = " + constant.value() + ";");
    src.addAll(fields);
    if (hidden != null) {
      src.add("");
      src.add("  " + name + "(int hidden) {");
      src.addAll(ctor);
      src.add("  }");
    }
    src.add("");
    src.add("  @Forward");
    src.add("  public Tensor forward(@Shape(\"" + sig + "\") Tensor x) {");
    body.forEach(l -> src.add("    " + l));
    src.add("    return " + out.name() + ";");
    src.add("  }");
    src.add("}");
    List<List<String>> sources = new ArrayList<>();
    sources.add(src);
    sources.addAll(inner);
    List<String> names = new ArrayList<>();
    names.add(name);
    names.addAll(innerNames);
    return new Generated(seed, name, names, sources, hidden == null ? null : hidden.value(),
        inputDims, linears, binaries, seqs, List.copyOf(vals));
  }

  /** A random size: a literal, the constant K, or the constructor parameter (+ c). */
  private Size pickSize() {
    int k = r.nextInt(10);
    if (k < 2) {
      return constant;
    }
    if (hidden != null && k < 4) {
      return hidden;
    }
    if (hidden != null && k == 4) {
      int c = 1 + r.nextInt(2);
      return new Size(hidden.value() + c, "hidden + " + c, false);
    }
    return Size.lit(1 + r.nextInt(8));
  }

  private String fresh(String prefix) {
    return prefix + (counter++);
  }

  /** Declares a layer field; with a constructor parameter, half of them in the constructor. */
  private void field(String type, String fieldName, String init) {
    if (hidden != null && (r.nextBoolean() || init.contains("hidden"))) {
      fields.add("  @Layer final " + type + " " + fieldName + ";");
      ctor.add("    " + fieldName + " = " + init + ";");
    } else {
      fields.add("  @Layer final " + type + " " + fieldName + " = " + init + ";");
    }
  }

  private Val add(String expr, List<Size> dims) {
    Val v = new Val(fresh("t"), dims);
    body.add("Tensor " + v.name() + " = " + expr + "; // (" + v.shape() + ")");
    vals.add(v);
    return v;
  }

  private Val pick() {
    // prefer recent values
    int n = vals.size();
    return vals.get(Math.max(0, n - 1 - r.nextInt(Math.min(n, 3))));
  }

  private Val pickRank(int rank) {
    List<Val> c = vals.stream().filter(v -> v.rank() == rank).toList();
    return c.isEmpty() ? null : c.get(c.size() - 1 - r.nextInt(Math.min(c.size(), 3)));
  }

  private static String act(int k, String arg) {
    return switch (k) {
      case 0 -> "relu(" + arg + ")";
      case 1 -> "tanh(" + arg + ")";
      default -> "sigmoid(" + arg + ")";
    };
  }

  private void step() {
    switch (r.nextInt(9)) {
      case 0, 1 -> linear(pick());
      case 2 -> {
        Val v = pick();
        add(act(r.nextInt(3), v.name()), v.dims());
      }
      case 3 -> residual();
      case 4 -> broadcast();
      case 5 -> matmul();
      case 6 -> sequential();
      case 7 -> nested();
      default -> {
        Val v = pickRank(3);
        if (v != null) {
          flatten(v);
        } else {
          linear(pick());
        }
      }
    }
  }

  private Val linear(Val v) {
    return linear(v, pickSize());
  }

  private Val linear(Val v, Size out) {
    String f = fresh("fc");
    Size in = v.last();
    field("Linear", f, "new Linear(" + in.expr() + ", " + out.expr() + ")");
    String call = f + ".apply(" + v.name() + ")";
    linears.add(new LinearUse(f, in.value(), out.value(), in.literal() && !in.expr().equals("K"),
        call));
    List<Size> dims = new ArrayList<>(v.dims());
    dims.set(dims.size() - 1, out);
    return add(r.nextInt(3) == 0 ? act(r.nextInt(3), call) : call, dims);
  }

  private void residual() {
    Val v = pick();
    List<Val> same = vals.stream().filter(u -> u.dims().equals(v.dims()) && u != v).toList();
    Val u;
    if (same.isEmpty() || r.nextInt(3) == 0) {
      // a residual branch: Linear(w, w) then an activation, added back
      String f = fresh("fc");
      Size w = v.last();
      field("Linear", f, "new Linear(" + w.expr() + ", " + w.expr() + ")");
      u = add(act(r.nextInt(3), f + ".apply(" + v.name() + ")"), v.dims());
    } else {
      u = same.get(r.nextInt(same.size()));
    }
    String op = new String[] {"add", "sub", "mul"}[r.nextInt(3)];
    Val a = r.nextBoolean() ? v : u;
    Val b = a == v ? u : v;
    binaries.add(new String[] {a.name(), b.name()});
    add(a.name() + "." + op + "(" + b.name() + ")", v.dims());
  }

  private void broadcast() {
    Val v = pick();
    // a gate of width 1 from a Linear on the same value, broadcast over the last dimension
    Val g = linear(v, Size.lit(1));
    String op = new String[] {"add", "sub", "mul"}[r.nextInt(3)];
    boolean gateFirst = r.nextBoolean();
    add(gateFirst ? g.name() + "." + op + "(" + v.name() + ")"
        : v.name() + "." + op + "(" + g.name() + ")", v.dims());
  }

  private void matmul() {
    Val v = pickRank(2);
    if (v == null || !v.last().literal()) {
      v = linear(v == null ? flatten(pick()) : v, Size.lit(2 * (1 + r.nextInt(3))));
    }
    int w = v.last().value();
    List<Integer> divisors = new ArrayList<>();
    for (int p = 1; p <= w; p++) {
      if (w % p == 0) {
        divisors.add(p);
      }
    }
    int p = divisors.get(r.nextInt(divisors.size()));
    int q = w / p;
    int s = 1 + r.nextInt(3);
    Val u = linear(v, Size.lit(q * s));
    Val a = add(v.name() + ".reshape(-1, " + p + ", " + q + ")", List.of(Size.lit(p),
        Size.lit(q)));
    Val b = add(u.name() + ".reshape(-1, " + q + ", " + s + ")", List.of(Size.lit(q),
        Size.lit(s)));
    add(a.name() + ".matmul(" + b.name() + ")", List.of(Size.lit(p), Size.lit(s)));
  }

  private Val flatten(Val v) {
    if (v.rank() == 2) {
      return v;
    }
    int n = 1;
    for (Size d : v.dims()) {
      if (!d.literal()) {
        n = -1;
        break;
      }
      n *= d.value();
    }
    if (n < 0) {
      // sizes not all literal: go through a Linear to a literal last size first (the other
      // sizes of a rank-3 value are the input's literals)
      return flatten(linear(v, Size.lit(1 + r.nextInt(4))));
    }
    return r.nextBoolean() ? add(v.name() + ".flatten(1)", List.of(Size.lit(n)))
        : add(v.name() + ".reshape(-1, " + n + ")", List.of(Size.lit(n)));
  }

  private void sequential() {
    Val v = pick();
    String f = fresh("seq");
    List<String> layers = new ArrayList<>();
    Size in;
    List<Size> dims;
    if (v.rank() == 3 && v.dims().stream().allMatch(d -> d.literal() && !d.expr().equals("K"))
        && r.nextBoolean()) {
      layers.add("new Flatten()");
      in = Size.lit(v.dims().get(0).value() * v.dims().get(1).value());
      dims = new ArrayList<>();
    } else {
      in = v.last();
      dims = new ArrayList<>(v.dims().subList(0, v.dims().size() - 1));
    }
    Size mid = pickSize();
    Size out = pickSize();
    layers.add("new Linear(" + in.expr() + ", " + mid.expr() + ")");
    layers.add(new String[] {"new ReLU()", "new Tanh()", "new Sigmoid()"}[r.nextInt(3)]);
    layers.add("new Linear(" + mid.expr() + ", " + out.expr() + ")");
    field("Sequential", f, "new Sequential(" + String.join(", ", layers) + ")");
    seqs.add(new String[] {f, layers.get(0).equals("new Flatten()") ? "flatten" : "linear",
        Integer.toString(in.value()), in.literal() && !in.expr().equals("K") ? "literal" : "sym",
        f + ".apply(" + v.name() + ")"});
    dims.add(out);
    add(f + ".apply(" + v.name() + ")", dims);
  }

  private void nested() {
    Val v = pickRank(2);
    if (v == null) {
      v = flatten(pick());
    }
    String cls = name + "N" + inner.size();
    List<String> src = new ArrayList<>(HEADER);
    String a = act(r.nextInt(3), "fc.apply(x)");
    String op = new String[] {"add", "mul", "sub"}[r.nextInt(3)];
    src.addAll(List.of(
        "@Model",
        "public abstract class " + cls + " extends Module {",
        "  @Layer final Linear fc;",
        "",
        "  " + cls + "(int width) {",
        "    fc = new Linear(width, width);",
        "  }",
        "",
        "  @Forward",
        "  public Tensor forward(@Shape(\"B, width\") Tensor x) {",
        "    return " + a + "." + op + "(x);",
        "  }",
        "",
        "  static " + cls + " create(int width) {",
        "    return new Kiln" + cls + "(width);",
        "  }",
        "}"));
    inner.add(src);
    innerNames.add(cls);
    String f = fresh("inner");
    Size w = v.last();
    field(cls, f, cls + ".create(" + w.expr() + ")");
    add(f + ".forward(" + v.name() + ")", v.dims());
  }
}
