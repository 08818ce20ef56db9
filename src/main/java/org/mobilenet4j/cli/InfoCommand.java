package org.mobilenet4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mobilenet4j.arch.MobileNetGraphBuilder;
import org.mobilenet4j.graph.Graph;
import org.mobilenet4j.graph.GraphStats;
import org.mobilenet4j.batch.OutputFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code info}: the layer table of a MobileNet, as the paper's Table 1 lays it out, with costs. */
@Command(name = "info", mixinStandardHelpOptions = true, modelTransformer = OutputOptions.Help.class,
        description = {"Print a MobileNet's layers (type/stride, filter shape, input size), mult-adds and params.",
                "Formats: text, json."})
public final class InfoCommand implements Callable<Integer>, OutputOptions.Offered {

    @CommandLine.ArgGroup(exclusive = false)
    ArchOptions archOptions;

    @Option(names = "--model", converter = ModelReference.Name.class, description = "a .tflite file or catalog name: list its imported graph instead of a layer table")
    String model;

    @CommandLine.Mixin
    OutputOptions output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((archOptions == null) == (model == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --arch or --model");
        }
        boolean json = output.format(spec) == org.mobilenet4j.batch.OutputFormat.JSON;
        Graph graph = model != null ? org.mobilenet4j.tflite.TfliteImporter.read(ModelReference.resolve(model).model()).graph()
                : MobileNetGraphBuilder.build(archOptions.spec(spec));
        print(graph, GraphStats.of(graph), json, spec.commandLine().getOut());
        return 0;
    }

    static void print(Graph graph, GraphStats stats, boolean json, PrintWriter out) {
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("name", graph.name());
            o.addProperty("multAdds", stats.multAdds());
            o.addProperty("params", stats.params());
            JsonArray layers = new JsonArray();
            for (GraphStats.Layer l : stats.layers()) {
                JsonObject row = new JsonObject();
                row.addProperty("node", l.node());
                row.addProperty("type", l.type());
                row.addProperty("name", l.name());
                row.addProperty("stride", l.stride());
                row.addProperty("filterShape", l.filterShape());
                row.addProperty("inputSize", l.inputSize());
                row.addProperty("outputSize", l.outputSize());
                row.addProperty("outputType", graph.tensor(graph.nodes().get(l.node()).output(0)).type().toString());
                row.addProperty("multAdds", l.multAdds());
                row.addProperty("params", l.params());
                layers.add(row);
            }
            o.add("layers", layers);
            out.println(Json.GSON.toJson(o));
        } else {
            out.println(graph.name());
            for (int i : graph.inputs()) {
                out.println("input:  " + graph.tensor(i));
            }
            for (int i : graph.outputs()) {
                out.println("output: " + graph.tensor(i));
            }
            out.printf("%-4s %-18s %-20s %-16s %14s %10s  %s%n", "#", "Type / Stride", "Filter Shape", "Input Size",
                    "Mult-Adds", "Params", "Name");
            for (GraphStats.Layer l : stats.layers()) {
                String type = l.stride().isEmpty() ? l.type() : l.type() + " / " + l.stride();
                out.printf("%-4d %-18s %-20s %-16s %,14d %,10d  %s%n", l.node(), type, l.filterShape(), l.inputSize(),
                        l.multAdds(), l.params(), l.name());
            }
            out.printf("Total: %,d mult-adds (%.1f M), %,d params (%.2f M)%n", stats.multAdds(),
                    stats.multAdds() / 1e6, stats.params(), stats.params() / 1e6);
        }
        out.flush();
    }

    @Override
    public Set<OutputFormat> formats() {
        return OutputOptions.SINGLE_OBJECT;
    }
}
