package dev.kiln.io;

import dev.kiln.io.Pickled.Storage;
import dev.kiln.io.Pickled.TensorView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the zip format {@code torch.save} writes (PyTorch 1.6 and later): one folder holding
 * {@code data.pkl} (the pickled object), {@code data/<key>} (one entry per storage, raw
 * elements), {@code version} and, since 2.1, {@code byteorder}. Everything is checked before any
 * storage is read: the directory ({@link ZipDirectory}), the pickle ({@link Unpickler}), the
 * structure ({@link TorchTree}), every storage's entry size and every view's bounds.
 */
final class TorchArchive {
  static final int MAX_PICKLE = 64 << 20;
  private static final String LEGACY = "a file in the legacy torch.save format (PyTorch before"
      + " 1.6, or _use_new_zipfile_serialization=False), which Kiln does not read; convert it"
      + " with PyTorch: torch.save(torch.load(path), path)";
  private static final String SCRIPT = "a TorchScript archive (torch.jit.save), which holds code"
      + " that Kiln does not run; save its weights with PyTorch:"
      + " torch.save(torch.jit.load(path).state_dict(), path)";

  private TorchArchive() {}

  static TorchFile read(ByteBuffer file, String source) throws TorchFileException {
    if (file.remaining() >= 2 && (file.get(0) & 0xff) == 0x80) {
      throw TorchFileException.fail(source, LEGACY);
    }
    if (file.remaining() < 4 || file.getInt(0) != 0x504b0304) {
      throw TorchFileException.fail(source, "not a PyTorch file (not a zip archive or a pickle)");
    }
    Map<String, ZipEntry> entries = ZipDirectory.read(file, source);
    if (entries.isEmpty()) {
      throw TorchFileException.fail(source, "an empty zip archive");
    }
    String folder = entries.keySet().iterator().next().split("/")[0];
    for (String name : entries.keySet()) {
      if (!name.startsWith(folder + "/")) {
        throw TorchFileException.fail(source, "entry '" + name + "' is outside the archive's"
            + " folder '" + folder + "'");
      }
      if (name.equals(folder + "/constants.pkl") || name.startsWith(folder + "/code/")) {
        throw TorchFileException.fail(source, SCRIPT);
      }
    }
    boolean bigEndian = "big".equals(small(file, entries, folder + "/byteorder", "little|big",
        source));
    small(file, entries, folder + "/version", "[0-9]{1,3}\n?", source);
    ZipEntry pkl = entry(entries, folder + "/data.pkl", source);
    if (pkl.size() > MAX_PICKLE) {
      throw TorchFileException.fail(source, pkl.name() + " is " + pkl.size()
          + " bytes, over the limit of " + MAX_PICKLE);
    }
    Unpickler unpickler = new Unpickler(ZipData.read(file, pkl, source), source + ": "
        + pkl.name());
    TorchTree tree = TorchTree.flatten(unpickler.load(), source);
    Map<String, ZipEntry> storageEntries = new HashMap<>();
    for (Storage s : unpickler.storages().values()) {
      ZipEntry e = entry(entries, folder + "/data/" + s.key(), source);
      long need = s.numel() > Long.MAX_VALUE / 8 ? -1 : s.numel() * s.dtype().size();
      if (e.size() != need) {
        throw TorchFileException.fail(source, "storage '" + s.key() + "' (" + s.type() + " of "
            + s.numel() + " elements) needs " + Long.toUnsignedString(need) + " bytes but entry '"
            + e.name() + "' holds " + e.size());
      }
      storageEntries.put(s.key(), e);
    }
    for (Map.Entry<String, TensorView> t : tree.tensors.entrySet()) {
      String problem = StridedView.problem(t.getValue());
      if (problem != null) {
        throw TorchFileException.fail(source, "tensor '" + t.getKey() + "' has " + problem);
      }
    }
    Map<String, ByteBuffer> storages = new HashMap<>();
    Map<String, StoredTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, TensorView> t : tree.tensors.entrySet()) {
      TensorView v = t.getValue();
      ByteBuffer data = storages.get(v.storage().key());
      if (data == null) {
        data = ZipData.read(file, storageEntries.get(v.storage().key()), source);
        storages.put(v.storage().key(), data);
      }
      int[] shape = new int[v.size().length];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = (int) v.size()[d];
      }
      tensors.put(t.getKey(), new StoredTensor(v.storage().dtype(), shape,
          StridedView.copy(v, data, bigEndian)));
    }
    return new TorchFile(tensors, tree.values);
  }

  private static ZipEntry entry(Map<String, ZipEntry> entries, String name, String source)
      throws TorchFileException {
    ZipEntry e = entries.get(name);
    if (e == null) {
      throw TorchFileException.fail(source, "no entry '" + name + "'");
    }
    return e;
  }

  /** The text of a small optional entry, which must match {@code pattern}; null if absent. */
  private static String small(ByteBuffer file, Map<String, ZipEntry> entries, String name,
      String pattern, String source) throws TorchFileException {
    ZipEntry e = entries.get(name);
    if (e == null) {
      return null;
    }
    String text = e.size() > 16 ? "more than 16 bytes" : StandardCharsets.UTF_8.decode(
        ZipData.read(file, e, source)).toString();
    if (!text.matches(pattern)) {
      throw TorchFileException.fail(source, "entry '" + name + "' holds '" + text.strip()
          + "', not " + pattern);
    }
    return text;
  }
}
