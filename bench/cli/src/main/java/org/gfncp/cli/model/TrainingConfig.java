package org.gfncp.cli.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gfncp.cli.error.UserException;

/**
 * Training settings, read from a JSON file and overridden by command-line flags. Defaults follow the GFNCP code
 * (spec 2.5): batch 32, N in [50, 100), CRP alpha 0.7 with 2 <= K <= 10, checkpoints every 500 iterations.
 *
 * @param algorithm model name, e.g. {@code gfncp}
 * @param backend backend name, or null for the default rules
 * @param seed seeds initialization, data and every random choice of the run
 * @param iterations total iterations (a resumed run continues up to this count)
 * @param batch sets per iteration
 * @param nMin smallest set size (inclusive)
 * @param nMax largest set size (exclusive, as numpy randint)
 * @param alpha CRP concentration
 * @param minK smallest accepted number of clusters
 * @param maxK largest accepted number of clusters
 * @param fixedK when set, every partition has exactly this many clusters (overrides minK/maxK)
 * @param augmented use the self-supervised MoG generator
 * @param checkpointEvery iterations between checkpoints (the last iteration always checkpoints)
 * @param validateEvery iterations between validation NMI evaluations (0 = never)
 * @param validationSets fixed generated sets used for the validation NMI
 * @param validationN size of each validation set
 * @param threads intra-op threads for the backend
 * @param selectionWindow iterations in the moving average of the training loss that picks {@code best.ckpt}
 *        (spec 6: the lowest 500-iteration moving average, checked at every checkpoint)
 * @param selectBy what picks {@code best.ckpt}: {@code loss} (default, the paper's rule) or {@code validation}, the
 *        highest mean validation NMI over the same window. GFNCP's code loss is signed (its contrastive term is
 *        linear), and a diverging run can reach its lowest loss average while breaking down; validation NMI cannot
 *        be fooled that way
 * @param init the checkpoint whose weights started the run (fine-tuning), or null for fresh weights
 * @param model algorithm-specific settings, passed to the model factory
 */
public record TrainingConfig(String algorithm, String backend, long seed, int iterations, int batch, int nMin,
        int nMax, double alpha, int minK, int maxK, Integer fixedK, boolean augmented, int checkpointEvery,
        int validateEvery, int validationSets, int validationN, int threads, int selectionWindow,
        String selectBy, String init, Map<String, Object> model) {

    /** {@link #selectBy()} value: the lowest moving average of the training loss. */
    public static final String SELECT_BY_LOSS = "loss";
    /** {@link #selectBy()} value: the highest mean validation NMI within the selection window. */
    public static final String SELECT_BY_VALIDATION = "validation";

    private static final ObjectMapper COPIER = new ObjectMapper();

    public TrainingConfig {
        model = model == null ? Map.of() : Map.copyOf(model);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig("gfncp", null, 123, 2000, 32, 50, 100, 0.7, 2, 10, null, false, 500, 100, 16, 100,
                1, 500, SELECT_BY_LOSS, null, Map.of());
    }

    /**
     * Reads a JSON object whose keys are this record's component names ({@code "nMin"}, {@code "model"}, ...); keys
     * it leaves out keep their defaults, unknown keys are an error.
     */
    public static TrainingConfig load(Path file) {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode user;
        try {
            user = mapper.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw UserException.input("config file not found: " + file);
        } catch (IOException e) {
            throw UserException.input("config file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (user == null || !user.isObject()) {
            throw UserException.input("config file " + file + " must hold a JSON object");
        }
        return fromJson(mapper, (ObjectNode) user, file.toString());
    }

    /** Defaults overridden by the fields of {@code user}. */
    public static TrainingConfig fromJson(ObjectMapper mapper, ObjectNode user, String source) {
        ObjectNode merged = mapper.valueToTree(defaults());
        merged.setAll(user);
        try {
            return mapper.treeToValue(merged, TrainingConfig.class);
        } catch (IOException e) {
            throw UserException.input("bad training config in " + source + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Checks the settings together; a bad value is a usage error naming the setting. */
    public TrainingConfig validated() {
        require(iterations >= 1, "iterations must be at least 1, got " + iterations);
        require(batch >= 1, "batch must be at least 1, got " + batch);
        require(nMin >= 1 && nMax > nMin, "set sizes need 1 <= n-min < n-max, got n-min=" + nMin + ", n-max=" + nMax);
        require(alpha > 0 && Double.isFinite(alpha), "alpha must be positive, got " + alpha);
        require(fixedK == null || (fixedK >= 1 && fixedK < nMax), "fixed-k must be in [1, n-max), got " + fixedK);
        require(fixedK != null || (minK >= 1 && maxK >= minK), "need 1 <= min-k <= max-k, got " + minK + ", " + maxK);
        require(checkpointEvery >= 1, "checkpoint-every must be at least 1, got " + checkpointEvery);
        require(validateEvery >= 0, "validate-every must be >= 0, got " + validateEvery);
        require(validateEvery == 0 || (validationSets >= 1 && validationN >= 2),
                "validation needs at least 1 set of at least 2 points");
        require(threads >= 1, "threads must be at least 1, got " + threads);
        require(selectionWindow >= 1, "selection-window must be at least 1, got " + selectionWindow);
        require(SELECT_BY_LOSS.equals(selectBy) || SELECT_BY_VALIDATION.equals(selectBy),
                "select-by must be '" + SELECT_BY_LOSS + "' or '" + SELECT_BY_VALIDATION + "', got " + selectBy);
        require(!SELECT_BY_VALIDATION.equals(selectBy)
                || (validateEvery >= 1 && checkpointEvery % validateEvery == 0),
                "select-by validation needs validate-every >= 1 dividing checkpoint-every, got validate-every="
                        + validateEvery + ", checkpoint-every=" + checkpointEvery);
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw UserException.usage(message);
        }
    }

    public TrainingConfig withAlgorithm(String value) {
        return with(Map.of("algorithm", value));
    }

    public TrainingConfig withBackend(String value) {
        return with(Collections.singletonMap("backend", value));
    }

    public TrainingConfig withSeed(long value) {
        return with(Map.of("seed", value));
    }

    public TrainingConfig withIterations(int value) {
        return with(Map.of("iterations", value));
    }

    public TrainingConfig withBatch(int value) {
        return with(Map.of("batch", value));
    }

    public TrainingConfig withSetSizes(int min, int max) {
        return with(Map.of("nMin", min, "nMax", max));
    }

    public TrainingConfig withFixedK(Integer value) {
        return with(Collections.singletonMap("fixedK", value));
    }

    public TrainingConfig withCheckpointEvery(int value) {
        return with(Map.of("checkpointEvery", value));
    }

    public TrainingConfig withValidateEvery(int value) {
        return with(Map.of("validateEvery", value));
    }

    public TrainingConfig withSelectionWindow(int value) {
        return with(Map.of("selectionWindow", value));
    }

    public TrainingConfig withSelectBy(String value) {
        return with(Collections.singletonMap("selectBy", value));
    }

    public TrainingConfig withInit(String checkpoint) {
        return with(Collections.singletonMap("init", checkpoint));
    }

    public TrainingConfig withThreads(int value) {
        return with(Map.of("threads", value));
    }

    /** This configuration with the given components replaced (by record component name). */
    private TrainingConfig with(Map<String, Object> changes) {
        Map<String, Object> values = COPIER.convertValue(this, new TypeReference<LinkedHashMap<String, Object>>() { });
        values.putAll(changes);
        return COPIER.convertValue(values, TrainingConfig.class);
    }
}
