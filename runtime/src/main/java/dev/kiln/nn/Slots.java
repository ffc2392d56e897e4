package dev.kiln.nn;

import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;

/**
 * {@link Workspace#get} for two to four dimensions without its varargs array: the slot's tensor
 * is checked in place and {@code get} is called (allocating) only when it must be replaced, so a
 * warm step allocates nothing.
 */
final class Slots {
  private Slots() {}

  static Tensor get(Workspace ws, int slot, Device dev, int a, int b) {
    Tensor t = ws.peek(slot);
    if (t != null && t.device() == dev && t.dim() == 2 && t.size(0) == a && t.size(1) == b) {
      return t;
    }
    return ws.get(slot, dev, a, b);
  }

  static Tensor get(Workspace ws, int slot, Device dev, int a, int b, int c) {
    Tensor t = ws.peek(slot);
    if (t != null && t.device() == dev && t.dim() == 3 && t.size(0) == a && t.size(1) == b
        && t.size(2) == c) {
      return t;
    }
    return ws.get(slot, dev, a, b, c);
  }

  static Tensor get(Workspace ws, int slot, Device dev, int a, int b, int c, int d) {
    Tensor t = ws.peek(slot);
    if (t != null && t.device() == dev && t.dim() == 4 && t.size(0) == a && t.size(1) == b
        && t.size(2) == c && t.size(3) == d) {
      return t;
    }
    return ws.get(slot, dev, a, b, c, d);
  }

  /** A one-dimensional slot. */
  static Tensor get(Workspace ws, int slot, Device dev, int a) {
    Tensor t = ws.peek(slot);
    if (t != null && t.device() == dev && t.dim() == 1 && t.size(0) == a) {
      return t;
    }
    return ws.get(slot, dev, a);
  }
}
