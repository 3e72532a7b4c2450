package org.gfncp.cli.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.cli.io.TrainingLog;
import org.gfncp.core.io.AtomicFiles;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.core.metric.Distributions;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Builds the tool's charts and writes them as PNG files (atomically, so a failed render leaves no partial file). */
public final class Plots {

    private static final int WIDTH = 520;
    private static final int HEIGHT = 460;

    private Plots() {
    }

    /**
     * One scatter chart per clustering of a 2D set (points coloured by cluster), side by side, each titled with its
     * rank and probability.
     */
    public static void clusterings(double[][] points, List<Clustering> clusterings, Path file) throws IOException {
        if (clusterings.isEmpty()) {
            throw new IllegalArgumentException("no clusterings to plot");
        }
        if (points[0].length != 2) {
            throw new IllegalArgumentException("cluster plots need 2D points, got dimension " + points[0].length);
        }
        List<XYChart> charts = new ArrayList<>();
        for (int rank = 0; rank < clusterings.size(); rank++) {
            Clustering c = clusterings.get(rank);
            XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                    .title(String.format(Locale.ROOT, "#%d  p = %.4g  (K = %d)", rank + 1, c.probability(), c.clusters()))
                    .xAxisTitle("x1").yAxisTitle("x2").build();
            chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            chart.getStyler().setMarkerSize(7);
            chart.getStyler().setLegendVisible(c.clusters() <= 12);
            int[] labels = c.labels();
            for (int k = 0; k < c.clusters(); k++) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i] == k) {
                        xs.add(points[i][0]);
                        ys.add(points[i][1]);
                    }
                }
                if (!xs.isEmpty()) {
                    chart.addSeries("cluster " + k, xs, ys).setMarker(SeriesMarkers.CIRCLE);
                }
            }
            charts.add(chart);
        }
        save(charts, 1, charts.size(), file);
    }

    /**
     * SDPP of several models: an overlaid histogram (left) and the ECDFs (right), as in GFNCP Figs. 1 and 5.
     *
     * @param sdppByModel model label to per-set SDPP values, in legend order
     */
    public static void sdpp(Map<String, double[]> sdppByModel, int bins, Path file) throws IOException {
        if (sdppByModel.isEmpty()) {
            throw new IllegalArgumentException("no SDPP values to plot");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] values : sdppByModel.values()) {
            for (double v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min == max) {
            min -= 0.5;
            max += 0.5;
        }
        // legends inside, where SDPP leaves room (the histogram's right, the ECDF's lower right): outside they took
        // half the width from the plots once model names were long, and the two panels must share one width
        CategoryChart histogram = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("SDPP histogram")
                .xAxisTitle("SDPP").yAxisTitle("density").build();
        histogram.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        histogram.getStyler().setOverlapped(true);
        histogram.getStyler().setXAxisDecimalPattern("0.00");
        histogram.getStyler().setXAxisLabelRotation(45);
        histogram.getStyler().setXAxisMaxLabelCount(10);
        XYChart ecdf = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("SDPP ECDF").xAxisTitle("SDPP")
                .yAxisTitle("fraction of sets <= x").build();
        ecdf.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        ecdf.getStyler().setYAxisMin(0.0);
        ecdf.getStyler().setYAxisMax(1.0);
        ecdf.getStyler().setYAxisDecimalPattern("0.0");
        int series = 0;
        for (Map.Entry<String, double[]> entry : sdppByModel.entrySet()) {
            Distributions.Histogram h = Distributions.histogram(entry.getValue(), bins, min, max);
            List<Double> centers = new ArrayList<>();
            List<Double> density = new ArrayList<>();
            double[] c = h.centers();
            double[] d = h.density();
            for (int i = 0; i < c.length; i++) {
                centers.add(c[i]);
                density.add(d[i]);
            }
            Color color = PALETTE[series % PALETTE.length];
            histogram.addSeries(entry.getKey(), centers, density).setFillColor(translucent(color));
            double[][] line = Distributions.ecdf(entry.getValue()).polyline(min);
            ecdf.addSeries(entry.getKey(), line[0], line[1]).setMarker(SeriesMarkers.NONE).setLineColor(color);
            series++;
        }
        save(List.of(histogram, ecdf), 1, 2, file);
    }

    /**
     * Training curves: loss per iteration (raw and moving average), wall seconds per iteration (moving median, which
     * validation iterations and resumes barely move) and, where logged, validation NMI.
     *
     * @param logs run label to its log rows
     */
    public static void training(Map<String, List<TrainingLog.Row>> logs, int window, Path file) throws IOException {
        XYChart loss = new XYChartBuilder().width(WIDTH + 160).height(HEIGHT).title("training loss")
                .xAxisTitle("iteration").yAxisTitle("loss").build();
        loss.getStyler().setMarkerSize(0);
        // One tick label per few hundred iterations would overlap on long runs.
        loss.getStyler().setXAxisLabelRotation(45);
        XYChart speed = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("seconds per iteration")
                .xAxisTitle("iteration").yAxisTitle("s (moving median of " + window + ")").build();
        speed.getStyler().setMarkerSize(0);
        speed.getStyler().setXAxisLabelRotation(45);
        speed.getStyler().setYAxisMin(0.0);
        XYChart nmi = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("validation NMI")
                .xAxisTitle("iteration").yAxisTitle("NMI").build();
        nmi.getStyler().setYAxisMin(0.0);
        nmi.getStyler().setYAxisMax(1.0);
        boolean anyNmi = false;
        int series = 0;
        double smoothMax = 0;
        double rawMax = 0;
        for (Map.Entry<String, List<TrainingLog.Row>> entry : logs.entrySet()) {
            List<TrainingLog.Row> rows = entry.getValue();
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("training log '" + entry.getKey() + "' has no rows");
            }
            Color color = PALETTE[series % PALETTE.length];
            double[] it = new double[rows.size()];
            double[] raw = new double[rows.size()];
            double[] smooth = new double[rows.size()];
            double sum = 0;
            for (int i = 0; i < rows.size(); i++) {
                it[i] = rows.get(i).iteration();
                raw[i] = rows.get(i).loss();
                sum += raw[i];
                if (i >= window) {
                    sum -= raw[i - window];
                }
                smooth[i] = sum / Math.min(i + 1, window);
                smoothMax = Math.max(smoothMax, smooth[i]);
                rawMax = Math.max(rawMax, raw[i]);
            }
            loss.addSeries(entry.getKey() + " (loss)", it, raw).setMarker(SeriesMarkers.NONE)
                    .setLineColor(translucent(color)).setLineWidth(0.8f);
            loss.addSeries(entry.getKey() + " (mean of " + window + ")", it, smooth).setMarker(SeriesMarkers.NONE)
                    .setLineColor(color).setLineWidth(2f);
            speed.addSeries(entry.getKey(), it, movingMedian(TrainingLog.secondsPerIteration(rows), window))
                    .setMarker(SeriesMarkers.NONE).setLineColor(color).setLineWidth(2f);
            List<Double> nx = new ArrayList<>();
            List<Double> ny = new ArrayList<>();
            for (TrainingLog.Row row : rows) {
                if (!Double.isNaN(row.nmi())) {
                    nx.add((double) row.iteration());
                    ny.add(row.nmi());
                }
            }
            if (!nx.isEmpty()) {
                XYSeries nmiSeries = nmi.addSeries(entry.getKey(), nx, ny);
                nmiSeries.setLineColor(color);
                nmiSeries.setMarkerColor(color);
                anyNmi = true;
            }
            series++;
        }
        if (rawMax > 2 * smoothMax && smoothMax > 0) {
            // Single-iteration spikes would flatten the curves; they are cut at twice the moving average's peak.
            loss.getStyler().setYAxisMax(2 * smoothMax);
        }
        if (anyNmi) {
            save(List.of(loss, speed, nmi), 1, 3, file);
        } else {
            save(List.of(loss, speed), 1, 2, file);
        }
    }

    /** Median of each value and the up to {@code window - 1} before it. */
    static double[] movingMedian(double[] values, int window) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            int from = Math.max(0, i - window + 1);
            out[i] = ClusteringMetrics.median(Arrays.copyOfRange(values, from, i + 1));
        }
        return out;
    }

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

    private static Color translucent(Color color) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), 110);
    }

    private static <T extends Chart<?, ?>> void save(List<T> charts, int rows, int columns, Path file) throws IOException {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(charts, rows, columns, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
