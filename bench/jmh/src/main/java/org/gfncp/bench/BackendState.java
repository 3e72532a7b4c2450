package org.gfncp.bench;

import org.gfncp.core.backend.BackendSelector;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Level;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;

/** The backend of this JVM, chosen by the usual rules ({@code -Dgfncp.backend=...}), plus seeded input helpers. */
@State(Scope.Benchmark)
public class BackendState {

    Backend backend;
    private TensorScope trialScope;

    @Setup(Level.Trial)
    public void open() {
        backend = BackendSelector.fromClasspath().open(null, BackendConfig.defaults()).backend();
        trialScope = backend.openScope();
    }

    @TearDown(Level.Trial)
    public void close() {
        trialScope.close();
        backend.close();
    }

    /** A FLOAT32 tensor of standard normal draws, identical on every backend for a seed. */
    Tensor normal(long seed, int... shape) {
        RandomStream random = new RandomStream(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return backend.ops().fromFloats(data, shape);
    }
}
