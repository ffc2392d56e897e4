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
 * Decides size equalities: provably equal passes, provably unequal is a compile error, and an
 * equality over constructor parameters alone becomes a check in the generated constructor.
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
    Dim d = a.minus(b);
    if (d.isConstant()) {
      if (d.constant() == 0) {
        return true;
      }
      report.error(Code.SHAPE, at, message);
      return false;
    }
    if (constructorParams.containsAll(d.symbols())) {
      if (checks.stream().noneMatch(c -> c.message().equals(message))) {
        checks.add(new Check(a, b, message));
      }
      return true;
    }
    report.error(Code.SHAPE, at, message + " (Kiln cannot prove " + a + " == " + b
        + " for every input; write the size into @Shape)");
    return false;
  }

  /** Reports a shape error that needs no proof (e.g. a rank mismatch). */
  void fail(String message, Tree at) {
    report.error(Code.SHAPE, at, message);
  }

  static boolean isOne(Dim d) {
    return d.isConstant() && d.constant() == 1;
  }

  List<Check> checks() {
    return List.copyOf(checks);
  }
}
