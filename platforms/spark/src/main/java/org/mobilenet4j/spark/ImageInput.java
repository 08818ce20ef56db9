package org.mobilenet4j.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mobilenet4j.vision.InvalidImageException;

/**
 * The two input column types: encoded image bytes ({@code binaryFile} source's {@code content}), decoded by
 * the library's image reader exactly as a file would be (JPEG, PNG, BMP, GIF, CMYK JPEGs, the pixel limit);
 * and Spark's image schema ({@code image} source: BGR(A) or grey bytes, row-major), taken as they are.
 */
final class ImageInput {
    /** Per task thread: the file the library's reader decodes a row's bytes from, rewritten for each row. */
    private static final ThreadLocal<Path> STAGING = ThreadLocal.withInitial(() -> {
        try {
            Path p = Files.createTempFile("mobilenet4j-spark-", ".img");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging file for image bytes: " + e, e);
        }
    });

    private ImageInput() {
    }

    /** Null when {@code type} is an input this module reads, else why not. */
    static String unsupportedReason(DataType type) {
        if (type.equals(DataTypes.BinaryType)) {
            return null;
        }
        if (type instanceof StructType s) {
            for (String f : new String[] {"height", "width", "nChannels", "data"}) {
                if (!Arrays.asList(s.fieldNames()).contains(f)) {
                    return "a struct without the image schema's field '" + f + "'";
                }
            }
            return null;
        }
        return type.simpleString();
    }

    /** {@code task}'s result for one cell; {@link InvalidImageException} when it holds no decodable image. */
    static <R> R apply(ImageTask<R> task, Object cell) {
        if (cell == null) {
            throw new InvalidImageException("no image (null)");
        }
        if (cell instanceof byte[] bytes) {
            Path staging = STAGING.get();
            try {
                Files.write(staging, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stage image bytes in " + staging + ": " + e, e);
            }
            try {
                return task.apply(staging);
            } catch (InvalidImageException e) {
                throw new InvalidImageException(e.getMessage().replace(staging + ": ", "").replace(staging.toString(),
                        "(" + bytes.length + " bytes)"), e);
            }
        }
        return task.apply(toImage((Row) cell));
    }

    /** Spark's image schema row as an RGB image. */
    static BufferedImage toImage(Row row) {
        int h = row.getInt(row.fieldIndex("height"));
        int w = row.getInt(row.fieldIndex("width"));
        int c = row.getInt(row.fieldIndex("nChannels"));
        byte[] data = (byte[]) row.get(row.fieldIndex("data"));
        String origin = hasField(row, "origin") ? row.getString(row.fieldIndex("origin")) : "image";
        if (h < 1 || w < 1 || data == null || data.length == 0) {
            throw new InvalidImageException("Spark's image source could not decode " + origin);
        }
        if ((c != 1 && c != 3 && c != 4) || data.length < (long) w * h * c) {
            throw new InvalidImageException(origin + ": " + w + "x" + h + "x" + c + " image with " + data.length
                    + " bytes is not Spark's image schema (1, 3 or 4 channels, row-major)");
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            int o = i * c;
            int b = data[o] & 0xff;
            int g = c == 1 ? b : data[o + 1] & 0xff;
            int r = c == 1 ? b : data[o + 2] & 0xff;
            rgb[i] = (r << 16) | (g << 8) | b;
        }
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    private static boolean hasField(Row row, String name) {
        return row.schema() != null && Arrays.asList(row.schema().fieldNames()).contains(name);
    }
}
