package dev.kiln.processor.parse;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer's creating expression: {@code new Conv2d(1, 32, 3)} followed by fluent options such as
 * {@code .padding(1).bias(false)}, in the order written.
 */
record LayerInit(NewClassTree create, List<Option> options) {
  /** One fluent option call: {@code .padding(1)} or {@code .kernelSize(3, 5)}. */
  record Option(String name, List<? extends ExpressionTree> args, ExpressionTree tree) {}

  /** The creation and its options, or null when {@code e} is not such a chain. */
  static LayerInit of(ExpressionTree e) {
    List<Option> options = new ArrayList<>();
    ExpressionTree t = e;
    while (t instanceof MethodInvocationTree m && m.getMethodSelect() instanceof MemberSelectTree s) {
      options.add(0, new Option(s.getIdentifier().toString(), m.getArguments(), m));
      t = s.getExpression();
    }
    return t instanceof NewClassTree n ? new LayerInit(n, options) : null;
  }

  /** The expression without {@code new}: {@code Conv2d(1, 32, 3).padding(1)}. */
  static String text(ExpressionTree e) {
    return e.toString().replaceFirst("^new\\s+", "").replaceAll("\\s+", " ");
  }
}
