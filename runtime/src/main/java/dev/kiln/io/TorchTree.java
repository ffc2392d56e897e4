package dev.kiln.io;

import dev.kiln.io.Pickled.TensorView;
import dev.kiln.io.Pickled.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens an unpickled object to dotted paths, as a checkpoint's keys are usually spelled:
 * {@code {"model": {"fc1.weight": t}, "epoch": 3}} gives the tensor {@code model.fc1.weight} and
 * the value {@code epoch}. Dicts (string or integer keys) and lists or tuples holding a tensor or
 * a dict are walked (a list by index); other lists and tuples are values. A walked container
 * reached twice (a structure holding itself, or shared so that it would expand exponentially) is
 * refused, as are nesting over {@value #MAX_DEPTH} levels, names over {@value #MAX_NAME}
 * characters and more than {@value #MAX_NODES} objects and list elements in all.
 */
final class TorchTree {
  static final int MAX_DEPTH = 64;
  static final int MAX_NODES = 1_000_000;
  static final int MAX_NAME = 4096;

  final Map<String, TensorView> tensors = new LinkedHashMap<>();
  final Map<String, Object> values = new LinkedHashMap<>();
  private final String source;
  private final Map<Object, String> walked = new IdentityHashMap<>();
  private int nodes;

  private TorchTree(String source) {
    this.source = source;
  }

  static TorchTree flatten(Object root, String source) throws TorchFileException {
    TorchTree t = new TorchTree(source);
    t.walk("", root, 0);
    return t;
  }

  private void walk(String path, Object v, int depth) throws TorchFileException {
    count();
    if (depth > MAX_DEPTH) {
      throw TorchFileException.fail(source, "nested more than " + MAX_DEPTH + " levels deep");
    }
    if (v instanceof Map<?, ?> m) {
      shared(v, path);
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object k = e.getKey();
        if (!(k instanceof String || k instanceof Long)) {
          throw TorchFileException.fail(source, "'" + path + "' has a key of type "
              + Pickled.typeName(k) + "; only str and int keys name tensors");
        }
        walk(name(path, k.toString()), e.getValue(), depth + 1);
      }
    } else if (v instanceof List<?> || v instanceof Tuple) {
      List<?> items = v instanceof Tuple t ? t.items() : (List<?>) v;
      if (items.stream().anyMatch(i -> i instanceof Map || i instanceof List
          || i instanceof Tuple || i instanceof TensorView)) {
        shared(v, path);
        for (int i = 0; i < items.size(); i++) {
          walk(name(path, Integer.toString(i)), items.get(i), depth + 1);
        }
      } else {
        List<Object> plain = new ArrayList<>();
        for (Object i : items) {
          count();
          plain.add(plain(path, i));
        }
        put(values, path, Collections.unmodifiableList(plain));
      }
    } else if (v instanceof TensorView view) {
      put(tensors, path, view);
    } else {
      put(values, path, plain(path, v));
    }
  }

  private void count() throws TorchFileException {
    if (++nodes > MAX_NODES) {
      throw TorchFileException.fail(source, "more than " + MAX_NODES + " objects");
    }
  }

  private String name(String path, String key) throws TorchFileException {
    if (path.length() + key.length() >= MAX_NAME) {
      throw TorchFileException.fail(source, "a name longer than " + MAX_NAME + " characters");
    }
    return path.isEmpty() ? key : path + "." + key;
  }

  private void shared(Object container, String path) throws TorchFileException {
    String first = walked.putIfAbsent(container, path);
    if (first != null) {
      throw TorchFileException.fail(source, "the " + Pickled.typeName(container) + " at '"
          + path + "' is also at '" + first + "' (a structure holding itself, or shared)");
    }
  }

  private Object plain(String path, Object v) throws TorchFileException {
    if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) {
      return v;
    }
    if (v instanceof byte[] b) {
      return java.nio.ByteBuffer.wrap(b).asReadOnlyBuffer();
    }
    if (v == Pickled.None.NONE) {
      return null;
    }
    throw TorchFileException.fail(source, "'" + path + "' holds a " + Pickled.typeName(v)
        + " outside a tensor");
  }

  private <T> void put(Map<String, T> map, String path, T v) throws TorchFileException {
    if (map.containsKey(path) || tensors.containsKey(path) || values.containsKey(path)) {
      throw TorchFileException.fail(source, "two entries flatten to the name '" + path + "'");
    }
    map.put(path, v);
  }
}
