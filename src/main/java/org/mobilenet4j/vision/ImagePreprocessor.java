package org.mobilenet4j.vision;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import org.mobilenet4j.graph.DataType;
import org.mobilenet4j.graph.TensorType;
import org.mobilenet4j.model.ModelInfo;

/**
 * An image model's pre-processing, in order: the region of interest, if given; the centre crop, if set
 * (fraction of the shorter side); bilinear resize with half-pixel centres to the input size; then
 * {@link InputEncoder} (float: (p - mean) / std; uint8: raw pixels; int8: normalized then quantized).
 * Immutable and thread-safe. {@link #description()} says all of it in one line, so results computed with it
 * (cached embeddings) can be keyed by it.
 */
public final class ImagePreprocessor {
    /** MobileNet's normalization when neither the caller nor the model's metadata gives one: inputs in [-1, 1]. */
    private static final float[] DEFAULT = {127.5f};

    /** Per thread: the resized pixels of the image being encoded (steady streams of images make no garbage here). */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final TensorType input;
    private final double cropFraction;
    private final float[] mean;
    private final float[] std;
    private final InputEncoder encoder;

    /**
     * Pre-processing for {@code input} ([1, H, W, 3]). The normalization is {@code mean}/{@code std} if given,
     * else the model metadata's, else 127.5 / 127.5.
     */
    public ImagePreprocessor(TensorType input, ModelInfo info, float[] mean, float[] std, double cropFraction) {
        if (!(cropFraction > 0 && cropFraction <= 1)) {
            throw new IllegalArgumentException("crop fraction must be in (0, 1], got " + cropFraction);
        }
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("give both mean and std, or neither");
        }
        this.input = input;
        this.cropFraction = cropFraction;
        this.mean = (mean != null ? mean : info != null && info.mean() != null ? info.mean() : DEFAULT).clone();
        this.std = (std != null ? std : info != null && info.std() != null ? info.std() : DEFAULT).clone();
        this.encoder = new InputEncoder(input, this.mean, this.std);
    }

    /** The float normalization mean (1 or 3 values; not used by uint8 inputs, which take raw pixels). */
    public float[] mean() {
        return mean.clone();
    }

    /** The float normalization std, one per {@link #mean()} value. */
    public float[] std() {
        return std.clone();
    }

    public int width() {
        return encoder.width();
    }

    public int height() {
        return encoder.height();
    }

    /** The region (if not null), the centre crop and the resize: the pixels the model will see. */
    public RgbImage prepare(RgbImage image, Region region) {
        RgbImage img = region != null ? image.crop(region) : image;
        if (cropFraction < 1) {
            img = img.centerCrop(cropFraction);
        }
        return HalfPixelBilinearResize.resize(img, width(), height());
    }

    /**
     * The same steps on 8-bit pixels, without a float copy of the whole image: equal to
     * {@code prepare(image.toRgbImage(), region)}.
     */
    public RgbImage prepare(Rgb8Image image, Region region) {
        return HalfPixelBilinearResize.resize(image, window(image, region), width(), height());
    }

    /** The pixels of {@code image} the model sees: the region clipped to the image, then the centre crop. */
    private Region window(Rgb8Image image, Region region) {
        Region window = region != null ? region.clipTo(image.width(), image.height())
                : new Region(0, 0, image.width(), image.height());
        if (cropFraction < 1) {
            Region c = Region.centerSquare(window.width(), window.height(), cropFraction);
            window = new Region(window.x() + c.x(), window.y() + c.y(), c.width(), c.height());
        }
        return window;
    }

    /** {@link #prepare} then encode into {@code tensor} (the input's bytes, from position 0, in its byte order). */
    public void encode(RgbImage image, Region region, ByteBuffer tensor) {
        encoder.encode(prepare(image, region), tensor);
    }

    /**
     * The input tensor's bytes for {@code image} inside {@code region} (null: the whole image), in a new array in
     * native byte order: what {@link #encode(RgbImage, Region, ByteBuffer)} writes, for recording and comparing.
     */
    public byte[] encode(RgbImage image, Region region) {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(input.byteSize())).order(ByteOrder.nativeOrder());
        encode(image, region, b);
        return b.array();
    }

    /** {@link #prepare(Rgb8Image, Region)} then encode into {@code tensor}, as {@link #encode(RgbImage, Region, ByteBuffer)}. */
    public void encode(Rgb8Image image, Region region, ByteBuffer tensor) {
        float[] resized = HalfPixelBilinearResize.resizeInto(image, window(image, region), width(), height(),
                SCRATCH.get().floats(3 * width() * height()));
        encoder.encode(resized, 3 * width() * height(), tensor);
    }

    /** Every step and parameter, e.g. "crop 0.875, resize 224x224 half-pixel bilinear, uint8 raw pixels". */
    public String description() {
        String enc = input.dataType() == DataType.UINT8 ? "uint8 raw pixels"
                : input.dataType().name().toLowerCase(Locale.ROOT) + " (p - " + Arrays.toString(mean) + ") / "
                        + Arrays.toString(std);
        return String.format(Locale.ROOT, "crop %s, resize %dx%d half-pixel bilinear, %s", cropFraction, width(),
                height(), enc);
    }

    @Override
    public String toString() {
        return description();
    }

    /** One thread's working arrays, grown to the largest input seen. */
    static final class Scratch {
        private float[] floats = new float[0];
        private byte[] bytes = new byte[0];

        float[] floats(int n) {
            if (floats.length < n) {
                floats = new float[n];
            }
            return floats;
        }

        byte[] bytes(int n) {
            if (bytes.length < n) {
                bytes = new byte[n];
            }
            return bytes;
        }

        static Scratch get() {
            return SCRATCH.get();
        }
    }
}
