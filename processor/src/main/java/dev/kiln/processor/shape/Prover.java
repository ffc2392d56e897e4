package dev.kiln.processor.shape;

import com.sun.source.tree.Tree;
import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.dims.Dim;
import dev.kiln.processor.ir.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides size conditions: provably true passes, provably false is a compile error, and an
 * undecidable one becomes a generated check: in the model's constructor when it mentions only
 * constructor parameters, else when a plan is made for new input sizes (the first call).
 */
final class Prover {
  private final Set<String> constructorParams;
  private final Reporter report;
  private final List<Check> checks = new ArrayList<>();

  Prover(Set<String> constructorParams, Reporter report) {
    this.constructorParams = constructorParams;
    this.report = report;
  }

  /** True when {@code a == b} holds or is deferred; false after reporting {@code message}. */
  boolean equal(Dim a, Dim b, String message, Tree at) {
    return holds(a, "==", b, message, at);
  }

  /** True when {@code a op b} holds or is deferred; false after reporting {@code message}. */
  boolean holds(Dim a, String op, Dim b, String message, Tree at) {
    Dim d = a.minus(b);
    if (d.isConstant()) {
      if (decide(d.constant(), op)) {
        return true;
      }
      report.error(Code.SHAPE, at, message);
      return false;
    }
    if (provable(d, op)) {
      return true;
    }
    String sa = a.asSymbol();
    String sb = b.asSymbol();
    if (op.equals("==") && sa != null && sb != null && !constructorParams.contains(sa)
        && !constructorParams.contains(sb)) {
      report.error(Code.SHAPE, at, message + " (" + sa + " and " + sb + " are different sizes"
          + " of the @Shape; if they are one size, give them one name)");
      return false;
    }
    if (checks.stream().noneMatch(c -> c.message().equals(message))) {
      checks.add(new Check(a, op, b, message));
    }
    return true;
  }

  /** Sizes are at least 1: a difference whose least value is at least 0 is proven. */
  private static boolean provable(Dim d, String op) {
    return switch (op) {
      case ">=" -> atLeast(d, 0);
      case ">" -> atLeast(d, 1);
      case "<=" -> atLeast(Dim.of(0).minus(d), 0);
      case "<" -> atLeast(Dim.of(0).minus(d), 1);
      default -> false;
    };
  }

  private static boolean atLeast(Dim d, long v) {
    Long low = d.lowerBound();
    return low != null && low >= v;
  }

  /** True when {@code d} mentions only constructor parameters (a constructor can be given it). */
  boolean constructorSize(Dim d) {
    return constructorParams.containsAll(d.symbols());
  }

  static boolean decide(long d, String op) {
    return switch (op) {
      case "==" -> d == 0;
      case "!=" -> d != 0;
      case ">=" -> d >= 0;
      case ">" -> d > 0;
      case "<=" -> d <= 0;
      case "<" -> d < 0;
      default -> throw new IllegalArgumentException("unknown comparison " + op);
    };
  }

  /** Reports a shape error that needs no proof (e.g. a rank mismatch). */
  void fail(String message, Tree at) {
    report.error(Code.SHAPE, at, message);
  }

  static boolean isOne(Dim d) {
    return d.isConstant() && d.constant() == 1;
  }

  /** The checks over constructor parameters alone (run at construction). */
  List<Check> checks() {
    return checks.stream().filter(c -> constructorOnly(c)).toList();
  }

  /** The checks that mention input sizes (run when a plan for new sizes is made). */
  List<Check> callChecks() {
    return checks.stream().filter(c -> !constructorOnly(c)).toList();
  }

  private boolean constructorOnly(Check c) {
    return constructorParams.containsAll(c.left().symbols())
        && constructorParams.containsAll(c.right().symbols());
  }
}
