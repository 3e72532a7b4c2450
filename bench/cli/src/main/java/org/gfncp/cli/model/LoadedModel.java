package org.gfncp.cli.model;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.gfncp.api.cluster.Clusterer;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.cli.error.UserException;
import org.gfncp.core.algo.pointwise.EnergyOverflowException;
import org.gfncp.core.algo.pointwise.PointwiseClusterer;
import org.gfncp.core.backend.Selection;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.data.PointSets;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.Checkpoints;

/** A model restored from a checkpoint together with the backend it runs on; closing releases both. */
public final class LoadedModel implements AutoCloseable {

    private final Checkpoint checkpoint;
    private final Selection selection;
    private final TrainableModel model;

    private LoadedModel(Checkpoint checkpoint, Selection selection, TrainableModel model) {
        this.checkpoint = checkpoint;
        this.selection = selection;
        this.model = model;
    }

    public static LoadedModel open(Path checkpointFile, Algorithms algorithms, BackendChoice backends, String backend,
            int threads) throws IOException {
        Checkpoint checkpoint = Checkpoints.read(checkpointFile);
        ModelFactory factory = algorithms.get(checkpoint.algorithm());
        Selection selection = backends.open(backend, threads);
        try {
            TrainableModel model = factory.create(selection.backend(), checkpoint.config(), 0L);
            try {
                model.load(checkpoint.tensors());
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            return new LoadedModel(checkpoint, selection, model);
        } catch (RuntimeException e) {
            selection.backend().close();
            throw e;
        }
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    public TrainableModel model() {
        return model;
    }

    public Clusterer clusterer() {
        return model.clusterer();
    }

    public String backendName() {
        return selection.backend().name();
    }

    /**
     * How many times the largest training set a set may be before {@link #validate} warns. The point-wise models sum
     * encodings over clusters and over the unassigned points, and those sums leave the range the networks were
     * trained on as sets grow: on K = 5 mixtures `models/gfncp-mog2d` (trained at N < 100) kept NMI 0.93 at
     * N = 3000 and fell to 0.51 at 10,000, the session-10 `models/gfncp-mog2d-p` (N <= 300) went 0.97, 0.88, 0.77 at
     * 3000, 10,000 and 30,000, its session-13 successor 0.98 and 0.65 at 3000 and 10,000 (docs/results/README.md,
     * "Session 12", "Accuracy against set size").
     */
    static final int LARGE_SET_FACTOR = 30;

    /**
     * Nearly every coordinate of the tool's training sets lies within this distance of its set's median: five
     * standard deviations of the cluster means plus five of the points (the tool trains on the 2D mixtures only).
     */
    static final double TRAINING_EXTENT = 5 * MixtureOfGaussians.DEFAULT_MEAN_STD
            + 5 * MixtureOfGaussians.DEFAULT_POINT_STD;

    /**
     * How many times {@link #TRAINING_EXTENT} a coordinate may lie from its set's median before {@link #validate}
     * warns: the networks are piecewise linear, so beyond their training range they extrapolate, and at 1e18 a
     * model's step probabilities were already rounding noise.
     */
    static final double FAR_SCALE_FACTOR = 4;

    /**
     * Validates user sets against the model's point dimension; problems are input errors naming {@code source}. A
     * set over {@link #LARGE_SET_FACTOR} times the largest the model was trained on, and coordinates over
     * {@link #FAR_SCALE_FACTOR} times the training sets' extent from their set's median, get a warning each on
     * {@code warnings}, once per call.
     */
    public void validate(List<double[][]> sets, String source, PrintWriter warnings) {
        try {
            PointSets.validateAll(sets, model.clusterer().pointDimension());
        } catch (IllegalArgumentException e) {
            throw UserException.input(source + ": " + e.getMessage() + " (the model expects "
                    + model.clusterer().pointDimension() + "-dimensional points)");
        }
        int trained = largestTrainingSet();
        int largest = sets.stream().mapToInt(set -> set.length).max().orElse(0);
        if (trained > 0 && largest > (long) LARGE_SET_FACTOR * trained) {
            warnings.println("gfncp: warning: " + source + ": a set of " + largest + " points, " + largest / trained
                    + " times the largest this model was trained on (" + trained + "); its clusterings degrade on"
                    + " sets far beyond its training sizes; --assign-after " + trained + " decodes the first " + trained
                    + " points and assigns the rest given them (docs/results/README.md, \"Accuracy against set size\")");
            warnings.flush();
        }
        double farthest = 0;
        for (double[][] set : sets) {
            double[] median = PointSets.medians(set);
            for (double[] point : set) {
                for (int d = 0; d < median.length; d++) {
                    farthest = Math.max(farthest, Math.abs(point[d] - median[d]));
                }
            }
        }
        if (farthest > FAR_SCALE_FACTOR * TRAINING_EXTENT) {
            warnings.println("gfncp: warning: " + source + ": coordinates lie up to " + String.format(Locale.ROOT,
                    "%.3g", farthest) + " from their set's median, over " + (int) FAR_SCALE_FACTOR + " times the"
                    + " extent of the sets this model was trained on (about " + (int) TRAINING_EXTENT + ": cluster"
                    + " means ~ N(0, " + (int) MixtureOfGaussians.DEFAULT_MEAN_STD + "^2), points ~ N(mean, "
                    + (int) MixtureOfGaussians.DEFAULT_POINT_STD + ")); its clusterings there are extrapolation:"
                    + " rescale the points so that each cluster spreads about 1");
            warnings.flush();
        }
    }

    /**
     * The input error for an overflow met while decoding the sets read from {@code source}, naming the set by its id
     * ({@link #decode} and {@link #sampleEach} number sets as their list does).
     */
    public static UserException overflowError(EnergyOverflowException e, String source, List<String> setIds) {
        return UserException.input(source + ": set " + setIds.get(e.set()) + ", " + e.pointMessage());
    }

    /** The largest training set size in the checkpoint's configuration ({@code nMax} is exclusive), or 0. */
    int largestTrainingSet() {
        return checkpoint.config().get("nMax") instanceof Number n ? n.intValue() - 1 : 0;
    }

    /** Sets per batched greedy call: enough to batch, small enough to bound memory. */
    public static final int CHUNK = 32;

    /**
     * The clustering of each set: greedy, {@link #CHUNK} sets per batched call; with {@code beam} non-null the most
     * probable beam of a beam search with that many beams (1 is greedy decoding; the core rejects less); with
     * {@code assignAfter} non-null {@link PointwiseClusterer#clusterAfter}. The last two go one set at a time and are
     * usage errors for a model that does not decode point by point.
     *
     * @param decoded told how many more sets are done after each call (progress)
     */
    public List<Clustering> decode(List<double[][]> sets, Integer beam, Integer assignAfter, IntConsumer decoded) {
        List<Clustering> out = new ArrayList<>(sets.size());
        if (beam == null && assignAfter == null) {
            for (int from = 0; from < sets.size(); from += CHUNK) {
                List<double[][]> chunk = sets.subList(from, Math.min(sets.size(), from + CHUNK));
                out.addAll(EnergyOverflowException.numberingSetsFrom(from, () -> model.clusterer().clusterAll(chunk)));
                decoded.accept(chunk.size());
            }
            return out;
        }
        if (!(model.clusterer() instanceof PointwiseClusterer pointwise)) {
            throw UserException.usage((beam != null ? "--beam" : "--assign-after")
                    + " needs a model that decodes point by point (gfncp, ncp), not " + checkpoint.algorithm());
        }
        for (int s = 0; s < sets.size(); s++) {
            double[][] set = sets.get(s);
            out.add(EnergyOverflowException.numberingSetsFrom(s, () -> beam != null ? pointwise.beamSearch(set, beam)
                    : pointwise.clusterAfter(set, assignAfter)));
            decoded.accept(1);
        }
        return out;
    }

    /**
     * Each set's {@code top} most probable distinct clusterings among {@code samples} draws from the model, most
     * probable first, drawn at {@code temperature}; set {@code i} is drawn with seed {@code seed + i}, as
     * {@code gfncp cluster --samples} draws it.
     *
     * @param decoded told after each set (progress)
     */
    public List<List<Clustering>> sampleEach(List<double[][]> sets, int samples, int top, long seed,
            double temperature, IntConsumer decoded) {
        List<List<Clustering>> out = new ArrayList<>(sets.size());
        for (int i = 0; i < sets.size(); i++) {
            int set = i;
            List<Clustering> distinct = EnergyOverflowException.numberingSetsFrom(set,
                    () -> TopClusterings.draw(model.clusterer(), sets.get(set), samples, seed + set, temperature));
            out.add(List.copyOf(distinct.subList(0, Math.min(top, distinct.size()))));
            decoded.accept(1);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            selection.backend().close();
        }
    }
}
