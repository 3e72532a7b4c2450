package org.gfncp.cli.model;

import java.util.Map;
import org.gfncp.spi.backend.Backend;

/** Builds one algorithm's models. Registered by name in {@link Algorithms}. */
public interface ModelFactory {

    /** Lower-case algorithm name used on the command line, e.g. {@code "gfncp"}. */
    String name();

    /** One line for {@code --help}. */
    String description();

    /**
     * Model settings implied by the training settings (batch size, set sizes, schedule length, ...), so the stored
     * model configuration records how it was trained; the user's {@code model} settings override them.
     */
    default Map<String, Object> trainingDefaults(TrainingConfig training) {
        return Map.of();
    }

    /**
     * The settings that follow the planned run length (e.g. a learning-rate schedule's length). A resumed run with a
     * new {@code --iterations} total replaces these in the stored configuration.
     */
    default Map<String, Object> runLengthSettings(TrainingConfig training) {
        return Map.of();
    }

    /**
     * A fresh model.
     *
     * @param config model settings; missing keys take the algorithm's defaults, unknown keys are an error
     * @param seed seeds parameter initialization
     */
    TrainableModel create(Backend backend, Map<String, Object> config, long seed);
}
