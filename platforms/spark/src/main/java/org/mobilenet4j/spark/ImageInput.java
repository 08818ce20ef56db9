package org.mobilenet4j.spark;

import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mobilenet4j.vision.ImageLimits;
import org.mobilenet4j.vision.InvalidImageException;
import org.mobilenet4j.vision.RgbImage;
import org.mobilenet4j.vision.imageio.Images;

/**
 * The two input column types: encoded image bytes ({@code binaryFile} source's {@code content}), decoded in memory
 * by the library's image reader exactly as a file with those bytes would be (JPEG, PNG, BMP, GIF, WebP, CMYK JPEGs,
 * the image limits); and Spark's image schema ({@code image} source: BGR(A) or grey bytes, row-major), taken as
 * they are.
 */
final class ImageInput {
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

    /**
     * The image in one cell: encoded bytes decoded within {@code limits} ({@code name} names them in messages), or
     * an image-schema row. {@link InvalidImageException} when it holds no decodable image.
     */
    static RgbImage decode(Object cell, String name, ImageLimits limits) {
        if (cell == null) {
            throw new InvalidImageException("no image (null)");
        }
        if (cell instanceof byte[] bytes) {
            return Images.read(bytes, name, limits);
        }
        return toRgb((Row) cell);
    }

    /** Spark's image schema row (BGR, BGRA or grey bytes, row-major) as RGB. */
    static RgbImage toRgb(Row row) {
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
        float[] rgb = new float[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        for (int i = 0, o = 0; o < rgb.length; i += c, o += 3) {
            int b = data[i] & 0xff;
            rgb[o] = c == 1 ? b : data[i + 2] & 0xff;
            rgb[o + 1] = c == 1 ? b : data[i + 1] & 0xff;
            rgb[o + 2] = b;
        }
        return new RgbImage(w, h, rgb);
    }

    private static boolean hasField(Row row, String name) {
        return row.schema() != null && Arrays.asList(row.schema().fieldNames()).contains(name);
    }
}
