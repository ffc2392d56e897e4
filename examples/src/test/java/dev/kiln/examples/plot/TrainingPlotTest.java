package dev.kiln.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flagships' curve image: an 800 x 360 PNG, each panel drawn (not blank) in its colour. */
class TrainingPlotTest {
  @Test
  void writesBothCurvesSideBySide(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("curves.png");
    TrainingPlot.lossAndAccuracy(png, List.of(0.61, 0.42, 0.37, 0.33, 0.31),
        List.of(0.82, 0.85, 0.86, 0.875, 0.88));
    assertTrue(Files.size(png) > 1000, Files.size(png) + " bytes");
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(TrainingPlot.WIDTH, img.getWidth());
    assertEquals(TrainingPlot.HEIGHT, img.getHeight());
    int half = TrainingPlot.WIDTH / 2;
    for (int x0 : new int[] {0, half}) {
      double variance = lumaVariance(img, x0, half);
      assertTrue(variance > 100, "panel at x=" + x0 + " looks blank: luma variance " + variance);
    }
    // The loss curve is drawn in its colour on the left only, the accuracy curve on the right.
    assertTrue(count(img, 0, half, TrainingPlot.LOSS) > 200);
    assertEquals(0, count(img, half, half, TrainingPlot.LOSS));
    assertTrue(count(img, half, half, TrainingPlot.ACCURACY) > 200);
    assertEquals(0, count(img, 0, half, TrainingPlot.ACCURACY));
  }

  @Test
  void oneEpochAndGeneralPanelsPlot(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("one.png");
    TrainingPlot.write(png, List.of(new TrainingPlot.Panel("loss", "loss", List.of(0.5),
        Color.BLACK), new TrainingPlot.Panel("lr", "lr", List.of(0.1, 0.05, 0.01), Color.GREEN),
        new TrainingPlot.Panel("acc", "acc", List.of(0.9, 0.91), Color.BLUE)));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(TrainingPlot.WIDTH, img.getWidth());
    assertTrue(lumaVariance(img, 0, TrainingPlot.WIDTH) > 100);
    assertThrows(IllegalArgumentException.class,
        () -> new TrainingPlot.Panel("empty", "y", List.of(), Color.RED));
  }

  private static double lumaVariance(BufferedImage img, int x0, int w) {
    double sum = 0;
    double sq = 0;
    long n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = x0; x < x0 + w; x++) {
        int rgb = img.getRGB(x, y);
        double l = 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
        sum += l;
        sq += l * l;
        n++;
      }
    }
    double mean = sum / n;
    return sq / n - mean * mean;
  }

  private static int count(BufferedImage img, int x0, int w, Color c) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = x0; x < x0 + w; x++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
          n++;
        }
      }
    }
    return n;
  }
}
