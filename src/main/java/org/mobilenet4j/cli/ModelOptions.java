package org.mobilenet4j.cli;

import org.mobilenet4j.tflite.TfliteImporter;
import org.mobilenet4j.tflite.TfliteModel;
import picocli.CommandLine.Option;

/** The --model option of commands that load a TFLite file. */
final class ModelOptions {
    @Option(names = "--model", converter = ModelReference.Name.class, required = true, description = "a .tflite file or a catalog name (see: fetch --list)")
    String model;

    /** The model, with the catalog's head chained after it when the catalog lists one. */
    TfliteModel load() {
        ModelReference ref = ModelReference.resolve(model);
        TfliteModel m = TfliteImporter.read(ref.model());
        return ref.head() == null ? m : new TfliteModel(m.graph().then(TfliteImporter.read(ref.head()).graph()), m.info());
    }
}
