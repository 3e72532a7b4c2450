package org.gfncp.cli.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.gfncp.api.cluster.Clusterer;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.core.algo.pointwise.Consistency;
import org.gfncp.core.algo.pointwise.PointwiseClusterer;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.NamedTensor;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.TensorOps;

/**
 * Common checkpoint glue of the point-wise models (GFNCP, NCP): parameters are stored as {@code model/<name>}, the
 * optimizer as {@code optim/steps}, {@code optim/m/<name>} and {@code optim/v/<name>}; the configuration record is
 * stored as a map.
 */
abstract class PointwiseModel<C extends Record> implements TrainableModel {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String OPTIM_STEPS = OPTIMIZER_PREFIX + "steps";
    private static final String OPTIM_M = OPTIMIZER_PREFIX + "m/";
    private static final String OPTIM_V = OPTIMIZER_PREFIX + "v/";

    protected final C config;
    protected final PointwiseClusterer model;
    protected final Adam adam;

    PointwiseModel(C config, PointwiseClusterer model, Adam adam) {
        this.config = config;
        this.model = model;
        this.adam = adam;
    }

    /**
     * The settings GFNCP and NCP share with the training run: batch and set sizes, CRP concentration, the largest
     * cluster count, the schedule length and the seed.
     */
    static Map<String, Object> sharedTrainingDefaults(TrainingConfig training) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("batchSize", training.batch());
        values.put("nMin", training.nMin());
        values.put("nMax", training.nMax());
        values.put("crpAlpha", training.alpha());
        values.put("maxClusters", training.fixedK() != null ? training.fixedK() : training.maxK());
        values.put("iterations", training.iterations());
        values.put("seed", training.seed());
        return values;
    }

    /** Both learning-rate schedules span the run's {@code iterations}. */
    static Map<String, Object> iterationsSetting(TrainingConfig training) {
        return Map.of("iterations", training.iterations());
    }

    /**
     * {@code defaults} with {@code seed}, overridden by {@code settings} (which may hold their own seed); unknown keys
     * are an {@link IllegalArgumentException}.
     */
    static <C extends Record> C configFrom(C defaults, Map<String, Object> settings, long seed, Class<C> type) {
        Map<String, Object> merged = Checkpoint.toMap(defaults);
        merged.put("seed", seed);
        merged.putAll(settings);
        try {
            return MAPPER.convertValue(merged, type);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("bad " + type.getSimpleName() + " settings " + settings.keySet() + ": " + reason, e);
        }
    }

    @Override
    public Map<String, Object> config() {
        return Checkpoint.toMap(config);
    }

    @Override
    public Clusterer clusterer() {
        return model;
    }

    @Override
    public List<NamedTensor> tensors() {
        TensorOps ops = model.backend().ops();
        List<NamedTensor> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> entry : model.parameters().asMap().entrySet()) {
            Tensor value = entry.getValue().value();
            out.add(new NamedTensor("model/" + entry.getKey(), value.shape(), ops.toFloats(value)));
        }
        out.add(new NamedTensor(OPTIM_STEPS, new int[] {}, new float[] {adam.steps()}));
        for (Map.Entry<String, Tensor[]> entry : adam.state(model.parameters().asMap()).entrySet()) {
            Tensor[] mv = entry.getValue();
            out.add(new NamedTensor(OPTIM_M + entry.getKey(), mv[0].shape(), ops.toFloats(mv[0])));
            out.add(new NamedTensor(OPTIM_V + entry.getKey(), mv[1].shape(), ops.toFloats(mv[1])));
        }
        return out;
    }

    @Override
    public void load(List<NamedTensor> tensors) {
        TensorOps ops = model.backend().ops();
        Map<String, NamedTensor> byName = new LinkedHashMap<>();
        tensors.forEach(t -> byName.put(t.name(), t));
        for (Map.Entry<String, Parameter> entry : model.parameters().asMap().entrySet()) {
            NamedTensor stored = byName.get("model/" + entry.getKey());
            if (stored == null) {
                throw new IllegalArgumentException("checkpoint lacks parameter model/" + entry.getKey());
            }
            int[] expected = entry.getValue().value().shape();
            if (!Arrays.equals(expected, stored.shape())) {
                throw new IllegalArgumentException("parameter " + entry.getKey() + " has shape " + Arrays.toString(stored.shape())
                        + " in the checkpoint but " + Arrays.toString(expected) + " in the model");
            }
            entry.getValue().set(ops.fromFloats(stored.data(), stored.shape()));
        }
        restoreOptimizer(ops, byName);
    }

    /** Adam's step count and the moments of every parameter that has them; the uploads are released afterwards. */
    private void restoreOptimizer(TensorOps ops, Map<String, NamedTensor> byName) {
        NamedTensor stepCount = byName.get(OPTIM_STEPS);
        if (stepCount == null) {
            throw new IllegalArgumentException("checkpoint has no optimizer state (" + OPTIM_STEPS + ")");
        }
        Map<String, Tensor[]> moments = new LinkedHashMap<>();
        try {
            for (String name : model.parameters().asMap().keySet()) {
                NamedTensor m = byName.get(OPTIM_M + name);
                NamedTensor v = byName.get(OPTIM_V + name);
                if (m != null && v != null) {
                    moments.put(name, new Tensor[] {ops.fromFloats(m.data(), m.shape()), ops.fromFloats(v.data(), v.shape())});
                }
            }
            adam.restore((long) stepCount.data()[0], model.parameters().asMap(), moments);
        } finally {
            moments.values().forEach(mv -> {
                mv[0].close();
                mv[1].close();
            });
        }
    }

    @Override
    public OptionalDouble marginalConsistency(double[][] points, int[] labels) {
        return OptionalDouble.of(Consistency.marginalConsistency(model, List.<double[][]>of(points), List.of(labels))[0]);
    }

    @Override
    public double sdpp(double[][] points, int[] labels, int permutations, RandomStream random) {
        return Consistency.sdpp(model, points, labels, permutations, random);
    }

    @Override
    public void close() {
        try {
            adam.close();
        } finally {
            model.close();
        }
    }
}
