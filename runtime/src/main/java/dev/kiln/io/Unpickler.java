package dev.kiln.io;

import dev.kiln.io.Pickled.Global;
import dev.kiln.io.Pickled.Storage;
import dev.kiln.io.Pickled.Tuple;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted unpickler for the {@code data.pkl} of a torch file: the opcodes {@code torch.save}
 * writes with pickle protocols 2 to 5 ({@link PickleOps}), globals only from {@link TorchGlobals}'
 * allow-list, and limits on the stack ({@value #MAX_STACK} items and marks) and memo (indices
 * below {@value #MAX_MEMO}). It builds inert values ({@link Pickled}) and never calls or looks
 * up anything the pickle names; the first thing outside these rules throws, naming the byte.
 */
final class Unpickler {
  static final int MAX_STACK = 50_000;
  static final int MAX_MEMO = 1_000_000;

  private final ByteBuffer in;
  private final String where;
  private final List<Object> stack = new ArrayList<>();
  private int[] marks = new int[16];
  private int markCount;
  private final Map<Long, Object> memo = new HashMap<>();
  private final Map<String, Storage> storages = new LinkedHashMap<>();
  private int opStart;

  Unpickler(ByteBuffer pickle, String where) {
    this.in = pickle.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.where = where;
  }

  /** The pickled object. */
  Object load() throws TorchFileException {
    while (in.hasRemaining()) {
      opStart = in.position();
      int op = in.get() & 0xff;
      if (op == PickleOps.STOP) {
        check(!stack.isEmpty() && markCount == 0, "STOP with an empty stack or an open MARK");
        return pop();
      }
      PickleOps.step(op, this);
    }
    throw fail("truncated: the pickle ends without a STOP opcode");
  }

  /** Every storage the pickle referred to, by key, in first-use order. */
  Map<String, Storage> storages() {
    return storages;
  }

  void persistentId() throws TorchFileException {
    Storage s = TorchGlobals.storage(pop(), this);
    Storage seen = storages.putIfAbsent(s.key(), s);
    check(seen == null || seen.equals(s), "storage '" + s.key() + "' is declared twice, as "
        + (seen == null ? "" : seen.type() + " of " + seen.numel()) + " and " + s.type() + " of "
        + s.numel());
    push(seen == null ? s : seen);
  }

  void global(String module, String name) throws TorchFileException {
    check(TorchGlobals.allowed(module, name), "global " + module + "." + name + " is not allowed"
        + " (a torch file may name only tensor rebuild functions, storage types and OrderedDict)");
    push(new Global(module, name));
  }

  void push(Object v) throws TorchFileException {
    check(stack.size() + markCount < MAX_STACK, "the stack holds more than " + MAX_STACK
        + " items and marks");
    stack.add(v);
  }

  Object pop() throws TorchFileException {
    check(stack.size() > (markCount == 0 ? 0 : marks[markCount - 1]),
        "an opcode pops from an empty stack");
    return stack.remove(stack.size() - 1);
  }

  Object top() throws TorchFileException {
    Object v = pop();
    stack.add(v);
    return v;
  }

  void mark() throws TorchFileException {
    check(stack.size() + markCount < MAX_STACK, "the stack holds more than " + MAX_STACK
        + " items and marks");
    if (markCount == marks.length) {
      marks = java.util.Arrays.copyOf(marks, 2 * markCount);
    }
    marks[markCount++] = stack.size();
  }

  /** The items pushed since the last MARK, removed from the stack with the mark. */
  List<Object> popToMark() throws TorchFileException {
    check(markCount > 0, "an opcode needs a MARK and there is none");
    int from = marks[--markCount];
    List<Object> sub = stack.subList(from, stack.size());
    List<Object> items = new ArrayList<>(sub);
    sub.clear();
    return items;
  }

  void memoPut(long index) throws TorchFileException {
    check(index >= 0 && index < MAX_MEMO, "memo index " + index + " is over the limit of "
        + MAX_MEMO);
    memo.put(index, top());
  }

  void memoGet(long index) throws TorchFileException {
    Object v = memo.get(index);
    check(v != null, "memo index " + index + " was never stored");
    push(v);
  }

  int memoSize() {
    return memo.size();
  }

  Tuple tuple(List<Object> items) {
    return new Tuple(List.copyOf(items));
  }

  /** Reads {@code n} bytes, checked against what is left before anything is allocated. */
  ByteBuffer bytes(long n, String what) throws TorchFileException {
    check(n >= 0 && n <= in.remaining(), "truncated: " + what + " of " + n + " bytes, "
        + in.remaining() + " left");
    ByteBuffer b = in.slice(in.position(), (int) n);
    in.position(in.position() + (int) n);
    return b;
  }

  long unsigned(int n, String what) throws TorchFileException {
    ByteBuffer b = bytes(n, what).order(ByteOrder.LITTLE_ENDIAN);
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = v << 8 | (b.get(i) & 0xff);
    }
    return v;
  }

  String utf8(long n, String what) throws TorchFileException {
    return StandardCharsets.UTF_8.decode(bytes(n, what)).toString();
  }

  /** A text line (GLOBAL's module and name), at most 256 bytes. */
  String line() throws TorchFileException {
    int start = in.position();
    for (int i = start; i < in.limit() && i - start <= 256; i++) {
      if (in.get(i) == '\n') {
        String s = utf8(i - start, "line");
        in.get();
        return s;
      }
    }
    throw fail("truncated or overlong GLOBAL line");
  }

  void check(boolean ok, String problem) throws TorchFileException {
    if (!ok) {
      throw fail(problem);
    }
  }

  TorchFileException fail(String problem) {
    return new TorchFileException(where + " at byte " + opStart + ": " + problem);
  }
}
