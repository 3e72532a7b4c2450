package org.gfncp.core.algo.ncp;

import org.gfncp.api.tensor.DType;
import org.gfncp.core.algo.pointwise.PointwiseClusterer;
import org.gfncp.spi.backend.Backend;

/**
 * An NCP model: the point-wise energy with PReLU networks (its logits are {@code -E}), used as a
 * {@link org.gfncp.api.cluster.Clusterer}. Weights are initialized from {@code config.seed()}; train with
 * {@link NcpTrainer}.
 */
public final class Ncp extends PointwiseClusterer {

    private final NcpConfig config;

    /** A FLOAT32 model. */
    public Ncp(Backend backend, NcpConfig config) {
        this(backend, config, DType.FLOAT32);
    }

    public Ncp(Backend backend, NcpConfig config, DType dtype) {
        super(backend, config.architecture(), dtype, config.seed());
        this.config = config;
    }

    public NcpConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "ncp";
    }
}
