package org.mobilenet4j.tflite;

import org.mobilenet4j.model.ModelInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.tensorflow.lite.support.metadata.MetadataExtractor;
import org.tensorflow.lite.support.metadata.schema.AssociatedFile;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileType;
import org.tensorflow.lite.support.metadata.schema.ModelMetadata;
import org.tensorflow.lite.support.metadata.schema.NormalizationOptions;
import org.tensorflow.lite.support.metadata.schema.ProcessUnit;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptions;
import org.tensorflow.lite.support.metadata.schema.TensorMetadata;

/**
 * Reads TFLite model metadata (tflite-support's schema): model name, the input's NormalizationOptions and
 * the output's TENSOR_AXIS_LABELS file from the zip appended to the flatbuffer. Metadata that is missing
 * or incomplete is not an error: the model still runs, and what is missing is null.
 */
final class MetadataReader {
    private static final Logger LOG = Logger.getLogger(MetadataReader.class.getName());

    private MetadataReader() {
    }

    static ModelInfo read(ByteBuffer model, String fileName) {
        MetadataExtractor extractor;
        try {
            extractor = new MetadataExtractor(model);
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> fileName + ": unreadable metadata ignored: " + e);
            return new ModelInfo(fileName, null, null, null);
        }
        String name = fileName;
        float[] mean = null;
        float[] std = null;
        List<String> labels = null;
        // flatbuffers reads offsets and lengths without checks: every read of a corrupt metadata part can throw
        try {
            if (!extractor.hasMetadata()) {
                return new ModelInfo(fileName, null, null, null);
            }
            ModelMetadata meta = extractor.getModelMetadata();
            String given = meta.name();
            name = given != null && !given.isEmpty() ? given : fileName;
            if (meta.subgraphMetadataLength() == 0) {
                LOG.warning(fileName + ": metadata has no subgraph part; normalization and labels must be given");
                return new ModelInfo(name, null, null, null);
            }
            TensorMetadata input = extractor.getInputTensorMetadata(0);
            for (int i = 0; input != null && i < input.processUnitsLength(); i++) {
                ProcessUnit unit = input.processUnits(i);
                if (unit.optionsType() == ProcessUnitOptions.NormalizationOptions) {
                    NormalizationOptions n = (NormalizationOptions) unit.options(new NormalizationOptions());
                    float[] m = values(n.meanLength(), n::mean, "mean");
                    std = values(n.stdLength(), n::std, "std");
                    mean = m; // both or neither
                }
            }
            TensorMetadata output = extractor.getOutputTensorMetadata(0);
            for (int i = 0; output != null && i < output.associatedFilesLength(); i++) {
                AssociatedFile f = output.associatedFiles(i);
                if (f.type() == AssociatedFileType.TENSOR_AXIS_LABELS && labels == null) {
                    labels = readLines(extractor.getAssociatedFile(f.name()));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning(fileName + ": incomplete metadata ignored: " + e);
        }
        return new ModelInfo(name, mean, std, labels);
    }

    /** Largest normalization vector believed: one value per channel, and images have a few channels. */
    static final int MAX_NORMALIZATION_VALUES = 64;

    /** A normalization vector, its length checked before anything is allocated for it. */
    private static float[] values(int length, java.util.function.IntToDoubleFunction value, String what) {
        if (length < 0 || length > MAX_NORMALIZATION_VALUES) {
            throw new IllegalStateException("normalization " + what + " has " + length + " values (corrupt)");
        }
        float[] v = new float[length];
        for (int k = 0; k < length; k++) {
            v[k] = (float) value.applyAsDouble(k);
        }
        return v;
    }

    static List<String> readLines(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line.strip());
            }
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
