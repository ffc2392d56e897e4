package dev.kiln.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.data.Mnist;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flagship on real images: the bundled sample always, full Fashion-MNIST when installed. */
class MnistFlagshipTest {
  @TempDir Path out;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void bundledSampleTrainsSavesAndPredicts() throws Exception {
    Path dir = DataSource.extractSample();
    DataSource data = new DataSource("sample", Mnist.load(dir, true), Mnist.load(dir, false));
    assertEquals(6000, data.train().size());
    assertEquals(1000, data.test().size());
    Options o = new Options(null, 2, 64, 0.1f, out, 0);
    MnistTraining.Result r = MnistTraining.run(o, data, print);
    assertTrue(r.accuracies().get(1) >= 0.70, "accuracy " + r.accuracies());
    assertTrue(r.losses().get(1) < r.losses().get(0), "losses " + r.losses());
    assertTrue(printed().contains("parameters: 109,386"), printed());
    assertTrue(printed().contains("epoch 2/2 [##############################] 94/94 loss "),
        printed());
    assertTrue(Files.size(out.resolve(MnistTraining.PLOT)) > 1000);
    int right = Predict.run(r.weights(), data.test(), print);
    assertTrue(right >= 6, "predict got " + right + " of 10");
    assertTrue(printed().matches("(?s).*image 0: predicted \\S.* true Ankle boot .*"), printed());
  }

  @Test
  void oneEpochOnFullFashionMnistReaches80Percent() throws Exception {
    assumeTrue(Mnist.present(Mnist.DEBIAN_DIR), "dataset-fashion-mnist is not installed");
    DataSource data = DataSource.choose(null);
    assertEquals(60000, data.train().size());
    MnistTraining.Result r = MnistTraining.run(new Options(null, 1, 64, 0.1f, out, 0), data, print);
    assertTrue(r.accuracies().get(0) >= 0.80, "accuracy " + r.accuracies());
  }

  @Test
  void predictWithoutWeightsSaysToTrainFirst() {
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.NoSuchFileException.class,
        () -> Predict.run(out.resolve("missing.safetensors"), null, print));
    assertTrue(e.getMessage().contains("train first"), e.getMessage());
  }

  @Test
  void dataDirectoryWithoutMnistFilesNamesWhatIsExpected() {
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(
        java.io.IOException.class, () -> DataSource.choose(out));
    assertTrue(e.getMessage().startsWith("--data " + out + ": expected train-images-idx3-ubyte,"),
        e.getMessage());
  }

  @Test
  void optionsParseAndRejectBadValues() {
    Options o = Options.parse("--epochs", "3", "--data", "/tmp/x", "--lr", "0.05");
    assertEquals(3, o.epochs());
    assertEquals(Path.of("/tmp/x"), o.data());
    assertEquals(0.05f, o.lr());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Options.parse("--epochs", "zero"));
    assertTrue(e.getMessage().startsWith("--epochs needs a number, got 'zero'"), e.getMessage());
  }
}
