package org.gfncp.core.algo.ncp;

import org.gfncp.api.tensor.DType;
import org.gfncp.core.algo.pointwise.PointwiseClusterer;
import org.gfncp.core.algo.pointwise.PointwiseEnergy;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.random.RandomStream;
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
        super(backend, new PointwiseEnergy(new Diff(backend), config.architecture(), dtype,
                new RandomStream(config.seed())), config.seed());
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
