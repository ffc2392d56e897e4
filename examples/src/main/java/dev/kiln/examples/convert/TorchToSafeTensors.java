package dev.kiln.examples.convert;

import dev.kiln.io.SafeTensors;
import dev.kiln.io.SafeTensorsFile;
import dev.kiln.io.TorchFile;
import dev.kiln.io.TorchFileException;
import dev.kiln.io.TorchFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts a PyTorch {@code .pt} / {@code .pth} file to safetensors without Python: every tensor
 * keeps its dtype and shape under its dotted name ({@code model.fc1.weight}), and the plain values
 * ({@code epoch}, {@code optimizer.param_groups.0.lr}, ...) go to the header's
 * {@code __metadata__} as text. Nothing in the input is executed ({@link TorchFiles}).
 *
 * <pre>
 * mvn -q -pl examples exec:java -Dexec.mainClass=dev.kiln.examples.convert.TorchToSafeTensors \
 *     -Dexec.args="model.pt model.safetensors"
 * </pre>
 */
public final class TorchToSafeTensors {
  private TorchToSafeTensors() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: TorchToSafeTensors <in.pt> <out.safetensors>");
      System.exit(2);
    }
    try {
      SafeTensorsFile out = convert(Path.of(args[0]), Path.of(args[1]));
      System.out.println("wrote " + args[1] + ": " + out.tensors().size() + " tensors, "
          + out.metadata().size() + " values");
    } catch (TorchFileException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }

  /** Converts {@code in} to {@code out} (written atomically); returns what was written. */
  public static SafeTensorsFile convert(Path in, Path out) throws IOException {
    TorchFile file = TorchFiles.read(in);
    Map<String, String> metadata = new LinkedHashMap<>();
    file.values().forEach((k, v) -> metadata.put(k, text(v)));
    SafeTensorsFile converted = new SafeTensorsFile(file.tensors(), metadata);
    SafeTensors.write(converted, out);
    return converted;
  }

  /** A value as Python prints it, near enough: None, True, 0.5, 'text' in lists, bytes in hex. */
  public static String text(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof ByteBuffer b) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      return HexFormat.of().formatHex(bytes);
    }
    if (v instanceof java.util.List<?> list) {
      StringBuilder s = new StringBuilder("[");
      for (Object o : list) {
        s.append(s.length() > 1 ? ", " : "").append(o instanceof String str ? "'" + str + "'"
            : text(o));
      }
      return s.append(']').toString();
    }
    return v.toString();
  }
}
