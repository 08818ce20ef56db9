package org.mobilenet4j.vision;

/** A rectangle of interest in pixel coordinates: left, top, width, height. */
public record Region(int x, int y, int width, int height) {
    public Region {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("region needs a positive size, got " + width + "x" + height);
        }
    }
}
