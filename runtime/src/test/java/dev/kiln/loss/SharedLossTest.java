package dev.kiln.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One loss object used by two threads at once: each thread's result and input gradient are its
 * own (a loss reuses its last result only for the thread that made it).
 */
class SharedLossTest {

  @Test
  void twoThreadsSharingALossGetTheirOwnResults() throws Exception {
    MseLoss loss = new MseLoss();
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        float v = t + 1;
        wrong.add(pool.submit(() -> {
          Tensor x = Tensor.of(new float[] {v, v, v, v}, 4).requiresGrad(true);
          Tensor target = Tensor.zeros(4);
          start.await();
          int bad = 0;
          for (int i = 0; i < 20_000; i++) {
            Tensor l = loss.apply(x, target);
            float value = l.item();
            l.backward();
            Tensor g = x.grad();
            boolean right = value == v * v && g != null && g.toFloatArray()[0] == v / 2;
            bad += right ? 0 : 1;
            x.setGrad(null);
          }
          return bad;
        }));
      }
      for (Future<Integer> f : wrong) {
        assertEquals(0, f.get(2, TimeUnit.MINUTES), "losses that were another thread's");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
