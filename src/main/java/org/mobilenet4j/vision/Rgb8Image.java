package org.mobilenet4j.vision;

/**
 * An image as interleaved 8-bit R, G, B bytes, row-major (H x W x 3), as a JPEG decoder gives it: pre-processing
 * ({@link ImagePreprocessor#prepare(Rgb8Image, Region)}) crops and resizes it without a float copy of the whole
 * image, with the same results as from {@link #toRgbImage()}. The array is the image's own (not copied).
 */
public record Rgb8Image(int width, int height, byte[] pixels) {

    public Rgb8Image {
        if (width < 1 || height < 1 || pixels.length != (long) width * height * 3) {
            throw new IllegalArgumentException("RGB image " + width + "x" + height + " needs " + (long) width * height * 3
                    + " bytes, got " + pixels.length);
        }
    }

    /** The same pixels as floats 0..255. */
    public RgbImage toRgbImage() {
        float[] px = new float[pixels.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = pixels[i] & 0xff;
        }
        return new RgbImage(width, height, px);
    }
}
