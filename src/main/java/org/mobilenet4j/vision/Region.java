package org.mobilenet4j.vision;

/** A rectangle of interest in pixel coordinates: left, top, width, height. */
public record Region(int x, int y, int width, int height) {
    public Region {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("region needs a positive size, got " + width + "x" + height);
        }
    }

    /** This region clipped to a {@code w} x {@code h} image; throws if nothing of it lies inside. */
    public Region clipTo(int w, int h) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(w, x + width);
        int y1 = Math.min(h, y + height);
        if (x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("region " + this + " lies outside the " + w + "x" + h + " image");
        }
        return new Region(x0, y0, x1 - x0, y1 - y0);
    }

    /**
     * The central square of side {@code fraction * min(w, h)} of a {@code w} x {@code h} image: the side rounded
     * to the nearest pixel, the offset (size - side) / 2 rounded down (TF-slim / Inception evaluation crops 0.875).
     */
    public static Region centerSquare(int w, int h, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("crop fraction must be in (0, 1], got " + fraction);
        }
        int side = Math.max(1, (int) Math.round(fraction * Math.min(w, h)));
        return new Region((w - side) / 2, (h - side) / 2, side, side);
    }
}
