package dev.kiln.examples.mnist;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws per-epoch training loss and test accuracy as a PNG with plain Java2D. */
final class CurvePlot {
  private static final int W = 800;
  private static final int H = 360;
  private static final int PAD = 50;

  private CurvePlot() {}

  static void write(Path png, List<Double> loss, List<Double> accuracy) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    panel(g, 0, "training loss (mean per epoch)", loss, "%.4f", new Color(0xC0392B));
    panel(g, W / 2, "test accuracy (%)", accuracy.stream().map(a -> 100 * a).toList(), "%.2f",
        new Color(0x2471A3));
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }

  private static void panel(Graphics2D g, int x0, String title, List<Double> v, String format,
      Color c) {
    int left = x0 + PAD + 10;
    int right = x0 + W / 2 - 20;
    int top = PAD;
    int bottom = H - PAD;
    double lo = v.stream().mapToDouble(d -> d).min().orElse(0);
    double hi = v.stream().mapToDouble(d -> d).max().orElse(1);
    if (hi - lo < 1e-9) {
      hi = lo + 1;
    }
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawLine(left, bottom, right, bottom);
    g.drawLine(left, top, left, bottom);
    g.drawString(title, left, top - 15);
    g.drawString(String.format(Locale.ROOT, format, hi), x0 + 4, top + 4);
    g.drawString(String.format(Locale.ROOT, format, lo), x0 + 4, bottom);
    g.drawString("epoch 1", left, bottom + 18);
    g.drawString("epoch " + v.size(), right - 50, bottom + 18);
    g.setColor(c);
    g.setStroke(new BasicStroke(2.5f));
    int px = -1;
    int py = -1;
    for (int i = 0; i < v.size(); i++) {
      int x = v.size() == 1 ? left : left + (right - left) * i / (v.size() - 1);
      int y = bottom - (int) ((v.get(i) - lo) / (hi - lo) * (bottom - top));
      g.fillOval(x - 4, y - 4, 8, 8);
      if (px >= 0) {
        g.drawLine(px, py, x, y);
      }
      px = x;
      py = y;
    }
  }
}
