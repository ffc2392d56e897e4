package dev.kiln.io;

import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code .pt} / {@code .pth} files PyTorch's {@code torch.save} writes (the zip format,
 * PyTorch 1.6 and later), without executing anything: the pickle inside is read by a restricted
 * unpickler that knows only the opcodes and globals {@code torch.save} writes for tensors,
 * (ordered) dicts, lists, tuples and plain values, and refuses everything else
 * ({@code os.system}, {@code builtins.eval}, ...) with a {@link TorchFileException} naming the
 * global and the file. Sizes are checked before anything is allocated. Storages saved on a GPU
 * load on the CPU.
 *
 * <pre>{@code
 * model.loadStateDict(TorchFiles.load(Path.of("model.pt")));       // strict, all or nothing
 * TorchFile ckpt = TorchFiles.read(Path.of("checkpoint.pt"));      // dtypes, plain values
 * long epoch = (Long) ckpt.values().get("epoch");
 * }</pre>
 */
public final class TorchFiles {
  private TorchFiles() {}

  /**
   * The file's tensors as float32, by dotted path ({@code model.fc1.weight} for
   * {@code {"model": state_dict}}), in the file's order; plain values are left out. Other dtypes
   * convert as {@link SafeTensors#load(Path)} does: exactly, or not at all.
   *
   * @throws TorchFileException if the file is malformed, refused, or holds a value float32 cannot
   *     hold exactly
   */
  public static Map<String, Tensor> load(Path path) throws IOException {
    return toTensors(read(path), path.toString());
  }

  /** As {@link #load(Path)}, for a file's bytes held in memory. */
  public static Map<String, Tensor> load(ByteBuffer bytes) throws TorchFileException {
    return toTensors(read(bytes), "<bytes>");
  }

  /** The file as stored: tensors with their dtypes (views of the file where possible), values. */
  public static TorchFile read(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      if (ch.size() > Integer.MAX_VALUE) {
        throw TorchFileException.fail(path.toString(), ch.size() + " bytes: files over 2 GB are"
            + " not supported");
      }
      return TorchArchive.read(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()),
          path.toString());
    }
  }

  /** As {@link #read(Path)}, for a file's bytes held in memory (viewed, not copied). */
  public static TorchFile read(ByteBuffer bytes) throws TorchFileException {
    return TorchArchive.read(bytes.slice().order(ByteOrder.BIG_ENDIAN), "<bytes>");
  }

  private static Map<String, Tensor> toTensors(TorchFile file, String source)
      throws TorchFileException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, StoredTensor> e : file.tensors().entrySet()) {
      try {
        out.put(e.getKey(), e.getValue().toTensor());
      } catch (IllegalArgumentException ex) {
        throw TorchFileException.fail(source, "tensor '" + e.getKey()
            + "': cannot load as float32: " + ex.getMessage());
      }
    }
    return out;
  }
}
