package dev.kiln.io;

import dev.kiln.io.Pickled.Global;
import dev.kiln.io.Pickled.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pickle opcodes a torch file may hold, and what each does to the {@link Unpickler}'s stack.
 * These are the opcodes Python's pickler writes for dicts, lists, tuples, strings, numbers,
 * globals, persistent ids and {@code __reduce__} results with protocols 2 to 5; every other
 * opcode ({@code INST}, {@code OBJ}, {@code NEWOBJ}, {@code EXT*}, the text opcodes of protocol
 * 0, sets, out-of-band buffers) is refused by name.
 */
final class PickleOps {
  static final int STOP = '.';
  private static final String REFUSED = "i INST|o OBJ|\u0081 NEWOBJ|\u0092 NEWOBJ_EX|P PERSID|"
      + "\u0082 EXT1|\u0083 EXT2|\u0084 EXT4|I INT|L LONG|F FLOAT|S STRING|V UNICODE|p PUT|g GET|"
      + "2 DUP|\u008f EMPTY_SET|\u0090 ADDITEMS|\u0091 FROZENSET|\u0096 BYTEARRAY8|"
      + "\u0097 NEXT_BUFFER|\u0098 READONLY_BUFFER|T BINSTRING|U SHORT_BINSTRING";

  private PickleOps() {}

  static void step(int op, Unpickler u) throws TorchFileException {
    switch (op) {
      case 0x80 -> {
        long protocol = u.unsigned(1, "PROTO");
        u.check(protocol >= 2 && protocol <= 5, "pickle protocol " + protocol
            + " is not supported (2 to 5)");
      }
      case 0x95 -> u.unsigned(8, "FRAME"); // a hint for buffering: the opcodes follow as usual
      case '(' -> u.mark();
      case '}' -> u.push(new LinkedHashMap<Object, Object>());
      case ']' -> u.push(new ArrayList<Object>());
      case ')' -> u.push(u.tuple(List.of()));
      case 't' -> u.push(u.tuple(u.popToMark()));
      case 0x85, 0x86, 0x87 -> tupleN(op - 0x84, u);
      case 'l' -> u.push(new ArrayList<>(u.popToMark()));
      case 'd' -> u.push(setItems(new LinkedHashMap<>(), u.popToMark(), u));
      case 'a' -> appendTo(u.pop(), u.top(), u);
      case 'e' -> {
        List<Object> items = u.popToMark();
        for (Object v : items) {
          appendTo(v, u.top(), u);
        }
      }
      case 's' -> {
        Object v = u.pop();
        Object k = u.pop();
        setItems(dict(u.top(), u), List.of(k, v), u);
      }
      case 'u' -> {
        List<Object> items = u.popToMark();
        setItems(dict(u.top(), u), items, u);
      }
      case 'X' -> u.push(u.utf8(u.unsigned(4, "BINUNICODE"), "BINUNICODE"));
      case 0x8c -> u.push(u.utf8(u.unsigned(1, "SHORT_BINUNICODE"), "SHORT_BINUNICODE"));
      case 0x8d -> u.push(u.utf8(u.unsigned(8, "BINUNICODE8"), "BINUNICODE8"));
      case 'C' -> u.push(bytes(u.unsigned(1, "SHORT_BINBYTES"), u));
      case 'B' -> u.push(bytes(u.unsigned(4, "BINBYTES"), u));
      case 0x8e -> u.push(bytes(u.unsigned(8, "BINBYTES8"), u));
      case 'J' -> u.push((long) (int) u.unsigned(4, "BININT"));
      case 'K' -> u.push(u.unsigned(1, "BININT1"));
      case 'M' -> u.push(u.unsigned(2, "BININT2"));
      case 0x8a -> u.push(longN(u.unsigned(1, "LONG1"), u));
      case 0x8b -> u.push(longN(u.unsigned(4, "LONG4"), u));
      case 'G' -> u.push(Double.longBitsToDouble(Long.reverseBytes(u.unsigned(8, "BINFLOAT"))));
      case 'N' -> u.push(Pickled.None.NONE);
      case 0x88 -> u.push(Boolean.TRUE);
      case 0x89 -> u.push(Boolean.FALSE);
      case 'q' -> u.memoPut(u.unsigned(1, "BINPUT"));
      case 'r' -> u.memoPut(u.unsigned(4, "LONG_BINPUT"));
      case 0x94 -> u.memoPut(u.memoSize());
      case 'h' -> u.memoGet(u.unsigned(1, "BINGET"));
      case 'j' -> u.memoGet(u.unsigned(4, "LONG_BINGET"));
      case 'c' -> u.global(u.line(), u.line());
      case 0x93 -> {
        Object name = u.pop();
        Object module = u.pop();
        u.check(module instanceof String && name instanceof String,
            "STACK_GLOBAL needs two strings");
        u.global((String) module, (String) name);
      }
      case 'R' -> {
        Object args = u.pop();
        Object callable = u.pop();
        u.check(callable instanceof Global && args instanceof Tuple, "REDUCE of a "
            + Pickled.typeName(callable) + " is not allowed");
        u.push(TorchGlobals.reduce((Global) callable, (Tuple) args, u));
      }
      case 'b' -> {
        Object state = u.pop();
        Object target = u.top();
        u.check(target instanceof Map && (state instanceof Map || state == Pickled.None.NONE),
            "BUILD on a " + Pickled.typeName(target) + " is not allowed");
      }
      case 'Q' -> u.persistentId();
      case '0' -> u.pop();
      case '1' -> u.popToMark();
      default -> throw u.fail(refused(op));
    }
  }

  private static void tupleN(int n, Unpickler u) throws TorchFileException {
    Object[] items = new Object[n];
    for (int i = n - 1; i >= 0; i--) {
      items[i] = u.pop();
    }
    u.push(u.tuple(List.of(items)));
  }

  /** A little-endian two's complement integer of {@code n} bytes, at most 8. */
  private static long longN(long n, Unpickler u) throws TorchFileException {
    u.check(n <= 8, "an integer of " + n + " bytes (wider than 64 bits)");
    long v = n == 0 ? 0 : u.unsigned((int) n, "LONG");
    int shift = 64 - 8 * (int) n;
    return n == 0 ? 0 : v << shift >> shift;
  }

  private static byte[] bytes(long n, Unpickler u) throws TorchFileException {
    java.nio.ByteBuffer b = u.bytes(n, "bytes");
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void appendTo(Object v, Object list, Unpickler u) throws TorchFileException {
    u.check(list instanceof ArrayList, "APPEND to a " + Pickled.typeName(list));
    ((List<Object>) list).add(v);
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> dict(Object v, Unpickler u) throws TorchFileException {
    u.check(v instanceof Map, "SETITEM on a " + Pickled.typeName(v));
    return (Map<Object, Object>) v;
  }

  private static Map<Object, Object> setItems(Map<Object, Object> dict, List<Object> items,
      Unpickler u) throws TorchFileException {
    u.check(items.size() % 2 == 0, "an odd number of items for a dict");
    for (int i = 0; i < items.size(); i += 2) {
      Object k = items.get(i);
      u.check(k instanceof String || k instanceof Long || k instanceof Double
          || k instanceof Boolean || k == Pickled.None.NONE,
          "a dict key of type " + Pickled.typeName(k) + " is not supported");
      dict.put(k, items.get(i + 1));
    }
    return dict;
  }

  private static String refused(int op) {
    for (String entry : REFUSED.split("\\|")) {
      if (entry.charAt(0) == op) {
        return "opcode " + entry.substring(2) + " (0x" + Integer.toHexString(op)
            + ") is not allowed (torch.save does not write it)";
      }
    }
    return "unknown opcode 0x" + Integer.toHexString(op);
  }
}
