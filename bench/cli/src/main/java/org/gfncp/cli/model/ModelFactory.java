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
     * A fresh model.
     *
     * @param config model settings; missing keys take the algorithm's defaults, unknown keys are an error
     * @param seed seeds parameter initialization
     */
    TrainableModel create(Backend backend, Map<String, Object> config, long seed);
}
