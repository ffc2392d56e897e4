package dev.kiln.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Near misses of random valid models, each a compile error with the right code on the right
 * line (a layer's call, a Sequential's declaration, the op's statement), never an internal
 * error: a Linear's input width off by one, a Sequential's first Linear (after Flatten, or not)
 * one off, and an add / sub / mul of two values
 * whose last sizes are different constants other than 1. All mutants compile in one javac run
 * (the processor reports each class's errors and still generates the others). 120 mutants by
 * default, {@code -Dkiln.fuzz.mutants=N} for more.
 */
class NearMissTest {
  static final int MUTANTS = Integer.getInteger("kiln.fuzz.mutants", 120);

  /** A mutant: its main source, the snippet on the expected error line, the expected code. */
  record Mutant(String kind, String name, List<List<String>> sources, List<String> names,
      String snippet, String code) {}

  @Test
  void everyNearMissIsACompileErrorOnTheRightLine() {
    List<Mutant> mutants = new ArrayList<>();
    for (long seed = 0; mutants.size() < MUTANTS; seed++) {
      Mutant m = mutate(ModelGen.generate(seed), new SplittableRandom(seed));
      if (m != null) {
        mutants.add(m);
      }
    }
    List<JavaFileObject> files = new ArrayList<>();
    for (Mutant m : mutants) {
      for (int i = 0; i < m.sources().size(); i++) {
        files.add(JavaFileObjects.forSourceLines("test." + m.names().get(i), m.sources().get(i)));
      }
    }
    Compilation c = Harness.compile(files);
    Map<String, List<Diagnostic<? extends JavaFileObject>>> errors = new HashMap<>();
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      String file = d.getSource() == null ? "" : d.getSource().getName();
      errors.computeIfAbsent(file.substring(file.lastIndexOf('/') + 1), k -> new ArrayList<>())
          .add(d);
    }
    Map<String, Integer> kinds = new HashMap<>();
    List<String> wrong = new ArrayList<>();
    for (Mutant m : mutants) {
      List<Diagnostic<? extends JavaFileObject>> es =
          errors.getOrDefault(m.name() + ".java", List.of());
      int line = line(m.sources().get(0), m.snippet());
      String why = null;
      if (es.size() != 1) {
        why = es.size() + " errors: " + es;
      } else if (!es.get(0).getMessage(null).startsWith(m.code() + " ")) {
        why = "message " + es.get(0).getMessage(null);
      } else if (es.get(0).getLineNumber() != line) {
        why = "line " + es.get(0).getLineNumber() + " instead of " + line + ": "
            + es.get(0).getMessage(null);
      }
      for (int i = 1; i < m.names().size(); i++) {
        if (errors.containsKey(m.names().get(i) + ".java")) {
          why = "errors in the valid nested model " + m.names().get(i);
        }
      }
      if (why != null) {
        wrong.add(m.kind() + " " + m.name() + ": " + why + "\n"
            + String.join("\n", m.sources().get(0)));
      }
      kinds.merge(m.kind(), 1, Integer::sum);
    }
    assertTrue(c.errors().stream().noneMatch(d -> d.getMessage(null).contains("[kiln.internal]")),
        "internal errors");
    if (!wrong.isEmpty()) {
      fail(wrong.size() + " of " + mutants.size() + " near misses not reported as expected:\n"
          + String.join("\n\n", wrong.subList(0, Math.min(3, wrong.size()))));
    }
    System.out.println("NearMissTest: " + mutants.size() + " near misses " + kinds);
    assertEquals(MUTANTS, mutants.size());
  }

  private static int line(List<String> src, String snippet) {
    int found = -1;
    for (int i = 0; i < src.size(); i++) {
      if (src.get(i).contains(snippet)) {
        found = i + 1;
      }
    }
    return found;
  }

  /** One near miss of {@code g}, renamed M<seed>, or null when {@code g} offers none. */
  static Mutant mutate(ModelGen.Generated g, SplittableRandom r) {
    List<String> src = new ArrayList<>(g.sources().get(0));
    int kind = r.nextInt(3);
    if (g.seqs().stream().anyMatch(q -> q[1].equals("flatten") && q[3].equals("literal"))) {
      kind = 1; // wrong flatten sizes are rarer: take every one the generator offers
    }
    for (int attempt = 0; attempt < 3; attempt++, kind = (kind + 1) % 3) {
      Mutant m = switch (kind) {
        case 0 -> width(g, src, r);
        case 1 -> sequential(g, src, r);
        default -> broadcast(g, src, r);
      };
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  private static Mutant width(ModelGen.Generated g, List<String> src, SplittableRandom r) {
    List<ModelGen.LinearUse> c = g.linears().stream().filter(ModelGen.LinearUse::literalIn)
        .toList();
    if (c.isEmpty()) {
      return null;
    }
    ModelGen.LinearUse u = c.get(r.nextInt(c.size()));
    String from = u.field() + " = new Linear(" + u.in() + ", ";
    String to = u.field() + " = new Linear(" + (u.in() + (r.nextBoolean() ? 1 : -1 + (u.in() == 1 ? 2 : 0))) + ", ";
    return replaced(g, src, from, to, "width", u.applySnippet(), "[kiln.shape]");
  }

  private static Mutant sequential(ModelGen.Generated g, List<String> src, SplittableRandom r) {
    List<String[]> c = g.seqs().stream().filter(s -> s[3].equals("literal")).toList();
    if (c.stream().anyMatch(s -> s[1].equals("flatten"))) {
      c = c.stream().filter(s -> s[1].equals("flatten")).toList();
    }
    if (c.isEmpty()) {
      return null;
    }
    String[] s = c.get(r.nextInt(c.size()));
    String prefix = s[0] + " = new Sequential(" + (s[1].equals("flatten") ? "new Flatten(), " : "")
        + "new Linear(";
    return replaced(g, src, prefix + s[2] + ", ", prefix + (Integer.parseInt(s[2]) + 1) + ", ",
        s[1].equals("flatten") ? "flatten size" : "sequential width", s[0] + " = new Sequential(",
        "[kiln.shape]");
  }

  private static Mutant broadcast(ModelGen.Generated g, List<String> src, SplittableRandom r) {
    List<ModelGen.Val> c = g.vals().stream().filter(v -> v.rank() == 2 && v.last().literal()
        && v.last().value() > 1).toList();
    for (ModelGen.Val a : c) {
      for (ModelGen.Val b : c) {
        if (a.last().value() != b.last().value()) {
          int ret = -1;
          for (int i = 0; i < src.size(); i++) {
            if (src.get(i).trim().startsWith("return ")) {
              ret = i;
            }
          }
          String op = new String[] {"add", "sub", "mul"}[r.nextInt(3)];
          src.add(ret, "    Tensor bad = " + a.name() + "." + op + "(" + b.name() + ");");
          return renamed(g, src, "broadcast", "Tensor bad =", "[kiln.shape]");
        }
      }
    }
    return null;
  }

  private static Mutant replaced(ModelGen.Generated g, List<String> src, String from, String to,
      String kind, String snippet, String code) {
    for (int i = 0; i < src.size(); i++) {
      if (src.get(i).contains(from)) {
        src.set(i, src.get(i).replace(from, to));
        return renamed(g, src, kind, snippet, code);
      }
    }
    throw new IllegalStateException("no '" + from + "' in " + g.text());
  }

  private static Mutant renamed(ModelGen.Generated g, List<String> main, String kind,
      String snippet, String code) {
    String from = "\\bG" + g.seed() + "(?=\\b|N)";
    String to = "M" + g.seed();
    List<List<String>> sources = new ArrayList<>();
    sources.add(main.stream().map(l -> l.replaceAll(from, to)).toList());
    for (int i = 1; i < g.sources().size(); i++) {
      sources.add(g.sources().get(i).stream().map(l -> l.replaceAll(from, to)).toList());
    }
    List<String> names = g.sourceNames().stream().map(n -> n.replaceAll(from, to)).toList();
    return new Mutant(kind, to, sources, names, snippet, code);
  }
}
