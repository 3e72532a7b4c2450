package org.gfncp.experiments.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gfncp.core.io.AtomicFiles;
import org.gfncp.core.metric.Distributions;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The experiment plots, written atomically as PNG. */
public final class Charts {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 440;

    private Charts() {
    }

    /** Overlaid SDPP histograms (shared bins) of several algorithms. */
    public static void sdppHistogram(Map<String, double[]> sdpp, Path file) throws IOException {
        double max = 0;
        for (double[] values : sdpp.values()) {
            for (double v : values) {
                max = Math.max(max, v);
            }
        }
        int bins = 20;
        double top = max > 0 ? max : 1;
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("SDPP histogram")
                .xAxisTitle("SDPP (bin centre)").yAxisTitle("fraction of sets").build();
        chart.getStyler().setOverlapped(true);
        // translucent bars, so that an algorithm hidden behind another stays visible
        chart.getStyler().setSeriesColors(new Color[] {new Color(31, 119, 180, 140), new Color(255, 127, 14, 140),
            new Color(44, 160, 44, 140), new Color(214, 39, 40, 140)});
        chart.getStyler().setXAxisDecimalPattern("0.00");
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setXAxisMaxLabelCount(10);
        for (Map.Entry<String, double[]> entry : sdpp.entrySet()) {
            Distributions.Histogram h = Distributions.histogram(entry.getValue(), bins, 0, top);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            double[] centers = h.centers();
            long total = 0;
            for (long c : h.counts()) {
                total += c;
            }
            for (int b = 0; b < centers.length; b++) {
                x.add(centers[b]);
                y.add(total == 0 ? 0 : h.counts()[b] / (double) total);
            }
            chart.addSeries(entry.getKey(), x, y);
        }
        save(chart, file);
    }

    /** Empirical CDFs of SDPP of several algorithms. */
    public static void sdppEcdf(Map<String, double[]> sdpp, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("SDPP ECDF").xAxisTitle("SDPP")
                .yAxisTitle("fraction of sets <= x").build();
        // a fixed [0, 1] axis: fitted to the data, XChart ticked it every 0.03 from 0.005
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        for (Map.Entry<String, double[]> entry : sdpp.entrySet()) {
            Distributions.Ecdf ecdf = Distributions.ecdf(entry.getValue());
            double[][] line = ecdf.polyline(Math.min(0.0, ecdf.x()[0]));
            XYSeries series = chart.addSeries(entry.getKey(), line[0], line[1]);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setMarker(SeriesMarkers.NONE);
        }
        save(chart, file);
    }

    /** NMI of every seed, one group of bars per algorithm. */
    public static void perSeedBars(String title, String yTitle, Map<String, double[]> perSeed, Path file)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("seed")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisMin(0.0);
        for (Map.Entry<String, double[]> entry : perSeed.entrySet()) {
            List<String> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int s = 0; s < entry.getValue().length; s++) {
                x.add("seed " + (s + 1));
                y.add(entry.getValue()[s]);
            }
            chart.addSeries(entry.getKey(), x, y);
        }
        save(chart, file);
    }

    /** Log-log curves of time against N, one series per name, with the fitted slope in the legend. */
    public static void logLog(String title, String xTitle, String yTitle, Map<String, double[][]> curves, Path file)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        for (Map.Entry<String, double[][]> entry : curves.entrySet()) {
            if (entry.getValue()[0].length > 0) {
                chart.addSeries(entry.getKey(), entry.getValue()[0], entry.getValue()[1]);
            }
        }
        save(chart, file);
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
