package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SocketExchangeTest {
  /**
   * Two workers over loopback get back the same bits: the row-weighted average in rank order
   * and the global loss; then the time of one exchange by gradient size (printed, the
   * communication side of docs/spark.md's table).
   */
  @Test
  void workersGetTheRowWeightedAverageAndItsTimeIsPrinted() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int length : new int[] {109_386, 1_000_000, 4_000_000}) {
        SocketExchange[] ex = SocketExchange.loopback(2, length);
        GradientMessage[] msg = new GradientMessage[2];
        for (int k = 0; k < 2; k++) {
          float[] g = new float[length];
          for (int j = 0; j < length; j++) {
            g[j] = (float) Math.sin(j * (k + 1) * 0.001);
          }
          msg[k] = new GradientMessage(k == 0 ? 32 : 31, 1.5f + k, g);
        }
        float[] expected = GradientMessage.average(msg, length);
        int steps = length > 1_000_000 ? 5 : 20;
        long best = Long.MAX_VALUE;
        for (int s = 0; s < steps; s++) {
          long t0 = System.nanoTime();
          List<Future<float[]>> out = new ArrayList<>();
          double[][] loss = new double[2][1];
          for (int k = 0; k < 2; k++) {
            int rank = k;
            out.add(pool.submit(() -> ex[rank].average(msg[rank], loss[rank])));
          }
          float[] a = out.get(0).get();
          float[] b = out.get(1).get();
          best = Math.min(best, System.nanoTime() - t0);
          assertArrayEquals(expected, a);
          assertArrayEquals(expected, b);
          assertEquals((1.5 * 32 + 2.5 * 31) / 63, loss[0][0], 1e-12);
          assertEquals(loss[0][0], loss[1][0]);
        }
        for (SocketExchange e : ex) {
          e.close();
        }
        System.out.printf(Locale.ROOT, "exchange of %,d floats between 2 workers over loopback:"
            + " %.2f ms (best of %d)%n", length, best / 1e6, steps);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
