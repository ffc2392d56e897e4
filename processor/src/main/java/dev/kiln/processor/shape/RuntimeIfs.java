package dev.kiln.processor.shape;

import dev.kiln.processor.diag.Code;
import dev.kiln.processor.diag.Reporter;
import dev.kiln.processor.ir.Op;
import dev.kiln.processor.ir.OpKind;
import dev.kiln.processor.ir.Value;
import dev.kiln.processor.parse.Stmt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code if} statements decided at run time, {@code if (isTraining())} or on a final boolean
 * field: both paths are checked and lowered, their ops guarded by the condition, and each
 * variable the paths leave different merged by a {@link OpKind#SELECT}.
 */
final class RuntimeIfs {
  private final Reporter report;
  private final Prover prover;
  private final ValueNames names;
  private final List<Op> ops;

  RuntimeIfs(Reporter report, Prover prover, ValueNames names, List<Op> ops) {
    this.report = report;
    this.prover = prover;
    this.names = names;
    this.ops = ops;
  }

  /**
   * An {@code if} decided at run time ({@code isTraining()}, a final boolean field): both
   * branches are checked and lowered, their ops run only when their condition holds, and each
   * variable they leave different is a {@link OpKind#SELECT}.
   */
  boolean lower(Stmt.IfRuntime t, Map<String, Value> env, Consumer<List<Stmt>> exec) {
    String shown = t.cond().equals("training") ? "isTraining()" : t.cond();
    if (java.util.stream.Stream.concat(t.then().stream(), t.otherwise().stream())
        .anyMatch(x -> x instanceof Stmt.Return)) {
      report.error(Code.UNSUPPORTED, t.tree(), "a return inside if (" + shown + ") is not"
          + " supported; assign a variable in both branches and return it after the if");
      return false;
    }
    Map<String, Value> before = new HashMap<>(env);
    int errors = report.errors();
    int m0 = ops.size();
    exec.accept(t.then());
    Map<String, Value> training = new HashMap<>(env);
    int m1 = ops.size();
    env.clear();
    env.putAll(before);
    exec.accept(t.otherwise());
    if (report.errors() > errors) {
      return false;
    }
    int m2 = ops.size();
    for (int i = m0; i < m2; i++) {
      ops.set(i, ops.get(i).guarded(i < m1 ? t.cond() : "!" + t.cond()));
    }
    Map<String, Value> eval = new HashMap<>(env);
    env.clear();
    for (Map.Entry<String, Value> e : training.entrySet()) {
      Value a = e.getValue();
      Value b = eval.get(e.getKey());
      if (b == null || !before.containsKey(e.getKey())) {
        continue; // declared inside a branch: not visible after it
      }
      if (a == b) {
        env.put(e.getKey(), a);
      } else if (!a.shape().equals(b.shape())) {
        prover.fail("'" + e.getKey() + "' has shape " + a.shape() + (t.cond().equals("training")
            ? " when training but " + b.shape() + " in eval mode" : " when " + shown + " holds but "
            + b.shape() + " when not") + "; both branches of if (" + shown + ") must leave it one"
            + " shape", t.tree());
        return false;
      } else {
        Value v = new Value(names.fresh(e.getKey()), a.shape(), -1, e.getKey());
        ops.add(new Op(OpKind.SELECT, t.cond(), List.of(a, b), v, shown + " ? " + a.name()
            + " : " + b.name()));
        env.put(e.getKey(), v);
      }
    }
    return true;
  }}
