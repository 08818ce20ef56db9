package org.mobilenet4j.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mobilenet4j.TestData;
import org.mobilenet4j.arch.Architecture;
import org.mobilenet4j.arch.MobileNetGraphBuilder;
import org.mobilenet4j.arch.MobileNetSpec;
import org.mobilenet4j.graph.GraphStats;

/**
 * The layer tables against real released models: a graph built from a table costs exactly the mult-adds of
 * the converted TFLite file of the same architecture (an independent check of the tables, v3-Small's
 * included).
 */
class ImportedModelCostTest {

    @ParameterizedTest(name = "{0} = {1} {2}/{3}")
    @CsvSource({
        "aosp-mlts/mobilenet_v1_0.25_128.tflite, v1, 0.25, 128",
        "aosp-mlts/mobilenet_v1_0.5_160_quant.tflite, v1, 0.5, 160",
        "aosp-mlts/mobilenet_v2_1.0_224_quant.tflite, v2, 1.0, 224",
        "aosp-mlts/mobilenet_v3-small_224_1.0_uint8.tflite, v3-small, 1.0, 224",
        "aosp-mlts/mobilenet_v3-large-minimalistic_224_1.0_uint8.tflite, v3-large-min, 1.0, 224"})
    void tableMatchesReleasedModel(String file, String arch, double alpha, int resolution) {
        GraphStats imported = GraphStats.of(TfliteImporter.read(TestData.file("models/" + file)).graph());
        GraphStats table = GraphStats.of(MobileNetGraphBuilder.build(
                MobileNetSpec.of(Architecture.fromName(arch), alpha, resolution)));
        assertEquals(table.multAdds(), imported.multAdds(), "mult-adds");
    }
}
