package dev.kiln.io;

import java.util.List;

/**
 * The values {@link Unpickler} builds besides Java's own ({@code String}, {@code Long},
 * {@code Double}, {@code Boolean}, {@code byte[]}, {@code ArrayList} for a list and
 * {@code LinkedHashMap} for a dict): inert records; nothing here can run code.
 */
final class Pickled {
  private Pickled() {}

  /** Python's {@code None}. */
  enum None { NONE }

  /** A tuple. */
  record Tuple(List<Object> items) {}

  /** A global from the allow-list ({@link TorchGlobals}), e.g. {@code torch.FloatStorage}. */
  record Global(String module, String name) {
    @Override
    public String toString() {
      return module + "." + name;
    }
  }

  /** A storage the pickle refers to by persistent id: entry {@code data/<key>} of the archive. */
  record Storage(String key, String type, DType dtype, long numel) {}

  /** A tensor: a strided view of a storage, as {@code torch._utils._rebuild_tensor_v2} makes. */
  record TensorView(Storage storage, long offset, long[] size, long[] stride) {}

  /** Python's name for the type of {@code v}, for messages. */
  static String typeName(Object v) {
    if (v instanceof String) return "str";
    if (v instanceof Long) return "int";
    if (v instanceof Double) return "float";
    if (v instanceof Boolean) return "bool";
    if (v instanceof byte[]) return "bytes";
    if (v instanceof None) return "None";
    if (v instanceof Tuple) return "tuple";
    if (v instanceof List) return "list";
    if (v instanceof java.util.Map) return "dict";
    if (v instanceof Global g) return "global " + g;
    if (v instanceof Storage) return "storage";
    if (v instanceof TensorView) return "tensor";
    return v.getClass().getSimpleName();
  }
}
