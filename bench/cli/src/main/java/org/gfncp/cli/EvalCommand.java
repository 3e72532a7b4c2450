package org.gfncp.cli;

import org.gfncp.cli.error.ExitCodes;
import org.gfncp.cli.error.UserException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.cli.io.MetricsRecord;
import org.gfncp.cli.io.PointInput;
import org.gfncp.cli.io.PointReader;
import org.gfncp.cli.model.ExactPosterior;
import org.gfncp.cli.model.LoadedModel;
import org.gfncp.core.algo.pointwise.EnergyOverflowException;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.io.AtomicFiles;
import org.gfncp.core.metric.ClusteringMetrics;
import org.gfncp.core.metric.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gfncp eval}: NMI, ARI, ACC and MC of a trained model, per set, then mean ± std over sets. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained model with greedy decoding (or beam search, --beam, or the paper's average score over "
                + "samples, --average-score): NMI, ARI, ACC (Hungarian) and, where the algorithm "
                + "defines it, MC (marginal consistency / N) on the predicted (MC_pred) and true (MC_gt) labels.",
            "Sets are generated (2D MoG, spec profile C defaults) unless --input gives labeled sets "
                    + "(CSV with --label-column, optionally --set-column)."})
public final class EvalCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "Trained model checkpoint.")
    Path checkpoint;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Labeled sets (CSV) instead of generated ones.")
    Path input;

    @Option(names = "--set-column", paramLabel = "COL", description = "CSV column with set ids.")
    String setColumn;

    @Option(names = "--label-column", paramLabel = "COL", description = "CSV column with ground-truth labels (required with --input).")
    String labelColumn;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the summary and per-set values as JSON.")
    Path json;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Add this evaluation (mean ± std per metric) to a metrics JSON file, under --label, and rewrite "
                    + "the Markdown table beside it (same name, .md); other labels in the file are kept.")
    Path record;

    @Option(names = "--label", paramLabel = "NAME", description = "Name of this evaluation in --record (default: the set description).")
    String label;

    @Option(names = "--no-progress", description = "Do not draw a progress bar while decoding.")
    boolean noProgress;

    @Option(names = "--average-score", paramLabel = "T",
            description = {"Score sampled clusterings instead of one decoded clustering (the paper's average-score mode, "
                    + "its appendix B): draw --draws clusterings per set (seeded by --seed plus the set's index), keep "
                    + "the T most probable distinct ones and average NMI, ARI and ACC over them, each counted once; also "
                    + "reports the best NMI and ARI among them (an upper bound that looks at the truth) and how many "
                    + "there were. MC and the law's metrics are those of the most probable. The paper's top 100: T = 100."})
    Integer averageScore;

    @Option(names = "--draws", paramLabel = "S",
            description = "Samples drawn per set for --average-score (default: T, so every distinct sample counts).")
    Integer draws;

    @Option(names = "--exact-posterior",
            description = "On generated sets of at most 10 points: compare the model's distribution over every "
                    + "clustering with the exact posterior under the sets' law (means integrated out, the allowed K "
                    + "only): KL(true || model), both entropies (the model's lower: too sharp, higher: too flat) and "
                    + "the true posterior probability of the decoded clustering.")
    boolean exactPosterior;

    @Mixin
    DecodingOptions decoding;

    @Mixin
    TemperatureOption temperature;

    @Mixin
    CenteringOption centering;

    @Mixin
    GeneratedSetOptions generated;

    @Mixin
    BackendOptions backendOptions;

    public EvalCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        Integer beam = decoding.beam();
        int drawn = drawsPerSet();
        String decodingDescription = averageScore != null
                ? "average score over the " + (drawn == averageScore ? "distinct clusterings of " + drawn + " samples"
                        : averageScore + " most probable distinct clusterings of " + drawn + " samples")
                        + temperature.describe()
                : decoding.describe();
        if (exactPosterior && (input != null || generated.n > ExactPosterior.MAX_POINTS)) {
            throw UserException.usage("--exact-posterior lists every clustering of generated sets under their law: it "
                    + "needs generated sets of at most " + ExactPosterior.MAX_POINTS + " points"
                    + (input != null ? ", not --input" : ", not --n " + generated.n));
        }
        List<double[][]> sets;
        List<String> setIds;
        List<int[]> truth;
        List<int[]> oracle = List.of();
        MixtureOfGaussians law = new MixtureOfGaussians();
        String description;
        if (input != null) {
            if (labelColumn == null) {
                throw UserException.usage("--input needs --label-column (the ground truth to score against)");
            }
            PointInput points = PointReader.read(input, new PointReader.CsvColumns(setColumn, labelColumn));
            sets = points.sets();
            setIds = points.setIds();
            truth = points.labels();
            description = points.sets().size() + " labeled set(s) from " + input;
        } else {
            List<MixtureOfGaussians.LabeledSet> generatedSets = generated.generate();
            sets = generatedSets.stream().map(MixtureOfGaussians.LabeledSet::points).toList();
            setIds = IntStream.range(0, sets.size()).mapToObj(String::valueOf).toList();
            truth = generatedSets.stream().map(MixtureOfGaussians.LabeledSet::labels).toList();
            oracle = generatedSets.stream().map(law::oracleLabels).toList();
            description = generated.describe();
        }
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (String metric : MetricsRecord.METRICS) {
            values.put(metric, new ArrayList<>());
        }
        if (averageScore != null) {
            for (String metric : SAMPLED_METRICS) {
                values.put(metric, new ArrayList<>());
            }
        }
        if (exactPosterior) {
            for (String metric : POSTERIOR_METRICS) {
                values.put(metric, new ArrayList<>());
            }
        }
        String algorithm;
        String backendName;
        double seconds;
        Object trainedIterations;
        try (LoadedModel loaded = LoadedModel.open(checkpoint, context.algorithms(), context.backends(),
                backendOptions.backend(), backendOptions.threads())) {
            algorithm = loaded.checkpoint().algorithm();
            trainedIterations = loaded.checkpoint().state().get("iteration");
            backendName = loaded.backendName();
            loaded.validate(sets, input != null ? input.toString() : "generated sets", context.err());
            // generated sets are centered already; only files are moved into that frame
            List<double[][]> decodedSets = input != null ? centering.apply(sets) : sets;
            long start = System.nanoTime();
            List<List<Clustering>> scored;
            try (ProgressBar bar = ProgressBars.open(noProgress ? null : context.progress(), "eval", 0, sets.size())) {
                scored = averageScore != null
                        ? loaded.sampleEach(decodedSets, drawn, averageScore, generated.seed,
                                temperature.temperature(), done -> ProgressBars.step(bar, done))
                        : loaded.decode(decodedSets, beam, decoding.assignAfter(),
                                done -> ProgressBars.step(bar, done)).stream().map(List::of).toList();
            } catch (EnergyOverflowException e) {
                throw LoadedModel.overflowError(e, input != null ? input.toString() : "generated sets", setIds);
            }
            seconds = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < sets.size(); i++) {
                int[] t = truth.get(i);
                List<Clustering> clusterings = scored.get(i);
                // the most probable one stands for the set where a metric reads a single clustering
                int[] p = clusterings.get(0).labels();
                double[] nmi = clusterings.stream().mapToDouble(c -> ClusteringMetrics.nmi(t, c.labels())).toArray();
                double[] ari = clusterings.stream().mapToDouble(c -> ClusteringMetrics.ari(t, c.labels())).toArray();
                values.get("NMI").add(ClusteringMetrics.mean(nmi));
                values.get("ARI").add(ClusteringMetrics.mean(ari));
                values.get("ACC").add(ClusteringMetrics.mean(clusterings.stream()
                        .mapToDouble(c -> ClusteringMetrics.accuracy(t, c.labels())).toArray()));
                if (averageScore != null) {
                    values.get("best NMI").add(Arrays.stream(nmi).max().orElseThrow());
                    values.get("best ARI").add(Arrays.stream(ari).max().orElseThrow());
                    values.get("distinct").add((double) clusterings.size());
                }
                if (exactPosterior) {
                    ExactPosterior posterior = ExactPosterior.of(loaded.clusterer(), decodedSets.get(i), p, law,
                            generated.alpha(), generated.rule());
                    values.get("post KL").add(posterior.kl());
                    values.get("post H true").add(posterior.trueEntropy());
                    values.get("post H model").add(posterior.modelEntropy());
                    values.get("post p(pred)").add(posterior.truePosteriorOfPrediction());
                }
                addIfPresent(values.get("MC_pred/N"), loaded.model().marginalConsistency(decodedSets.get(i), p));
                addIfPresent(values.get("MC_gt/N"), loaded.model().marginalConsistency(decodedSets.get(i), t));
                if (!oracle.isEmpty()) {
                    values.get("oracle NMI").add(ClusteringMetrics.nmi(t, oracle.get(i)));
                    values.get("oracle ARI").add(ClusteringMetrics.ari(t, oracle.get(i)));
                    double truthLogJoint = law.logJoint(sets.get(i), t, generated.alpha());
                    double gap = law.logJoint(sets.get(i), p, generated.alpha()) - truthLogJoint;
                    values.get("law dlogp").add(gap);
                    values.get("law pred>=truth").add(gap >= 0 ? 1.0 : 0.0);
                    values.get("law dlogp oracle").add(law.logJoint(sets.get(i), oracle.get(i), generated.alpha())
                            - truthLogJoint);
                }
            }
        }
        context.out().println(algorithm + " (" + checkpoint + ") on " + backendName + ", " + decodingDescription);
        context.out().println(description);
        Map<String, Map<String, Object>> summary = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> entry : values.entrySet()) {
            if (entry.getValue().isEmpty()) {
                String why = entry.getKey().startsWith("oracle") ? "given sets carry no true cluster means"
                        : entry.getKey().startsWith("law") ? "given sets have no known generating law"
                        : "not defined for " + algorithm;
                context.out().printf(Locale.ROOT, "%-10s n/a (%s)%n", entry.getKey(), why);
                continue;
            }
            double[] v = entry.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            Summary s = Summary.of(v);
            context.out().printf(Locale.ROOT, "%-10s %s   (mean ± std over %d sets)%n", entry.getKey(), s.format(4), v.length);
            summary.put(entry.getKey(), Map.of("mean", s.mean(), "std", s.std(), "sets", v.length, "values", v));
        }
        context.out().printf(Locale.ROOT, "decoding took %.2f s (%.1f ms per set)%n", seconds, 1000 * seconds / sets.size());
        if (record != null) {
            String described = decoding.greedy() && averageScore == null ? description
                    : description + ", " + decodingDescription;
            MetricsRecord.add(record, label != null ? label : described, algorithm, checkpoint, trainedIterations,
                    backendName, description, decodingDescription, summary);
            context.out().println("recorded as '" + (label != null ? label : described) + "' in " + record + " and "
                    + MetricsRecord.markdownFile(record));
        }
        if (json != null) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("algorithm", algorithm);
            document.put("checkpoint", checkpoint.toString());
            document.put("backend", backendName);
            document.put("sets", description);
            document.put("decoding", decodingDescription);
            document.put("metrics", summary);
            byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(document);
            AtomicFiles.write(json, out -> out.write(bytes));
        }
        return ExitCodes.OK;
    }

    /** Samples drawn per set for {@code --average-score} (0 without it); usage errors, before any work, for bad counts. */
    private int drawsPerSet() {
        if (averageScore == null) {
            if (draws != null || temperature.temperature() != 1) {
                throw UserException.usage((draws != null ? "--draws" : "--temperature")
                        + " is for the samples of --average-score; give --average-score too");
            }
            return 0;
        }
        if (averageScore < 1) {
            throw UserException.usage("--average-score must be at least 1, got " + averageScore);
        }
        if (draws != null && draws < averageScore) {
            throw UserException.usage("--average-score T keeps T of --draws S samples and needs T <= S, got "
                    + averageScore + " and " + draws);
        }
        if (!decoding.greedy()) {
            throw UserException.usage("--average-score and " + (decoding.beam() != null ? "--beam" : "--assign-after")
                    + " are two ways to decode: choose one");
        }
        return draws != null ? draws : averageScore;
    }

    /** What {@code --average-score} adds: the best of each set's sampled clusterings, and how many were distinct. */
    static final List<String> SAMPLED_METRICS = List.of("best NMI", "best ARI", "distinct");

    /** What {@code --exact-posterior} adds (nats, and the true posterior probability of the decoded clustering). */
    static final List<String> POSTERIOR_METRICS = List.of("post KL", "post H true", "post H model", "post p(pred)");

    private static void addIfPresent(List<Double> values, OptionalDouble value) {
        value.ifPresent(values::add);
    }
}
