package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.backend.cpu.CpuThreads;
import dev.kiln.loss.CrossEntropyLoss;
import dev.kiln.nn.Parameter;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Sgd;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One and two CPU threads give bit-identical outputs, gradients and updated weights: at batch
 * 512 the first layer's products are large enough to be split across the threads.
 */
class ThreadCountTest {
  /** Output, input gradient, every parameter gradient, then every weight after one SGD step. */
  private static List<float[]> trainStep(int threads) {
    CpuThreads.set(threads);
    Rng.manualSeed(11);
    MnistClassifier model = MnistClassifier.create();
    Tensor x = Rng.rand(512, 1, 28, 28).requiresGrad(true);
    float[] labels = new float[512];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (i * 7) % 10;
    }
    Tensor logits = model.forward(x);
    List<float[]> out = new ArrayList<>(List.of(logits.toFloatArray()));
    new CrossEntropyLoss().apply(logits, Tensor.of(labels, 512)).backward();
    out.add(x.grad().toFloatArray());
    for (Parameter p : model.parameters()) {
      out.add(p.grad().toFloatArray());
    }
    new Sgd(model.parameters(), 0.1f).step();
    for (Parameter p : model.parameters()) {
      out.add(p.toFloatArray());
    }
    return out;
  }

  @Test
  void oneAndTwoThreadsAgreeBitForBit() {
    int before = CpuThreads.get();
    try {
      List<float[]> one = trainStep(1);
      List<float[]> two = trainStep(2);
      List<float[]> three = trainStep(3);
      assertEquals(one.size(), two.size());
      for (int i = 0; i < one.size(); i++) {
        assertArrayEquals(one.get(i), two.get(i), "tensor " + i + ", 1 vs 2 threads");
        assertArrayEquals(one.get(i), three.get(i), "tensor " + i + ", 1 vs 3 threads");
      }
    } finally {
      CpuThreads.set(before);
    }
  }
}
