package dev.kiln.nn;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hooks registered on one module ({@link Module#registerForwardPreHook} and its siblings)
 * and the calls that run them in registration order, checking each replacement's shapes. A
 * module without hooks holds none of these, so {@link Module#hasHooks()} is one field read:
 * eager {@link UnaryModule#apply} and compiled models test it before taking the hooked path.
 */
public final class Hooks {
  private final List<ForwardPreHook> pre = new CopyOnWriteArrayList<>();
  private final List<ForwardHook> forward = new CopyOnWriteArrayList<>();
  private final List<BackwardHook> backward = new CopyOnWriteArrayList<>();

  private Hooks() {}

  static RemovableHandle addPre(Module m, ForwardPreHook hook) {
    return add(m, h -> h.pre, hook);
  }

  static RemovableHandle addForward(Module m, ForwardHook hook) {
    return add(m, h -> h.forward, hook);
  }

  static RemovableHandle addBackward(Module m, BackwardHook hook) {
    return add(m, h -> h.backward, hook);
  }

  /** Registration and removal hold this class's lock; running hooks takes none. */
  private static synchronized <H> RemovableHandle add(Module m,
      java.util.function.Function<Hooks, List<H>> kind, H hook) {
    if (hook == null) {
      throw new NullPointerException("hook");
    }
    if (m.hooks() == null) {
      m.hooks(new Hooks());
    }
    Hooks h = m.hooks();
    List<H> list = kind.apply(h);
    list.add(hook);
    return new RemovableHandle(() -> {
      synchronized (Hooks.class) {
        list.remove(hook);
        if (h.pre.isEmpty() && h.forward.isEmpty() && h.backward.isEmpty() && m.hooks() == h) {
          m.hooks(null);
        }
      }
    });
  }

  /** Runs {@code m}'s forward pre-hooks in order; returns the input, replaced or not. */
  public static Tensor[] pre(Module m, Tensor[] input) {
    Hooks h = m.hooks();
    if (h != null) {
      for (ForwardPreHook hook : h.pre) {
        Tensor[] r = hook.call(m, input.clone());
        if (r != null) {
          check(m, "forward pre-hook", "input", input, r);
          input = r;
        }
      }
    }
    return input;
  }

  /** Runs {@code m}'s forward hooks in order; returns the output, replaced or not. */
  public static Tensor forward(Module m, Tensor[] input, Tensor output) {
    Hooks h = m.hooks();
    if (h != null) {
      for (ForwardHook hook : h.forward) {
        Tensor r = hook.call(m, input.clone(), output);
        if (r != null) {
          check(m, "forward hook", "output", new Tensor[] {output}, new Tensor[] {r});
          output = r;
        }
      }
    }
    return output;
  }

  /**
   * {@code m}'s full backward hooks as registered now: a forward takes them, so that its backward
   * runs the hooks that were registered when it ran (as PyTorch), not those of the moment.
   */
  public static List<BackwardHook> backwardHooks(Module m) {
    Hooks h = m.hooks();
    return h == null || h.backward.isEmpty() ? List.of() : List.copyOf(h.backward);
  }

  /**
   * Runs {@code hooks} ({@link #backwardHooks} of {@code m} at its forward) in order; returns the
   * input gradients, replaced or not.
   */
  public static Tensor[] backward(Module m, List<BackwardHook> hooks, Tensor[] gradInput,
      Tensor[] gradOutput) {
    {
      for (BackwardHook hook : hooks) {
        Tensor[] r = hook.call(m, gradInput.clone(), gradOutput.clone());
        if (r != null) {
          check(m, "full backward hook", "gradInput", gradInput, r);
          gradInput = r;
        }
      }
    }
    return gradInput;
  }

  private static void check(Module m, String hook, String what, Tensor[] had, Tensor[] got) {
    if (got.length != had.length) {
      throw new IllegalStateException(hook + " on " + describe(m) + " returned " + got.length
          + " " + what + " tensors, but " + had.length + " were passed to it");
    }
    for (int i = 0; i < had.length; i++) {
      if (had[i] == null && got[i] != null) {
        throw new IllegalStateException(hook + " on " + describe(m) + " returned "
            + (what.equals("input") ? "" : "a ") + what + "[" + i + "] where none was passed ("
            + (what.equals("input") ? "an absent optional input cannot be added by a hook"
                : "the input needs no gradient") + ")");
      }
      if (had[i] != null && got[i] != null && !had[i].sameShape(got[i])) {
        throw new IllegalStateException(hook + " on " + describe(m) + " returned "
            + (what.equals("output") ? "an output" : what + "[" + i + "]") + " of shape "
            + Shapes.toString(got[i].shape()) + ", but the "
            + (what.equals("gradInput") ? "gradient" : what) + " it replaces has shape "
            + Shapes.toString(had[i].shape()));
      }
    }
  }

  /** A leaf as its repr ({@code Linear(in_features=3, ...)}), a container by its type name. */
  static String describe(Module m) {
    return m.namedChildren().isEmpty() ? m.typeName() + "(" + m.extraRepr() + ")" : m.typeName();
  }

  /** True when {@code m} has a full backward hook: a several-output layer records one node. */
  static boolean hasFullBackward(Module m) {
    return !backwardHooks(m).isEmpty();
  }
}
