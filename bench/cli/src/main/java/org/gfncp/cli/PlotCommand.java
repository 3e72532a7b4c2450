package org.gfncp.cli;

import org.gfncp.cli.error.ExitCodes;
import org.gfncp.cli.error.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.gfncp.api.cluster.Clusterer;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.cli.io.PointInput;
import org.gfncp.cli.io.PointReader;
import org.gfncp.cli.io.TrainingLog;
import org.gfncp.cli.io.ResultWriter;
import org.gfncp.cli.model.LoadedModel;
import org.gfncp.cli.model.TopClusterings;
import org.gfncp.cli.model.TrainableModel;
import org.gfncp.cli.plot.Plots;
import org.gfncp.core.algo.pointwise.EnergyOverflowException;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.io.AtomicFiles;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.core.random.RandomStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gfncp plot}: PNG charts. */
@Command(name = "plot", mixinStandardHelpOptions = true, description = "Draw PNG charts.",
        subcommands = {PlotCommand.Clusters.class, PlotCommand.Sdpp.class, PlotCommand.Loss.class})
public final class PlotCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose what to plot: clusters, sdpp or loss");
    }

    /** {@code gfncp plot clusters}: a 2D set coloured by its most likely clusterings. */
    @Command(name = "clusters", mixinStandardHelpOptions = true,
            description = "A 2D set coloured by the model's most likely distinct clusterings (greedy plus samples), probabilities in the titles.")
    public static final class Clusters implements Callable<Integer> {

        private final CliContext context;

        @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "Trained model checkpoint.")
        Path checkpoint;

        @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Points (CSV or NPY); default: one generated set.")
        Path input;

        @Option(names = "--set-column", paramLabel = "COL", description = "CSV set-id column.")
        String setColumn;

        @Option(names = "--label-column", paramLabel = "COL", description = "CSV label column (ignored for plotting).")
        String labelColumn;

        @Option(names = "--set", paramLabel = "ID", description = "Which set of the input to plot (default: the first).")
        String setId;

        @Option(names = "--top", defaultValue = "3", description = "How many clusterings (default ${DEFAULT-VALUE}).")
        int top;

        @Option(names = "--draws", defaultValue = "100", description = "Samples drawn (default ${DEFAULT-VALUE}).")
        int draws;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "PNG", description = "Output PNG file.")
        Path out;

        @Mixin
        GeneratedSetOptions generated;

        @Mixin
        CenteringOption centering;

        @Mixin
        BackendOptions backendOptions;

        public Clusters(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            if (top < 1 || draws < top) {
                throw UserException.usage("need 1 <= --top <= --draws, got --top " + top + " --draws " + draws);
            }
            double[][] points;
            String plotted = "0";
            if (input != null) {
                PointInput in = PointReader.read(input, new PointReader.CsvColumns(setColumn, labelColumn));
                int index = setId == null ? 0 : in.setIds().indexOf(setId);
                if (index < 0) {
                    throw UserException.usage("no set '" + setId + "' in " + input + "; sets are " + in.setIds());
                }
                points = in.sets().get(index);
                plotted = in.setIds().get(index);
            } else {
                points = generated.generate(1).get(0).points();
            }
            if (points[0].length != 2) {
                throw UserException.input("cluster plots need 2D points, got dimension " + points[0].length);
            }
            List<Clustering> best;
            try (LoadedModel loaded = LoadedModel.open(checkpoint, context.algorithms(), context.backends(),
                    backendOptions.backend(), backendOptions.threads())) {
                loaded.validate(List.<double[][]>of(points), input != null ? input.toString() : "generated set",
                        context.err());
                // clustered in the centered frame, drawn where the points are
                double[][] clustered = input != null ? centering.apply(List.<double[][]>of(points)).get(0) : points;
                try {
                    best = TopClusterings.of(loaded.clusterer(), clustered, draws, generated.seed, top);
                } catch (EnergyOverflowException e) {
                    throw LoadedModel.overflowError(e, input != null ? input.toString() : "generated set",
                            List.of(plotted));
                }
            }
            Plots.clusterings(points, best, out);
            for (int i = 0; i < best.size(); i++) {
                context.out().printf(Locale.ROOT, "#%d p=%.6g K=%d%n", i + 1, best.get(i).probability(), best.get(i).clusters());
            }
            context.out().println("wrote " + out);
            return ExitCodes.OK;
        }
    }

    /** {@code gfncp plot sdpp}: SDPP histogram and ECDF of several models. */
    @Command(name = "sdpp", mixinStandardHelpOptions = true,
            description = {"SDPP (GFNCP eq. 32) per generated set: the most probable of --draws sampled clusterings, "
                    + "scored under the original order plus --permutations random orders (relabeled); "
                    + "histogram and ECDF per model.",
                "Example: --model GFNCP=runs/g/checkpoint.ckpt --model NCP=runs/n/checkpoint.ckpt"})
    public static final class Sdpp implements Callable<Integer> {

        private final CliContext context;

        @Option(names = "--model", required = true, paramLabel = "LABEL=CHECKPOINT", description = "A model to compare (repeatable).")
        Map<String, Path> models = new LinkedHashMap<>();

        @Option(names = "--permutations", defaultValue = "500", description = "Random orders per set (default ${DEFAULT-VALUE}).")
        int permutations;

        @Option(names = "--draws", defaultValue = "100", description = "Samples per set to pick the clustering (default ${DEFAULT-VALUE}).")
        int draws;

        @Option(names = "--bins", defaultValue = "30", description = "Histogram bins (default ${DEFAULT-VALUE}).")
        int bins;

        @Option(names = "--csv", paramLabel = "FILE", description = "Also write the SDPP values (model,set,sdpp).")
        Path csv;

        @Option(names = "--no-progress", description = "Do not draw a progress bar per model.")
        boolean noProgress;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "PNG", description = "Output PNG file.")
        Path out;

        @Mixin
        GeneratedSetOptions generated;

        @Mixin
        BackendOptions backendOptions;

        public Sdpp(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            if (permutations < 1 || draws < 1 || bins < 1) {
                throw UserException.usage("--permutations, --draws and --bins must be positive");
            }
            List<MixtureOfGaussians.LabeledSet> sets = generated.generate();
            Map<String, double[]> sdpp = new LinkedHashMap<>();
            for (Map.Entry<String, Path> model : models.entrySet()) {
                try (LoadedModel loaded = LoadedModel.open(model.getValue(), context.algorithms(), context.backends(),
                        backendOptions.backend(), backendOptions.threads());
                        ProgressBar bar = ProgressBars.open(noProgress ? null : context.progress(),
                                "sdpp " + model.getKey(), 0, sets.size())) {
                    double[] values = new double[sets.size()];
                    for (int s = 0; s < sets.size(); s++) {
                        values[s] = sdpp(loaded.model(), sets.get(s).points(), new RandomStream(generated.seed * 31 + s));
                        ProgressBars.step(bar, 1);
                    }
                    sdpp.put(model.getKey(), values);
                    context.out().printf(Locale.ROOT, "%s: mean SDPP %.4f, median %.4f, 90th percentile %.4f over %d "
                            + "sets%n", model.getKey(), ClusteringMetrics.mean(values), ClusteringMetrics.median(values),
                            ClusteringMetrics.quantile(values, 0.9), values.length);
                }
            }
            // every model saw the same sets, so they compare set by set as well as in distribution
            String first = sdpp.keySet().iterator().next();
            for (Map.Entry<String, double[]> other : sdpp.entrySet()) {
                if (!other.getKey().equals(first)) {
                    int below = 0;
                    for (int s = 0; s < sets.size(); s++) {
                        below += other.getValue()[s] < sdpp.get(first)[s] ? 1 : 0;
                    }
                    context.out().printf(Locale.ROOT, "%s below %s on %d of %d sets%n", other.getKey(), first, below,
                            sets.size());
                }
            }
            Plots.sdpp(sdpp, bins, out);
            if (csv != null) {
                StringBuilder text = new StringBuilder("model,set,sdpp\n");
                for (Map.Entry<String, double[]> entry : sdpp.entrySet()) {
                    for (int s = 0; s < entry.getValue().length; s++) {
                        text.append(ResultWriter.csvField(entry.getKey())).append(',').append(s).append(',')
                                .append(String.format(Locale.ROOT, "%.8g", entry.getValue()[s])).append('\n');
                    }
                }
                AtomicFiles.write(csv, o -> o.write(text.toString().getBytes(StandardCharsets.UTF_8)));
            }
            context.out().println("wrote " + out);
            return ExitCodes.OK;
        }

        private double sdpp(TrainableModel model, double[][] points, RandomStream random) {
            Clusterer clusterer = model.clusterer();
            // The code's choice (spec 0.8): the most probable of the policy samples, not the greedy clustering.
            List<Clustering> sampled = clusterer.sample(points, draws, random.nextLong());
            int[] labels = sampled.isEmpty() ? clusterer.cluster(points).labels() : sampled.get(0).labels();
            return model.sdpp(points, labels, permutations, random);
        }

    }

    /** {@code gfncp plot loss}: training curves from one or more training logs. */
    @Command(name = "loss", mixinStandardHelpOptions = true,
            description = "Training loss (raw and moving average) and validation NMI from train-log.csv files.")
    public static final class Loss implements Callable<Integer> {

        private final CliContext context;

        @Option(names = "--log", required = true, paramLabel = "[LABEL=]FILE",
                description = "A training log (repeatable); the label defaults to the log's directory name.")
        List<String> logs = new ArrayList<>();

        @Option(names = "--window", defaultValue = "50", description = "Moving-average window (default ${DEFAULT-VALUE}).")
        int window;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "PNG", description = "Output PNG file.")
        Path out;

        public Loss(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            if (window < 1) {
                throw UserException.usage("--window must be at least 1, got " + window);
            }
            Map<String, List<TrainingLog.Row>> rows = new LinkedHashMap<>();
            for (String spec : logs) {
                int eq = spec.indexOf('=');
                Path file = Path.of(eq >= 0 ? spec.substring(eq + 1) : spec);
                String label = eq >= 0 ? spec.substring(0, eq)
                        : file.toAbsolutePath().getParent() != null ? file.toAbsolutePath().getParent().getFileName().toString()
                        : file.toString();
                List<TrainingLog.Row> read = TrainingLog.read(file);
                if (read.isEmpty()) {
                    throw UserException.input(file + " has no training rows yet");
                }
                rows.put(label, read);
            }
            Plots.training(rows, window, out);
            context.out().println("wrote " + out);
            return ExitCodes.OK;
        }
    }
}
