package org.gfncp.core.algo.gfncp;

import org.gfncp.api.tensor.DType;
import org.gfncp.core.algo.pointwise.PointwiseClusterer;
import org.gfncp.spi.backend.Backend;

/**
 * A GFNCP model: the point-wise energy with ReLU networks, used as a {@link org.gfncp.api.cluster.Clusterer}.
 * Weights are initialized from {@code config.seed()}; train with {@link GfncpTrainer}.
 */
public final class Gfncp extends PointwiseClusterer {

    private final GfncpConfig config;

    /** A FLOAT32 model. */
    public Gfncp(Backend backend, GfncpConfig config) {
        this(backend, config, DType.FLOAT32);
    }

    public Gfncp(Backend backend, GfncpConfig config, DType dtype) {
        super(backend, config.architecture(), dtype, config.seed());
        this.config = config;
    }

    public GfncpConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.includeU() ? "gfncp" : "gfncp-online";
    }
}
