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
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.data.MixtureOfGaussians;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.NamedTensor;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.TensorOps;

/**
 * Common checkpoint glue of the point-wise models (GFNCP, NCP): parameters are stored as {@code model/<name>} and
 * the optimizer as {@code optim/...}; the configuration record is stored as a map.
 */
abstract class PointwiseModel<C extends Record> implements TrainableModel {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    protected final C config;
    protected final PointwiseClusterer model;
    protected final RestorableAdam adam;

    PointwiseModel(C config, PointwiseClusterer model, RestorableAdam adam) {
        this.config = config;
        this.model = model;
        this.adam = adam;
    }

    /** {@code defaults} overridden by {@code settings}; unknown keys are an {@link IllegalArgumentException}. */
    static <C extends Record> C configFrom(C defaults, Map<String, Object> settings, Class<C> type) {
        Map<String, Object> merged = Checkpoint.toMap(defaults);
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

    /** One shared labeling copied to every set of the batch. */
    static TrainingBatch trainingBatch(MixtureOfGaussians.Batch batch, int[] labels, boolean exploration) {
        int[][] perSet = new int[batch.batchSize()][];
        for (int b = 0; b < perSet.length; b++) {
            perSet[b] = labels.clone();
        }
        return new TrainingBatch(batch.points(), perSet, exploration);
    }

    @Override
    public List<NamedTensor> tensors() {
        TensorOps ops = model.backend().ops();
        List<NamedTensor> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> entry : model.parameters().asMap().entrySet()) {
            Tensor value = entry.getValue().value();
            out.add(new NamedTensor("model/" + entry.getKey(), value.shape(), ops.toFloats(value)));
        }
        out.addAll(adam.state(model.parameters().asMap()));
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
        adam.restore(model.parameters().asMap(), byName);
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
