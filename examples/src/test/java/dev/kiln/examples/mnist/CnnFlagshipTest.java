package dev.kiln.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.Mnist;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CNN flagship on the bundled sample of real Fashion-MNIST images: trains, saves, predicts. */
class CnnFlagshipTest {
  @TempDir Path out;

  @Test
  void bundledSampleTrainsSavesAndPredicts() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Path dir = DataSource.extractSample();
    DataSource data = new DataSource("sample", Mnist.load(dir, true), Mnist.load(dir, false));
    Options o = Options.parse(Recipe.CNN.defaults(), "--epochs", "2", "--out", out.toString());
    assertEquals(1e-3f, o.lr());
    MnistTraining.Result r = MnistTraining.run(Recipe.CNN, o, data, print);
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(r.accuracies().get(1) >= 0.78, "accuracy " + r.accuracies());
    assertTrue(r.losses().get(1) < r.losses().get(0), "losses " + r.losses());
    assertTrue(printed.contains("parameters: 421,706"), printed);
    assertTrue(printed.contains("(conv1): Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1),"
        + " padding=(1, 1))"), printed);
    assertTrue(printed.contains("(bn1): BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True,"
        + " track_running_stats=True)"), printed);
    assertTrue(Files.size(out.resolve(Recipe.CNN.plot())) > 1000);
    int right = Predict.run(Recipe.CNN, r.weights(), data.test(), print);
    assertTrue(right >= 7, "predict got " + right + " of 10");
  }
}
