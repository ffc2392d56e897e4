package dev.kiln.io;

import dev.kiln.io.Pickled.Global;
import dev.kiln.io.Pickled.Storage;
import dev.kiln.io.Pickled.TensorView;
import dev.kiln.io.Pickled.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The allow-list of globals a torch file may name, and what the unpickler does instead of calling
 * them: {@code collections.OrderedDict} makes a dict, {@code torch._utils._rebuild_tensor_v2}
 * (with {@code _rebuild_parameter} around it) a {@link TensorView}, {@code _codecs.encode} bytes,
 * and the storage types ({@code torch.FloatStorage}, ...) only label persistent ids. Every other
 * global is refused where the pickle names it; nothing is ever looked up or called.
 */
final class TorchGlobals {
  private static final Map<String, DType> STORAGES = Map.of("FloatStorage", DType.F32,
      "DoubleStorage", DType.F64, "HalfStorage", DType.F16, "BFloat16Storage", DType.BF16,
      "LongStorage", DType.I64, "IntStorage", DType.I32, "ShortStorage", DType.I16,
      "CharStorage", DType.I8, "ByteStorage", DType.U8, "BoolStorage", DType.BOOL);
  private static final List<String> CALLABLE = List.of("collections.OrderedDict",
      "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
      "torch._utils._rebuild_parameter_with_state", "_codecs.encode");

  private TorchGlobals() {}

  /** Whether {@code module.name} is on the allow-list. */
  static boolean allowed(String module, String name) {
    return CALLABLE.contains(module + "." + name) || storageType(module, name) != null;
  }

  /** The dtype of storage type {@code module.name}, or {@code null} if it is not one. */
  static DType storageType(String module, String name) {
    return module.equals("torch") ? STORAGES.get(name) : null;
  }

  /** What calling {@code g} with {@code args} would give, for the calls torch files make. */
  static Object reduce(Global g, Tuple args, Unpickler in) throws TorchFileException {
    List<Object> a = args.items();
    switch (g.toString()) {
      case "collections.OrderedDict":
        in.check(a.isEmpty(), "OrderedDict with arguments is not supported");
        return new LinkedHashMap<Object, Object>();
      case "torch._utils._rebuild_tensor_v2":
        in.check((a.size() == 6 || a.size() == 7) && a.get(0) instanceof Storage
            && a.get(1) instanceof Long && a.get(2) instanceof Tuple && a.get(3) instanceof Tuple
            && a.get(4) instanceof Boolean && noHooks(a.get(5)),
            "_rebuild_tensor_v2 takes (storage, offset, size, stride, requires_grad, hooks)");
        return new TensorView((Storage) a.get(0), (Long) a.get(1), longs(a.get(2), in),
            longs(a.get(3), in));
      case "torch._utils._rebuild_parameter":
      case "torch._utils._rebuild_parameter_with_state":
        in.check(a.size() == (g.name().endsWith("state") ? 4 : 3)
            && a.get(0) instanceof TensorView && a.get(1) instanceof Boolean && noHooks(a.get(2)),
            g.name() + " takes (tensor, requires_grad, hooks)");
        return a.get(0);
      case "_codecs.encode":
        in.check(a.size() == 2 && a.get(0) instanceof String s && s.chars().allMatch(c -> c < 256)
            && ("latin1".equals(a.get(1)) || "latin-1".equals(a.get(1))),
            "_codecs.encode takes (str, 'latin1')");
        return ((String) a.get(0)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      default:
        throw in.fail("REDUCE of " + g + " is not allowed (not a function torch files call)");
    }
  }

  /** The storage a persistent id {@code ('storage', type, key, location, numel)} names. */
  static Storage storage(Object pid, Unpickler in) throws TorchFileException {
    List<Object> a = pid instanceof Tuple t ? t.items() : List.of();
    in.check(a.size() == 5 && "storage".equals(a.get(0)) && a.get(1) instanceof Global
        && a.get(2) instanceof String && a.get(3) instanceof String && a.get(4) instanceof Long,
        "persistent id is not ('storage', type, key, location, numel)");
    Global type = (Global) a.get(1);
    DType dtype = storageType(type.module(), type.name());
    in.check(dtype != null, type + " is not a storage type");
    String location = (String) a.get(3);
    in.check(location.matches("cpu|(cuda|mps)(:[0-9]{1,4})?"),
        "storage location '" + location + "' is not supported (cpu, cuda, cuda:N or mps)");
    long numel = (Long) a.get(4);
    in.check(numel >= 0, "storage numel " + numel + " is negative");
    return new Storage((String) a.get(2), type.name(), dtype, numel);
  }

  private static boolean noHooks(Object hooks) {
    return hooks instanceof Map<?, ?> m && m.isEmpty();
  }

  private static long[] longs(Object tuple, Unpickler in) throws TorchFileException {
    List<Object> items = ((Tuple) tuple).items();
    in.check(items.size() <= 64, "a tensor of more than 64 dimensions");
    long[] out = new long[items.size()];
    for (int i = 0; i < out.length; i++) {
      in.check(items.get(i) instanceof Long, "tensor size or stride is not a tuple of ints");
      out[i] = (Long) items.get(i);
    }
    return out;
  }
}
