package dev.kiln.examples.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Per-epoch training curves as one PNG, drawn with XChart: one line chart per {@link Panel},
 * side by side, x axis the epoch (1, 2, ...). The flagships call {@link #lossAndAccuracy}:
 *
 * <pre>{@code
 * TrainingPlot.lossAndAccuracy(out.resolve("mnist-curves.png"), losses, accuracies);
 * }</pre>
 */
public final class TrainingPlot {
  /** The image size. */
  public static final int WIDTH = 800;
  public static final int HEIGHT = 360;
  /** The loss curve's colour and the accuracy curve's. */
  public static final Color LOSS = new Color(0xC0392B);
  public static final Color ACCURACY = new Color(0x2471A3);

  /** One chart: its title, y-axis label, one value per epoch, and the curve's colour. */
  public record Panel(String title, String yAxis, List<Double> values, Color color) {
    public Panel {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(yAxis, "yAxis");
      values = List.copyOf(values);
      Objects.requireNonNull(color, "color");
      if (values.isEmpty()) {
        throw new IllegalArgumentException("panel '" + title + "' has no values to plot");
      }
    }
  }

  private TrainingPlot() {}

  /**
   * Writes the flagships' image: the mean training loss per epoch (left) and the test accuracy
   * in percent (right; {@code accuracy} as fractions in [0, 1]).
   */
  public static void lossAndAccuracy(Path png, List<Double> loss, List<Double> accuracy)
      throws IOException {
    write(png, List.of(
        new Panel("training loss (mean per epoch)", "loss", loss, LOSS),
        new Panel("test accuracy (%)", "accuracy (%)",
            accuracy.stream().map(a -> 100 * a).toList(), ACCURACY)));
  }

  /** Writes {@code panels} side by side into a {@link #WIDTH} x {@link #HEIGHT} PNG. */
  public static void write(Path png, List<Panel> panels) throws IOException {
    ImageIO.write(render(panels), "png", png.toFile());
  }

  /** The image {@link #write} saves. */
  public static BufferedImage render(List<Panel> panels) {
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("nothing to plot");
    }
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      int w = WIDTH / panels.size();
      for (int i = 0; i < panels.size(); i++) {
        g.drawImage(BitmapEncoder.getBufferedImage(chart(panels.get(i), w, HEIGHT)), i * w, 0,
            null);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  private static XYChart chart(Panel p, int width, int height) {
    XYChart chart = new XYChartBuilder().width(width).height(height).title(p.title())
        .xAxisTitle("epoch").yAxisTitle(p.yAxis()).build();
    XYStyler st = chart.getStyler();
    st.setLegendVisible(false);
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setXAxisDecimalPattern("0");
    st.setYAxisDecimalPattern("0.####"); // a one-epoch run would print all 17 digits
    st.setXAxisMin(1.0);
    st.setXAxisMax((double) Math.max(2, p.values().size()));
    st.setXAxisMaxLabelCount(Math.min(Math.max(2, p.values().size()), 10));
    double[] x = IntStream.rangeClosed(1, p.values().size()).asDoubleStream().toArray();
    double[] y = p.values().stream().mapToDouble(Double::doubleValue).toArray();
    XYSeries s = chart.addSeries(p.yAxis(), x, y);
    s.setLineColor(p.color());
    s.setMarkerColor(p.color());
    s.setMarker(SeriesMarkers.CIRCLE);
    return chart;
  }
}
