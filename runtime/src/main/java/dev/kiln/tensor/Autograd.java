package dev.kiln.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The tape's engine: runs recorded backward functions in reverse topological order. */
final class Autograd {
  private Autograd() {}

  static void backward(Tensor root, Tensor dRoot) {
    if (!root.requiresGrad()) {
      throw new IllegalStateException("backward() on a tensor that does not require grad");
    }
    if (!root.sameShape(dRoot)) {
      throw new IllegalArgumentException(
          "upstream gradient has shape " + Shapes.toString(dRoot.shape()) + " but the tensor has "
              + Shapes.toString(root.shape()));
    }
    boolean previous = GradMode.swap(false);
    try {
      chain(root, dRoot);
    } finally {
      GradMode.swap(previous);
    }
  }

  /**
   * Follows the graph while each op has one input that needs a gradient (a training step's loss
   * of a model's output, say): no ordering or bookkeeping, so nothing is allocated. The rest of
   * the graph goes to {@link #run}.
   */
  private static void chain(Tensor t, Tensor g) {
    while (true) {
      GradFn fn = t.gradFn();
      if (fn == null) {
        accumulateLeaf(t, g);
        return;
      }
      List<Tensor> inputs = fn.inputs();
      int only = -1;
      for (int i = 0; i < inputs.size(); i++) {
        if (inputs.get(i).requiresGrad()) {
          if (only >= 0) {
            run(t, g);
            return;
          }
          only = i;
        }
      }
      Tensor[] inputGrads = fn.backward(g);
      if (only < 0 || inputGrads[only] == null) {
        return;
      }
      t = inputs.get(only);
      g = inputGrads[only];
    }
  }

  private static void run(Tensor root, Tensor dRoot) {
    Map<Tensor, Tensor> grads = new IdentityHashMap<>();
    grads.put(root, dRoot);
    for (Tensor t : topologicalOrder(root)) {
      Tensor g = grads.remove(t);
      if (g == null) {
        continue;
      }
      if (t.gradFn() == null) {
        accumulateLeaf(t, g);
        continue;
      }
      Tensor[] inputGrads = t.gradFn().backward(g);
      List<Tensor> inputs = t.gradFn().inputs();
      for (int i = 0; i < inputs.size(); i++) {
        Tensor in = inputs.get(i);
        if (inputGrads[i] == null || !in.requiresGrad()) {
          continue;
        }
        Tensor sum = grads.get(in);
        if (sum == null) {
          sum = Tensor.zerosLike(in);
          grads.put(in, sum);
        }
        in.device().kernels().accumulate(inputGrads[i], sum);
      }
    }
  }

  private static void accumulateLeaf(Tensor leaf, Tensor g) {
    if (leaf.grad() == null) {
      leaf.setGrad(Tensor.zerosLike(leaf));
    }
    leaf.device().kernels().accumulate(g, leaf.grad());
  }

  /** Tensors reachable from {@code root}, each after every tensor computed from it. */
  private static List<Tensor> topologicalOrder(Tensor root) {
    List<Tensor> postOrder = new ArrayList<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {root, 0});
    seen.add(root);
    while (!stack.isEmpty()) {
      Object[] top = stack.peek();
      Tensor t = (Tensor) top[0];
      int next = (Integer) top[1];
      List<Tensor> inputs = t.gradFn() == null ? List.of() : t.gradFn().inputs();
      if (next < inputs.size()) {
        top[1] = next + 1;
        Tensor in = inputs.get(next);
        if (in.requiresGrad() && seen.add(in)) {
          stack.push(new Object[] {in, 0});
        }
      } else {
        stack.pop();
        postOrder.add(t);
      }
    }
    Collections.reverse(postOrder);
    return postOrder;
  }
}
