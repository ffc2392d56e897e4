package dev.kiln.examples.mnist;

import dev.kiln.examples.MnistClassifier;
import dev.kiln.io.Onnx;
import dev.kiln.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Exports the flagship's saved weights as an ONNX model, {@code kiln-output/mnist-classifier.onnx}
 * (input {@code x (N, 1, 28, 28)}, output {@code output (N, 10)} logits). Takes {@code --out}.
 */
public final class ExportOnnx {
  private ExportOnnx() {}

  public static void main(String[] args) throws Exception {
    Path out = Options.parse(args).out();
    Path weights = out.resolve(MnistTraining.WEIGHTS);
    if (!Files.exists(weights)) {
      throw new NoSuchFileException(weights.toString(), null,
          "no saved weights; train first with the README's first command");
    }
    MnistClassifier model = MnistClassifier.create();
    model.loadStateDict(SafeTensors.load(weights));
    Path onnx = out.resolve("mnist-classifier.onnx");
    Onnx.export(model, onnx);
    System.out.println("wrote " + onnx.toAbsolutePath() + " (" + Files.size(onnx) + " bytes, opset "
        + Onnx.OPSET + ")");
  }
}
