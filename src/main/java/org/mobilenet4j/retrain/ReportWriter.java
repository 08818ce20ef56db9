package org.mobilenet4j.retrain;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.mobilenet4j.vision.InvalidImageException;

/**
 * Pictures of a retraining run, drawn with Java2D: {@code loss.png} and {@code accuracy.png} (per epoch,
 * training and validation), {@code confusion.png} (the test confusion matrix, shaded by row fraction) and
 * {@code worst.png} (the test images given the lowest probability for their true class, with true and
 * predicted labels). Stateless.
 */
public final class ReportWriter {
    private static final int W = 640;
    private static final int H = 400;
    private static final int MARGIN = 50;
    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color VALIDATION = new Color(0xff7f0e);
    private static final int WORST = 12;

    private ReportWriter() {
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@link #write} can write into {@code dir}: a writable folder, or
     * a path that does not exist yet in a writable folder. Cheap: for checking before retraining.
     */
    public static void checkDir(Path dir) {
        if (Files.exists(dir)) {
            RetrainResult.checkWritableFolder(dir);
            return;
        }
        try {
            RetrainResult.checkWritableFolder(dir.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes the PNGs into {@code dir} (created if needed); returns the files written. */
    public static List<Path> write(RetrainResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        List<EpochStats> h = r.trained().history();
        if (!h.isEmpty()) {
            files.add(save(curves("loss", h, EpochStats::trainLoss, EpochStats::validationLoss), dir, "loss.png"));
            files.add(save(curves("accuracy", h, EpochStats::trainAccuracy, EpochStats::validationAccuracy), dir,
                    "accuracy.png"));
        }
        files.add(save(confusion(r.test()), dir, "confusion.png"));
        files.add(save(worst(r), dir, "worst.png"));
        return files;
    }

    private static Path save(BufferedImage img, Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static BufferedImage curves(String what, List<EpochStats> h, ToDoubleFunction<EpochStats> train,
                                        ToDoubleFunction<EpochStats> validation) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        double max = 0;
        for (EpochStats s : h) {
            max = Math.max(max, train.applyAsDouble(s));
            double v = validation.applyAsDouble(s);
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
        }
        max = max <= 0 ? 1 : max * 1.05;
        int x0 = MARGIN;
        int y0 = H - MARGIN;
        int pw = W - 2 * MARGIN;
        int ph = H - 2 * MARGIN;
        g.setColor(Color.GRAY);
        g.drawLine(x0, y0, x0 + pw, y0);
        g.drawLine(x0, y0, x0, y0 - ph);
        g.setColor(Color.BLACK);
        g.drawString(what + " per epoch", x0, MARGIN - 20);
        g.drawString("epoch", x0 + pw - 30, y0 + 30);
        for (int k = 0; k <= 4; k++) {
            double v = max * k / 4;
            int y = y0 - (int) Math.round(ph * k / 4.0);
            g.drawString(String.format(Locale.ROOT, "%.2f", v), 5, y + 4);
        }
        g.drawString("1", x0, y0 + 15);
        g.drawString(Integer.toString(h.size()), x0 + pw - 10, y0 + 15);
        g.setStroke(new BasicStroke(2f));
        line(g, h, train, max, TRAIN);
        line(g, h, validation, max, VALIDATION);
        g.setColor(TRAIN);
        g.drawString("training", x0 + pw - 150, MARGIN - 20);
        g.setColor(VALIDATION);
        g.drawString("validation", x0 + pw - 80, MARGIN - 20);
        g.dispose();
        return img;
    }

    private static void line(Graphics2D g, List<EpochStats> h, ToDoubleFunction<EpochStats> f, double max, Color c) {
        g.setColor(c);
        int pw = W - 2 * MARGIN;
        int ph = H - 2 * MARGIN;
        int px = -1;
        int py = -1;
        for (int i = 0; i < h.size(); i++) {
            double v = f.applyAsDouble(h.get(i));
            if (Double.isNaN(v)) {
                continue;
            }
            int x = MARGIN + (h.size() == 1 ? 0 : (int) Math.round(pw * i / (double) (h.size() - 1)));
            int y = H - MARGIN - (int) Math.round(ph * v / max);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
    }

    private static BufferedImage confusion(ConfusionMatrix m) {
        int n = m.labels().size();
        int cell = Math.max(40, Math.min(80, 480 / Math.max(1, n)));
        int left = 130;
        int top = 130;
        BufferedImage img = new BufferedImage(left + n * cell + 20, top + n * cell + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setColor(Color.BLACK);
        g.drawString(m.total() == 0 ? "test confusion matrix: no test images" : String.format(Locale.ROOT,
                "test confusion matrix: accuracy %.3f of %d", m.accuracy(), m.total()), 10, 20);
        g.drawString("true \u2193  predicted \u2192", 10, top - 10);
        for (int t = 0; t < n; t++) {
            int rowTotal = 0;
            for (int p = 0; p < n; p++) {
                rowTotal += m.count(t, p);
            }
            g.setColor(Color.BLACK);
            g.drawString(clip(m.labels().get(t), 18), 10, top + t * cell + cell / 2 + 4);
            for (int p = 0; p < n; p++) {
                double frac = rowTotal == 0 ? 0 : m.count(t, p) / (double) rowTotal;
                int shade = (int) Math.round(255 * (1 - frac));
                g.setColor(t == p ? new Color(shade, 255 - (255 - shade) / 3, shade) : new Color(255, shade, shade));
                g.fillRect(left + p * cell, top + t * cell, cell, cell);
                g.setColor(Color.GRAY);
                g.drawRect(left + p * cell, top + t * cell, cell, cell);
                g.setColor(Color.BLACK);
                String s = Integer.toString(m.count(t, p));
                g.drawString(s, left + p * cell + cell / 2 - 4 * s.length(), top + t * cell + cell / 2 + 4);
            }
        }
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        for (int p = 0; p < n; p++) {
            rotated.drawString(clip(m.labels().get(p), 18), -(top - 15), left + p * cell + cell / 2 + 4);
        }
        rotated.dispose();
        g.dispose();
        return img;
    }

    private static BufferedImage worst(RetrainResult r) {
        List<Prediction> worst = r.testPredictions().stream()
                .sorted(Comparator.comparingDouble(Prediction::trueClassProbability)).limit(WORST).toList();
        int tile = 128;
        int cols = 4;
        int rows = Math.max(1, (worst.size() + cols - 1) / cols);
        int th = tile + 36;
        BufferedImage img = new BufferedImage(cols * (tile + 10) + 10, 30 + rows * (th + 10),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setColor(Color.BLACK);
        g.drawString("test images with the lowest probability for their true class", 10, 20);
        for (int i = 0; i < worst.size(); i++) {
            Prediction p = worst.get(i);
            int x = 10 + (i % cols) * (tile + 10);
            int y = 30 + (i / cols) * (th + 10);
            try {
                BufferedImage photo = ImageIO.read(p.image().file().toFile());
                if (photo != null) {
                    g.drawImage(photo, x, y, tile, tile, null);
                }
            } catch (IOException | RuntimeException e) {
                throw new InvalidImageException("cannot read " + p.image().file() + " for the report: " + e, e);
            }
            g.setColor(p.correct() ? new Color(0x2ca02c) : new Color(0xd62728));
            g.drawString(clip("true " + r.labels().get(p.image().label()), 22), x, y + tile + 14);
            g.drawString(clip(String.format(Locale.ROOT, "pred %s %.2f", r.labels().get(p.predicted()),
                    p.probabilities()[p.predicted()]), 22), x, y + tile + 28);
        }
        g.dispose();
        return img;
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
    }
}
