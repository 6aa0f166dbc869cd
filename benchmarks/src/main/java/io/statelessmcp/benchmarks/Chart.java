package io.statelessmcp.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG of one run, drawn with java.awt (headless): saturation throughput per mode, and p50/p99
 * latency per mode at saturation and at half saturation (log scale).
 */
final class Chart {

  private static final int WIDTH = 1200;
  private static final int HEIGHT = 520;
  private static final Color MEMORY = new Color(0x4C, 0x72, 0xB0);
  private static final Color POSTGRES = new Color(0xDD, 0x84, 0x52);
  private static final Color P50 = new Color(0x55, 0xA8, 0x68);
  private static final Color P99 = new Color(0xC4, 0x4E, 0x52);

  private Chart() {}

  static void draw(List<LoadBenchmark.ModeResult> results, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(
        "MCP tools/call whoami over Streamable HTTP: memory vs Postgres mode (one run, "
            + Runtime.getRuntime().availableProcessors()
            + " cores)",
        20,
        28);
    throughput(g, results, 20, 50, 380, 440);
    latency(g, results, 440, 50, 740, 440);
    g.dispose();
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(image, "png", file.toFile());
  }

  private static void throughput(
      Graphics2D g, List<LoadBenchmark.ModeResult> results, int x, int y, int w, int h) {
    int left = x + 60;
    int bottom = y + h - 40;
    int top = y + 30;
    double max = results.stream().mapToDouble(r -> r.saturation().throughput()).max().orElse(1);
    double scale = niceCeiling(max * 1.1);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.BLACK);
    g.drawString("Throughput at saturation (req/s, wrk closed model)", x, y + 14);
    axes(g, left, top, bottom, x + w);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int i = 0; i <= 4; i++) {
      double v = scale * i / 4;
      int yy = bottom - (int) ((bottom - top) * (v / scale));
      g.setColor(new Color(0xDD, 0xDD, 0xDD));
      g.drawLine(left + 1, yy, x + w, yy);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%.0f", v), x, yy + 4);
    }
    int barWidth = results.size() > 2 ? 60 : 90;
    int gap = (w - 60 - results.size() * barWidth) / (results.size() + 1);
    for (int i = 0; i < results.size(); i++) {
      LoadBenchmark.ModeResult r = results.get(i);
      double v = r.saturation().throughput();
      int bx = left + gap + i * (barWidth + gap);
      int bh = (int) ((bottom - top) * (v / scale));
      g.setColor(r.mode().equals("memory") ? MEMORY : POSTGRES);
      g.fillRect(bx, bottom - bh, barWidth, bh);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.0f", v), bx + 20, bottom - bh - 5);
      g.drawString(r.label(), bx + 8, bottom + 16);
    }
    LoadBenchmark.throughputRatio(results)
        .ifPresent(
            ratio -> {
              g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
              g.drawString(
                  String.format(Locale.ROOT, "postgres / memory (mean) = %.2f", ratio),
                  left + 10,
                  bottom + 34);
            });
  }

  private static void latency(
      Graphics2D g, List<LoadBenchmark.ModeResult> results, int x, int y, int w, int h) {
    int left = x + 60;
    int bottom = y + h - 40;
    int top = y + 30;
    double min = 0.1;
    double max = 100;
    for (LoadBenchmark.ModeResult r : results) {
      max = Math.max(max, Math.max(r.saturation().p99Ms(), r.half().p99Ms()) * 1.5);
      min = Math.min(min, Math.min(r.saturation().p50Ms(), r.half().p50Ms()) / 1.5);
    }
    double logMin = Math.floor(Math.log10(min));
    double logMax = Math.ceil(Math.log10(max));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.BLACK);
    g.drawString(
        "Latency p50 / p99 (ms, log scale): at saturation and at half saturation", x, y + 14);
    axes(g, left, top, bottom, x + w);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (double e = logMin; e <= logMax; e++) {
      int yy = bottom - (int) ((bottom - top) * ((e - logMin) / (logMax - logMin)));
      g.setColor(new Color(0xDD, 0xDD, 0xDD));
      g.drawLine(left + 1, yy, x + w, yy);
      g.setColor(Color.DARK_GRAY);
      g.drawString(trim(Math.pow(10, e)), x + 10, yy + 4);
    }
    int groups = results.size() * 2;
    int groupWidth = (w - 80) / groups;
    int bar = Math.min(50, groupWidth / 3);
    int gi = 0;
    for (String phase : List.of("saturation", "half saturation")) {
      for (LoadBenchmark.ModeResult r : results) {
        LoadResult lr = phase.equals("saturation") ? r.saturation() : r.half();
        int gx = left + 20 + gi * groupWidth;
        double[] values = {lr.p50Ms(), lr.p99Ms()};
        Color[] colors = {P50, P99};
        for (int k = 0; k < 2; k++) {
          double v = Math.max(values[k], Math.pow(10, logMin));
          int bh = (int) ((bottom - top) * ((Math.log10(v) - logMin) / (logMax - logMin)));
          int bx = gx + k * (bar + 4);
          g.setColor(colors[k]);
          g.fillRect(bx, bottom - bh, bar, bh);
          g.setColor(Color.BLACK);
          g.drawString(trim(values[k]), bx, bottom - bh - 4);
        }
        g.setColor(r.mode().equals("memory") ? MEMORY : POSTGRES);
        g.drawString(r.label(), gx, bottom + 16);
        g.setColor(Color.DARK_GRAY);
        g.drawString(
            phase.equals("saturation")
                ? "saturation"
                : String.format(Locale.ROOT, "@%.0f req/s", lr.offeredRate()),
            gx,
            bottom + 30);
        gi++;
      }
    }
    g.setColor(P50);
    g.fillRect(x + w - 150, y + 24, 12, 12);
    g.setColor(Color.BLACK);
    g.drawString("p50", x + w - 134, y + 34);
    g.setColor(P99);
    g.fillRect(x + w - 90, y + 24, 12, 12);
    g.setColor(Color.BLACK);
    g.drawString("p99", x + w - 74, y + 34);
  }

  private static void axes(Graphics2D g, int left, int top, int bottom, int right) {
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1.2f));
    g.drawLine(left, top, left, bottom);
    g.drawLine(left, bottom, right, bottom);
  }

  private static double niceCeiling(double v) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (step * magnitude >= v) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String trim(double v) {
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (v >= 1) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
