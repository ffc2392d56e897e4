package dev.kiln.compiled;

import dev.kiln.nn.Module;
import dev.kiln.nn.ModuleList;
import dev.kiln.nn.MultiModule;
import dev.kiln.nn.UnaryModule;
import dev.kiln.nn.Workspace;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * A compiled {@code for (Block b : blocks) h = b.apply(h, extras...)} over a {@link ModuleList}
 * whose length is known only when the model is made: element {@code i} reads the previous one's
 * output (each keeps the shape, which the compiler checked on the element's contract), with a
 * workspace of its own. One per call site of a plan, so it belongs to the plan's thread; warm,
 * it allocates nothing. Elements are one-input layers, or several-input layers with one output
 * whose inputs after the first are {@link #extras()} (masks, a memory), the same for every element.
 */
public final class ListChain {
  private final ModuleList<?> list;
  private final Tensor[] extras;
  private final Tensor[][] in;
  private final Tensor[][] out;
  private final Tensor[][] dIn;
  private final Tensor[][] dOut;
  private final Workspace ws = new Workspace();
  private Tensor x;
  private Tensor y;
  /** {@code x}'s shape, kept so that taking a workspace slot allocates no copy of it. */
  private int[] shape;
  /** Set after the first forward checked each element's output shape (a plan's sizes are fixed). */
  private boolean checked;

  /** A chain over {@code list}, whose elements take {@code inputs} inputs (the first chained). */
  public ListChain(ModuleList<?> list, int inputs) {
    this.list = list;
    this.extras = new Tensor[inputs - 1];
    int n = list.size();
    in = new Tensor[n][inputs];
    out = new Tensor[n][1];
    dIn = new Tensor[n][inputs];
    dOut = new Tensor[n][1];
  }

  /**
   * True when an element of {@code list} has hooks: the generated forward then runs eagerly,
   * where each element's call runs its hooks.
   */
  public static boolean hooked(ModuleList<?> list) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).hasHooks()) {
        return true;
      }
    }
    return false;
  }

  /** The inputs after the first, set by the plan before each forward. */
  public Tensor[] extras() {
    return extras;
  }

  /** Runs every element in order from {@code x}, the last one writing {@code y}. */
  public void forward(Tensor x, Tensor y) {
    this.x = x;
    this.y = y;
    if (list.size() != in.length) {
      throw new IllegalStateException("this ModuleList holds " + list.size() + " layers, but the"
          + " plan was made for " + in.length + "; add a model's layers in its constructor only");
    }
    if (shape == null) {
      shape = x.shape(); // a plan's sizes are fixed, so the first forward's shape is every one's
    }
    int n = list.size();
    if (n == 0) {
      y.device().kernels().fill(y, 0f);
      y.device().kernels().accumulate(x, y);
      return;
    }
    Tensor h = x;
    for (int i = 0; i < n; i++) {
      Tensor o = i == n - 1 ? y : ws.get(i, x.device(), shape);
      call(i, h, o);
      h = o;
    }
    checked = true;
  }

  private void call(int i, Tensor h, Tensor o) {
    Module m = list.get(i);
    if (m.hasHooks()) {
      throw new IllegalStateException("hooks were registered on " + m.getClass().getSimpleName()
          + " while a compiled forward was running it; register hooks between calls");
    }
    if (m instanceof UnaryModule u) {
      if (!checked) {
        check(i, u.outputShape(h.shape()), h);
      }
      u.forwardInto(h, o, ws.child(i));
      return;
    }
    MultiModule mm = (MultiModule) m;
    Tensor[] args = in[i];
    args[0] = h;
    System.arraycopy(extras, 0, args, 1, extras.length);
    out[i][0] = o;
    if (!checked) {
      int[][] shapes = new int[args.length][];
      for (int j = 0; j < args.length; j++) {
        shapes[j] = args[j] == null ? null : args[j].shape();
      }
      check(i, mm.outputShapes(shapes)[0], h);
    }
    mm.forwardInto(args, out[i], ws.child(i));
  }

  private void check(int i, int[] shape, Tensor h) {
    boolean same = shape.length == h.dim();
    for (int d = 0; same && d < shape.length; d++) {
      same = shape[d] == h.size(d);
    }
    if (!same) {
      throw new IllegalStateException("element " + i + " of the ModuleList computes "
          + Shapes.toString(shape) + " from " + Shapes.toString(h.shape())
          + "; a loop over the list needs each element to keep the shape");
    }
  }

  /**
   * Back through the elements: adds into {@code dx} (skipped when null) and into each non-null
   * {@code dExtras[j]} (summed over the elements), and into the parameters' gradients.
   */
  public void backward(Tensor dy, Tensor dx, Tensor[] dExtras) {
    int n = list.size();
    if (n == 0) {
      if (dx != null) {
        dx.device().kernels().accumulate(dy, dx);
      }
      return;
    }
    Tensor g = dy;
    for (int i = n - 1; i >= 0; i--) {
      Tensor h = i == 0 ? x : ws.peek(i - 1);
      Tensor o = i == n - 1 ? y : ws.peek(i);
      Tensor gIn = dx;
      if (i > 0) {
        gIn = ws.get(n + i, x.device(), shape);
        gIn.device().kernels().fill(gIn, 0f);
      }
      Module m = list.get(i);
      if (m instanceof UnaryModule u) {
        u.backwardInto(h, o, g, gIn, ws.child(i));
      } else {
        dOut[i][0] = g;
        dIn[i][0] = gIn;
        System.arraycopy(dExtras, 0, dIn[i], 1, dExtras.length);
        ((MultiModule) m).backwardInto(in[i], out[i], dOut[i], dIn[i], ws.child(i));
      }
      g = gIn;
    }
  }
}
