package dev.kiln.nn;

import dev.kiln.compiled.HookedCalls;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * The working memory of one call site of a layer: scratch panels (im2col), dropout masks, batch
 * statistics, pooling indices; whatever its forward keeps for its backward. A compiled plan holds
 * one per layer call (plans belong to one thread, so threads never share it); an eager
 * {@link UnaryModule#apply} makes a fresh one and keeps it for its backward.
 *
 * <p>Slots are numbered by the layer; {@link #get} reuses a slot's tensor while the device and
 * shape stay the same, so a warm compiled step allocates nothing.
 */
public final class Workspace {
  private Tensor[] slots = new Tensor[4];
  private Workspace[] children = new Workspace[0];
  private HookedCalls.Call hooked;

  /**
   * The tensor of {@code slot}, with {@code shape} on {@code device}: the same one as the last
   * call when device and shape match (its contents kept), otherwise a new zero-filled one.
   */
  public Tensor get(int slot, Device device, int... shape) {
    if (slot >= slots.length) {
      slots = Arrays.copyOf(slots, Math.max(slot + 1, slots.length * 2));
    }
    Tensor t = slots[slot];
    if (t == null || t.device() != device || !hasShape(t, shape)) {
      t = device.zeros(shape);
      slots[slot] = t;
    }
    return t;
  }

  /**
   * The workspace of a container's sub-call {@code index} (a {@link Sequential}'s layer {@code
   * index}), created on first use and the same one afterwards.
   */
  public Workspace child(int index) {
    if (index >= children.length) {
      children = Arrays.copyOf(children, index + 1);
    }
    if (children[index] == null) {
      children[index] = new Workspace();
    }
    return children[index];
  }

  /** {@code Arrays.equals(t.shape(), shape)} without the copy {@code shape()} makes. */
  private static boolean hasShape(Tensor t, int[] shape) {
    if (t.dim() != shape.length) {
      return false;
    }
    for (int d = 0; d < shape.length; d++) {
      if (t.size(d) != shape[d]) {
        return false;
      }
    }
    return true;
  }

  /** The hooked call the last forward at this call site recorded for its backward, or null. */
  public HookedCalls.Call hooked() {
    return hooked;
  }

  /** Keeps (or, with null, clears) the hooked call of this call site's forward. */
  public void hooked(HookedCalls.Call call) {
    hooked = call;
  }

  /** The tensor of {@code slot} as the last {@link #get} left it, or null if none. */
  public Tensor peek(int slot) {
    return slot < slots.length ? slots[slot] : null;
  }
}
