package org.gfncp.cli;

import org.gfncp.cli.error.ExitCodes;
import org.gfncp.cli.error.UserException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.cli.io.PointInput;
import org.gfncp.cli.io.PointReader;
import org.gfncp.cli.io.ResultWriter;
import org.gfncp.cli.model.LoadedModel;
import org.gfncp.cli.model.TopClusterings;
import org.gfncp.core.algo.pointwise.EnergyOverflowException;
import org.gfncp.core.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gfncp cluster}: clusters the point sets of a CSV or NPY file with a trained model. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Cluster point sets with a trained model (greedy decoding, or the top-k distinct sampled clusterings).",
            "Input: CSV (one point per row; optional header; --set-column splits rows into sets) or NPY ([N,D] or [S,N,D]).",
            "Output: per point its label, the probability of that label, the clustering's log-probability and the "
                    + "assignment probabilities p0..pK (CSV), or the same as JSON."})
public final class ClusterCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { CSV, JSON }

    private final CliContext context;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "Trained model checkpoint.")
    Path checkpoint;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Points: .csv or .npy.")
    Path input;

    @Option(names = "--set-column", paramLabel = "COL", description = "CSV column (0-based index or header name) holding set ids.")
    String setColumn;

    @Option(names = "--label-column", paramLabel = "COL", description = "CSV column with labels, skipped as a coordinate.")
    String labelColumn;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file (default: standard output).")
    Path output;

    @Option(names = "--format", paramLabel = "csv|json", description = "Output format (default: from --output's extension, else csv).")
    Format format;

    @Option(names = "--samples", paramLabel = "K", defaultValue = "0",
            description = "Report the K most probable distinct clusterings (greedy plus --draws samples) instead of the greedy one.")
    int samples;

    @Option(names = "--no-progress", description = "Do not draw a progress bar while clustering.")
    boolean noProgress;

    @Option(names = "--draws", paramLabel = "S", defaultValue = "100", description = "Samples drawn per set for --samples (default ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--seed", defaultValue = "123", description = "Sampling seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DecodingOptions decoding;

    @Mixin
    TemperatureOption temperature;

    @Mixin
    CenteringOption centering;

    @Mixin
    BackendOptions backendOptions;

    public ClusterCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        if (samples < 0 || (samples > 0 && draws < samples)) {
            throw UserException.usage("need 0 <= --samples <= --draws, got --samples " + samples + " --draws " + draws);
        }
        Integer beam = decoding.beam();
        if ((beam != null || decoding.assignAfter() != null) && samples > 0) {
            throw UserException.usage((beam != null ? "--beam" : "--assign-after")
                    + " and --samples are two ways to decode: choose one");
        }
        if (samples == 0 && temperature.temperature() != 1) {
            throw UserException.usage("--temperature is for the samples of --samples; give --samples too");
        }
        PointInput points = PointReader.read(input, new PointReader.CsvColumns(setColumn, labelColumn));
        List<ResultWriter.SetResult> results = new ArrayList<>();
        try (LoadedModel loaded = LoadedModel.open(checkpoint, context.algorithms(), context.backends(),
                backendOptions.backend(), backendOptions.threads())) {
            loaded.validate(points.sets(), input.toString(), context.err());
            List<double[][]> sets = centering.apply(points.sets());
            try (ProgressBar bar = ProgressBars.open(noProgress ? null : context.progress(), "cluster", 0,
                    points.sets().size())) {
                if (samples == 0) {
                    List<Clustering> decoded = loaded.decode(sets, beam, decoding.assignAfter(),
                            done -> ProgressBars.step(bar, done));
                    for (int s = 0; s < decoded.size(); s++) {
                        results.add(new ResultWriter.SetResult(points.setIds().get(s), List.of(decoded.get(s))));
                    }
                } else {
                    for (int s = 0; s < points.sets().size(); s++) {
                        int set = s;
                        List<Clustering> top = EnergyOverflowException.numberingSetsFrom(set, () -> TopClusterings.of(
                                loaded.clusterer(), sets.get(set), draws, seed + set, samples, temperature.temperature()));
                        results.add(new ResultWriter.SetResult(points.setIds().get(s), top));
                        ProgressBars.step(bar, 1);
                    }
                }
            } catch (EnergyOverflowException e) {
                throw LoadedModel.overflowError(e, input.toString(), points.setIds());
            }
        }
        Format chosen = format != null ? format
                : output != null && output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? Format.JSON
                : Format.CSV;
        if (output == null) {
            OutputStream stdout = new NonClosingStream(context);
            write(results, chosen, stdout);
        } else {
            AtomicFiles.write(output, out -> write(results, chosen, out));
            context.err().println("wrote " + results.size() + " set(s) to " + output);
        }
        return ExitCodes.OK;
    }

    private static void write(List<ResultWriter.SetResult> results, Format format, OutputStream out) throws IOException {
        if (format == Format.JSON) {
            ResultWriter.writeJson(results, out);
            out.write('\n');
        } else {
            ResultWriter.writeCsv(results, out);
        }
        out.flush();
    }

    /** Routes bytes to the context's output writer (UTF-8 text) without closing it. */
    private static final class NonClosingStream extends OutputStream {

        private final CliContext context;
        private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();

        NonClosingStream(CliContext context) {
            this.context = context;
        }

        @Override
        public void write(int b) {
            buffer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
        }

        @Override
        public void flush() {
            context.out().print(buffer.toString(java.nio.charset.StandardCharsets.UTF_8));
            context.out().flush();
            buffer.reset();
        }
    }
}
