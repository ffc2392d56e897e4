package dev.kiln.data;

import dev.kiln.backend.cpu.CpuBuffer;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST-format datasets (MNIST, Fashion-MNIST) from a directory of IDX files: images as
 * {@code (N, 1, 28, 28)} floats in {@code [0, 1]} (pixel / 255, as torchvision's ToTensor) and
 * labels {@code (N)} as float class indices.
 */
public final class Mnist {
  /** Where Debian's {@code dataset-fashion-mnist} installs Fashion-MNIST. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** Fashion-MNIST's class names, by label. */
  public static final String[] FASHION_CLASSES = {"T-shirt/top", "Trouser", "Pullover",
      "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

  private Mnist() {}

  /** True when {@code dir} holds all four files ({@code .gz} or not). */
  public static boolean present(Path dir) {
    for (String prefix : new String[] {"train", "t10k"}) {
      for (String kind : new String[] {"images-idx3", "labels-idx1"}) {
        if (find(dir, prefix + "-" + kind + "-ubyte") == null) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The training ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}) or test
   * ({@code t10k-*}) split in {@code dir}, each file with or without {@code .gz}: images
   * {@code (N, 1, rows, cols)} in {@code [0, 1]}, labels {@code (N)}.
   *
   * @throws IOException naming the file for a missing or malformed file or mismatched counts
   */
  public static TensorDataset load(Path dir, boolean train) throws IOException {
    String prefix = train ? "train" : "t10k";
    Path imageFile = require(dir, prefix + "-images-idx3-ubyte");
    Path labelFile = require(dir, prefix + "-labels-idx1-ubyte");
    Idx.IdxData images = Idx.read(imageFile);
    Idx.IdxData labels = Idx.read(labelFile);
    if (images.dims().length != 3) {
      throw new IOException(imageFile + ": images need 3 dimensions (N, rows, cols), found "
          + images.dims().length);
    }
    if (labels.dims().length != 1) {
      throw new IOException(labelFile + ": labels need 1 dimension (N), found "
          + labels.dims().length);
    }
    int n = images.dims()[0];
    if (labels.dims()[0] != n) {
      throw new IOException(dir + ": " + n + " " + prefix + " images but " + labels.dims()[0]
          + " labels");
    }
    float[] scale = new float[256];
    for (int v = 0; v < 256; v++) {
      scale[v] = v / 255f;
    }
    byte[] px = images.data();
    float[] pixels = new float[px.length];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = scale[px[i] & 0xFF];
    }
    float[] classes = new float[n];
    for (int i = 0; i < n; i++) {
      classes[i] = labels.data()[i] & 0xFF;
    }
    return new TensorDataset(
        new Tensor(Device.cpu(), new CpuBuffer(pixels), n, 1, images.dims()[1], images.dims()[2]),
        new Tensor(Device.cpu(), new CpuBuffer(classes), n));
  }

  private static Path require(Path dir, String name) throws IOException {
    Path p = find(dir, name);
    if (p == null) {
      throw new IOException(dir + ": missing " + name + " (or " + name + ".gz)");
    }
    return p;
  }

  private static Path find(Path dir, String name) {
    for (Path p : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }
}
