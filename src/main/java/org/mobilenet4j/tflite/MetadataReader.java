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
        if (!extractor.hasMetadata()) {
            return new ModelInfo(fileName, null, null, null);
        }
        ModelMetadata meta = extractor.getModelMetadata();
        String name = meta.name() != null && !meta.name().isEmpty() ? meta.name() : fileName;
        float[] mean = null;
        float[] std = null;
        List<String> labels = null;
        if (meta.subgraphMetadataLength() == 0) {
            LOG.warning(fileName + ": metadata has no subgraph part; normalization and labels must be given");
            return new ModelInfo(name, null, null, null);
        }
        try {
            TensorMetadata input = extractor.getInputTensorMetadata(0);
            for (int i = 0; input != null && i < input.processUnitsLength(); i++) {
                ProcessUnit unit = input.processUnits(i);
                if (unit.optionsType() == ProcessUnitOptions.NormalizationOptions) {
                    NormalizationOptions n = (NormalizationOptions) unit.options(new NormalizationOptions());
                    mean = new float[n.meanLength()];
                    std = new float[n.stdLength()];
                    for (int k = 0; k < mean.length; k++) {
                        mean[k] = n.mean(k);
                    }
                    for (int k = 0; k < std.length; k++) {
                        std[k] = n.std(k);
                    }
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
