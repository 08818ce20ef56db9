package org.mobilenet4j.cli;

import java.nio.file.Path;
import org.mobilenet4j.tflite.TfliteImporter;
import org.mobilenet4j.tflite.TfliteModel;
import picocli.CommandLine.Option;

/** The --model option of commands that load a TFLite file. */
final class ModelOptions {
    @Option(names = "--model", required = true, description = "a .tflite file")
    Path model;

    TfliteModel load() {
        return TfliteImporter.read(model);
    }
}
