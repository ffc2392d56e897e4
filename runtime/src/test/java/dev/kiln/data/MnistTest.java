package dev.kiln.data;

import static dev.kiln.data.IdxTest.gzip;
import static dev.kiln.data.IdxTest.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST-format directories: tiny hand-built ones, Debian's Fashion-MNIST, the bundled sample. */
class MnistTest {
  /** Where surefire (running in runtime/) finds the sample bundled with the examples. */
  static final Path SAMPLE = Path.of("../examples/src/main/resources/fashion-mnist-sample");

  @TempDir Path dir;

  private void write(String name, byte[] bytes) throws IOException {
    Files.write(dir.resolve(name), bytes);
  }

  /** 3 images of 28x28 (pixel 0 of image 0 = 255, of image 1 = 51), labels 7, 0, 9. */
  private void writeTiny() throws IOException {
    byte[] px = new byte[3 * 28 * 28];
    px[0] = (byte) 255;
    px[784] = (byte) 51;
    px[784 + 29] = (byte) 128;
    for (String split : new String[] {"train", "t10k"}) {
      write(split + "-images-idx3-ubyte.gz", gzip(idx(0x803, new int[] {3, 28, 28}, px)));
      write(split + "-labels-idx1-ubyte", idx(0x801, new int[] {3}, new byte[] {7, 0, 9}));
    }
  }

  @Test
  void loadsATinyDirectoryScaledToUnitRange() throws IOException {
    assertFalse(Mnist.present(dir));
    writeTiny();
    assertTrue(Mnist.present(dir));
    for (boolean train : new boolean[] {true, false}) {
      TensorDataset d = Mnist.load(dir, train);
      assertEquals(3, d.size());
      Tensor[] t = d.tensors();
      assertArrayEquals(new int[] {3, 1, 28, 28}, t[0].shape());
      assertArrayEquals(new int[] {3}, t[1].shape());
      float[] x = t[0].toFloatArray();
      assertEquals(1f, x[0]);
      assertEquals(0.2f, x[784], 1e-7f);
      assertEquals(128 / 255f, x[784 + 29]);
      assertEquals(0f, x[1]);
      assertArrayEquals(new float[] {7, 0, 9}, t[1].toFloatArray());
      Tensor[] batch = new DataLoader(d, 2).iterator().next();
      assertArrayEquals(new int[] {2, 1, 28, 28}, batch[0].shape());
      assertArrayEquals(new int[] {2}, batch[1].shape());
    }
  }

  @Test
  void mismatchedCountsMissingFilesAndWrongRanksAreNamed() throws IOException {
    write("train-images-idx3-ubyte", idx(0x803, new int[] {2, 28, 28}, new byte[2 * 784]));
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir, true));
    assertTrue(e.getMessage().contains("missing train-labels-idx1-ubyte (or"
        + " train-labels-idx1-ubyte.gz)"), e.getMessage());
    write("train-labels-idx1-ubyte", idx(0x801, new int[] {3}, new byte[3]));
    e = assertThrows(IOException.class, () -> Mnist.load(dir, true));
    assertTrue(e.getMessage().contains("2 train images but 3 labels"), e.getMessage());
    write("t10k-images-idx3-ubyte", idx(0x801, new int[] {3}, new byte[3]));
    write("t10k-labels-idx1-ubyte", idx(0x801, new int[] {3}, new byte[3]));
    e = assertThrows(IOException.class, () -> Mnist.load(dir, false));
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte: images need 3 dimensions"
        + " (N, rows, cols), found 1"), e.getMessage());
    assertTrue(Mnist.present(dir));
  }

  @Test
  void fashionClassNames() {
    assertEquals(10, Mnist.FASHION_CLASSES.length);
    assertEquals("T-shirt/top", Mnist.FASHION_CLASSES[0]);
    assertEquals("Ankle boot", Mnist.FASHION_CLASSES[9]);
  }

  /** Sizes, shapes, pixel range [0, 1] and labels 0..9, each class present. */
  private static void check(TensorDataset d, int n) {
    assertEquals(n, d.size());
    Tensor[] t = d.tensors();
    assertArrayEquals(new int[] {n, 1, 28, 28}, t[0].shape());
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : t[0].toFloatArray()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    int[] counts = new int[10];
    for (float y : t[1].toFloatArray()) {
      assertTrue(y >= 0 && y <= 9 && y == Math.rint(y), "label " + y);
      counts[(int) y]++;
    }
    for (int c = 0; c < 10; c++) {
      assertTrue(counts[c] > 0, "class " + c + " missing");
    }
  }

  @Test
  void loadsDebiansFashionMnist() throws IOException {
    assumeTrue(Mnist.present(Mnist.DEBIAN_DIR), "dataset-fashion-mnist is not installed");
    check(Mnist.load(Mnist.DEBIAN_DIR, true), 60000);
    check(Mnist.load(Mnist.DEBIAN_DIR, false), 10000);
  }

  @Test
  void loadsTheBundledSample() throws IOException {
    assertTrue(Mnist.present(SAMPLE), SAMPLE.toAbsolutePath() + " is missing the sample");
    TensorDataset train = Mnist.load(SAMPLE, true);
    TensorDataset test = Mnist.load(SAMPLE, false);
    check(train, 6000);
    check(test, 1000);
    assumeTrue(Mnist.present(Mnist.DEBIAN_DIR), "dataset-fashion-mnist is not installed");
    // the sample is the first images of the full set
    TensorDataset full = Mnist.load(Mnist.DEBIAN_DIR, false);
    for (int i : new int[] {0, 1, 999}) {
      assertArrayEquals(full.get(i)[0].toFloatArray(), test.get(i)[0].toFloatArray());
      assertEquals(full.get(i)[1].item(), test.get(i)[1].item());
    }
  }
}
