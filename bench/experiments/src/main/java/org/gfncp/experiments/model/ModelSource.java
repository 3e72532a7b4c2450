package org.gfncp.experiments.model;

import org.gfncp.spi.backend.Backend;

/** Builds fresh models for a training plan. */
@FunctionalInterface
public interface ModelSource {

    /**
     * A freshly initialized model.
     *
     * @param plan the algorithm and the data it will be trained on (also fixes schedule lengths)
     * @param seed seeds the initial weights
     */
    ExperimentModel create(Backend backend, TrainingPlan plan, long seed);
}
