package dev.kiln.examples.mnist;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A text progress bar for an epoch: {@code epoch 1/5 [#####-----] 469/938 loss 0.6123 9,870
 * samples/s}. On a terminal it is redrawn in place every 2%; otherwise (a log, CI) it prints a
 * line at every quarter so that logs stay short.
 */
public final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final String label;
  private final int total;
  private final long start = System.nanoTime();
  private final boolean terminal;
  private int lastDrawn = -1;

  public ProgressBar(PrintStream out, String label, int total) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.terminal = out == System.out && System.console() != null;
  }

  /** Shows {@code done} of {@code total} steps with the running loss and throughput. */
  public void update(int done, double runningLoss, long samples) {
    int percent = (int) (100L * done / total);
    int every = terminal ? 2 : 25;
    if (percent / every == lastDrawn / every && done != total) {
      return;
    }
    lastDrawn = percent;
    int filled = WIDTH * done / total;
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "%s%s [%s%s] %d/%d loss %.4f %,.0f samples/s", terminal ? "\r" : "",
        label, "#".repeat(filled), "-".repeat(WIDTH - filled), done, total, runningLoss,
        samples / Math.max(seconds, 1e-9));
    if (done == total || !terminal) {
      out.println();
    }
    out.flush();
  }
}
