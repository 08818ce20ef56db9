package org.mobilenet4j.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The MobileNet paper's Figure 4 with measured latency on the y axis: median milliseconds against
 * mult-adds (both log scale), one series per engine, from {@code compare --grid}'s results.
 */
final class LatencyPlot {
    private LatencyPlot() {
    }

    static void write(JsonArray results, int threads, Path file) throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (JsonElement r : results) {
            JsonObject o = r.getAsJsonObject();
            double macs = o.get("multAdds").getAsLong() / 1e6;
            for (JsonElement e : o.getAsJsonArray("engines")) {
                JsonObject row = e.getAsJsonObject();
                series.computeIfAbsent(row.get("engine").getAsString(), k -> new ArrayList<>())
                        .add(new double[] {macs, row.get("medianMs").getAsDouble()});
            }
        }
        XYChart chart = new XYChartBuilder().width(900).height(600)
                .title("MobileNet v1, 16 models alpha x rho: latency vs mult-adds (" + threads + " thread"
                        + (threads > 1 ? "s" : "") + ")")
                .xAxisTitle("million mult-adds").yAxisTitle("median latency, ms").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            List<double[]> pts = e.getValue();
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        String name = file.toString().replaceAll("\\\\.png$", "");
        BitmapEncoder.saveBitmap(chart, name, BitmapEncoder.BitmapFormat.PNG);
    }
}
