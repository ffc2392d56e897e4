package dev.kiln.io;

import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, as PyTorch's {@code safetensors.torch.load_file} / {@code save_file}: an 8-byte
 * little-endian header length, a JSON header mapping each name to its {@code dtype}, {@code shape}
 * and {@code data_offsets} (plus an optional string-to-string {@code __metadata__}), padded to 8
 * bytes, then the row-major little-endian data. Every dtype the format defines is read and written
 * ({@link DType}); rank-0 and zero-size tensors are allowed.
 *
 * <p>Reading maps the file instead of copying it onto the heap and validates the whole header
 * first; a malformed file throws {@link SafeTensorsException} naming the problem and the tensor,
 * before any tensor is allocated. Saving is atomic ({@link AtomicFile}): a crash, kill or failed
 * write leaves either the old file or the new one.
 */
public final class SafeTensors {
  private SafeTensors() {}

  /**
   * Every tensor of the file as a float32 {@link Tensor}, in header order (without the metadata),
   * ready for {@code Module.loadStateDict}. Other dtypes convert where no value changes: always
   * for F16, BF16 and the narrow integer types; value by value for F64 and wide integers.
   *
   * @throws SafeTensorsException if the file is malformed or a value float32 cannot hold exactly
   */
  public static Map<String, Tensor> load(Path path) throws IOException {
    return toTensors(read(path), path.toString());
  }

  /** As {@link #load(Path)}, for a file's bytes held in memory. */
  public static Map<String, Tensor> load(ByteBuffer bytes) throws SafeTensorsException {
    return toTensors(read(bytes), "<bytes>");
  }

  /** The file's tensors, as stored (a mapped view, not copied), and its metadata. */
  public static SafeTensorsFile read(Path path) throws IOException {
    return SafeTensorsReader.read(path);
  }

  /** As {@link #read(Path)}, for a file's bytes held in memory (viewed, not copied). */
  public static SafeTensorsFile read(ByteBuffer bytes) throws SafeTensorsException {
    return SafeTensorsReader.read(bytes, "<bytes>");
  }

  /** Writes {@code tensors} as F32, in map order, replacing {@code path} atomically. */
  public static void save(Map<String, Tensor> tensors, Path path) throws IOException {
    save(tensors, Map.of(), path);
  }

  /** As {@link #save(Map, Path)}, with {@code metadata} as the header's {@code __metadata__}. */
  public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path path)
      throws IOException {
    AtomicFile.write(path, out -> SafeTensorsWriter.writeFloats(tensors, metadata, out));
  }

  /** Writes {@code file} with its dtypes as they are, replacing {@code path} atomically. */
  public static void write(SafeTensorsFile file, Path path) throws IOException {
    write(file, path, UnaryOperator.identity());
  }

  /** As {@link #write(SafeTensorsFile, Path)}, through {@code wrap} (a seam for tests). */
  static void write(SafeTensorsFile file, Path path, UnaryOperator<WritableByteChannel> wrap)
      throws IOException {
    AtomicFile.write(path, out -> SafeTensorsWriter.write(file, out), wrap);
  }

  /** Every tensor of {@code file} as float32; a value that does not convert names its tensor. */
  static Map<String, Tensor> toTensors(SafeTensorsFile file, String source)
      throws SafeTensorsException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, StoredTensor> e : file.tensors().entrySet()) {
      try {
        out.put(e.getKey(), e.getValue().toTensor());
      } catch (IllegalArgumentException ex) {
        throw Header.fail(source, "tensor '" + e.getKey() + "': cannot load as float32: "
            + ex.getMessage());
      }
    }
    return out;
  }
}
