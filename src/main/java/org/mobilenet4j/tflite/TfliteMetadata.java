package org.mobilenet4j.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileT;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileType;
import org.tensorflow.lite.support.metadata.schema.ContentPropertiesUnion;
import org.tensorflow.lite.support.metadata.schema.ContentT;
import org.tensorflow.lite.support.metadata.schema.FeaturePropertiesT;
import org.tensorflow.lite.support.metadata.schema.ImagePropertiesT;
import org.tensorflow.lite.support.metadata.schema.ColorSpaceType;
import org.tensorflow.lite.support.metadata.schema.ContentProperties;
import org.tensorflow.lite.support.metadata.schema.ModelMetadata;
import org.tensorflow.lite.support.metadata.schema.ModelMetadataT;
import org.tensorflow.lite.support.metadata.schema.NormalizationOptionsT;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptions;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptionsUnion;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitT;
import org.tensorflow.lite.support.metadata.schema.SubGraphMetadataT;
import org.tensorflow.lite.support.metadata.schema.TensorMetadataT;

/**
 * The TFLite metadata of an image classifier, as tflite-support's schema and populator lay it out: a
 * {@code TFLITE_METADATA} buffer holding a ModelMetadata flatbuffer ("M001") with the model's name and
 * description, the input's NormalizationOptions and image properties, and the output's TENSOR_AXIS_LABELS
 * file; the labels file itself is stored in a zip appended to the model (stored, offsets from the start of
 * the file, as Python's zipfile writes it in append mode), which {@code MetadataExtractor} reads.
 * Immutable.
 *
 * @param name        the model's name
 * @param description what the model does
 * @param mean        input normalization mean (1 or 3 values)
 * @param std         input normalization std (as many values as {@code mean})
 * @param labels      one label per output class
 * @param labelsFile  the associated file's name, e.g. "labels.txt"
 */
public record TfliteMetadata(String name, String description, float[] mean, float[] std, List<String> labels,
                             String labelsFile) {
    /** The name of the model buffer holding the metadata, as TFLite's metadata tools name it. */
    static final String METADATA_NAME = "TFLITE_METADATA";
    private static final String MIN_PARSER_VERSION = "1.0.0";

    public TfliteMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(labelsFile, "labelsFile");
        mean = mean.clone();
        std = std.clone();
        labels = List.copyOf(labels);
        if (mean.length != std.length) {
            throw new IllegalArgumentException("normalization needs as many std as mean values");
        }
    }

    /** A copy of the normalization mean. */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** A copy of the normalization std. */
    @Override
    public float[] std() {
        return std.clone();
    }

    /** The labels file's bytes: one label per line, UTF-8. */
    public byte[] labelsFileBytes() {
        return (String.join("\n", labels) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    byte[] toFlatbuffer() {
        NormalizationOptionsT norm = new NormalizationOptionsT();
        norm.setMean(mean.clone());
        norm.setStd(std.clone());
        ProcessUnitOptionsUnion options = new ProcessUnitOptionsUnion();
        options.setType(ProcessUnitOptions.NormalizationOptions);
        options.setValue(norm);
        ProcessUnitT unit = new ProcessUnitT();
        unit.setOptions(options);

        ImagePropertiesT image = new ImagePropertiesT();
        image.setColorSpace(ColorSpaceType.RGB);
        ContentPropertiesUnion imageProps = new ContentPropertiesUnion();
        imageProps.setType(ContentProperties.ImageProperties);
        imageProps.setValue(image);
        ContentT imageContent = new ContentT();
        imageContent.setContentProperties(imageProps);
        TensorMetadataT input = new TensorMetadataT();
        input.setName("image");
        input.setDescription("Input image to be classified.");
        input.setContent(imageContent);
        input.setProcessUnits(new ProcessUnitT[] {unit});

        AssociatedFileT file = new AssociatedFileT();
        file.setName(labelsFile);
        file.setDescription("Labels for categories that the model can recognize.");
        file.setType(AssociatedFileType.TENSOR_AXIS_LABELS);
        ContentPropertiesUnion featureProps = new ContentPropertiesUnion();
        featureProps.setType(ContentProperties.FeatureProperties);
        featureProps.setValue(new FeaturePropertiesT());
        ContentT outputContent = new ContentT();
        outputContent.setContentProperties(featureProps);
        TensorMetadataT output = new TensorMetadataT();
        output.setName("probability");
        output.setDescription("Probabilities of the " + labels.size() + " labels respectively.");
        output.setContent(outputContent);
        output.setAssociatedFiles(new AssociatedFileT[] {file});

        SubGraphMetadataT sg = new SubGraphMetadataT();
        sg.setInputTensorMetadata(new TensorMetadataT[] {input});
        sg.setOutputTensorMetadata(new TensorMetadataT[] {output});
        ModelMetadataT m = new ModelMetadataT();
        m.setName(name);
        m.setDescription(description);
        m.setSubgraphMetadata(new SubGraphMetadataT[] {sg});
        m.setMinParserVersion(MIN_PARSER_VERSION);
        FlatBufferBuilder fbb = new FlatBufferBuilder(1024);
        ModelMetadata.finishModelMetadataBuffer(fbb, ModelMetadata.pack(fbb, m));
        return fbb.sizedByteArray();
    }

    /** {@code model} followed by a zip (stored entries, absolute offsets) holding the labels file. */
    byte[] appendAssociatedFiles(byte[] model) {
        byte[] nameBytes = labelsFile.getBytes(StandardCharsets.UTF_8);
        byte[] data = labelsFileBytes();
        CRC32 crc = new CRC32();
        crc.update(data);
        int localOffset = model.length;
        ByteBuffer local = le(30 + nameBytes.length);
        local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0x21) // fixed DOS time/date: reproducible files
                .putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
                .putShort((short) nameBytes.length).putShort((short) 0).put(nameBytes);
        int centralOffset = localOffset + local.capacity() + data.length;
        ByteBuffer central = le(46 + nameBytes.length);
        central.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0x21)
                .putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
                .putShort((short) nameBytes.length).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putInt(0).putInt(localOffset).put(nameBytes);
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                .putInt(central.capacity()).putInt(centralOffset).putShort((short) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + 256 + data.length);
        out.writeBytes(model);
        out.writeBytes(local.array());
        out.writeBytes(data);
        out.writeBytes(central.array());
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
