package org.gfncp.bench;

import java.util.concurrent.TimeUnit;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.TensorOps;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Single kernels at the shapes a GFNCP training iteration uses (batch 32 sets, N up to 99 points, K up to 10
 * clusters, encodings of width 128). Each invocation runs in its own scope and
 * reads one value back to the host, so lazy or asynchronous engines are timed to completion.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class KernelBenchmarks {

    private BackendState state;
    private TensorOps ops;
    private Tensor candidates;
    private Tensor encodings;
    private Tensor clusterIndex;
    private Tensor clusterEncodings;

    @Setup(Level.Trial)
    public void setUp() {
        state = new BackendState();
        state.open();
        ops = state.backend.ops();
        candidates = state.normal(4, 32, 99, 11);
        encodings = state.normal(5, 32 * 99, 128);
        int[] idx = new int[32 * 99];
        RandomStream random = new RandomStream(6);
        for (int i = 0; i < idx.length; i++) {
            idx[i] = random.nextInt(10);
        }
        clusterIndex = ops.fromInts(idx, idx.length);
        clusterEncodings = state.normal(7, 32, 99, 10, 128);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
    }

    static float first(TensorOps ops, Tensor t) {
        return ops.toFloats(ops.reshape(ops.slice(ops.reshape(t, -1), 0, 0, 1), 1))[0];
    }

    /** Log-sum-exp over the K+1 candidate slots of every step of every set, [32, 99, 11]. */
    @Benchmark
    public float logSumExpCandidates() {
        try (TensorScope scope = state.backend.openScope()) {
            return first(ops, ops.logSumExp(candidates, -1, false));
        }
    }

    /** Cluster sums: scatter-add of 3,168 point encodings into 10 clusters. */
    @Benchmark
    public float scatterAddClusters() {
        try (TensorScope scope = state.backend.openScope()) {
            return first(ops, ops.scatterAdd(encodings, 0, clusterIndex, 10));
        }
    }

    /** Prefix cluster sums over the steps of a batch, cumsum over axis 1 of [32, 99, 10, 128]. */
    @Benchmark
    public float cumsumSteps() {
        try (TensorScope scope = state.backend.openScope()) {
            return first(ops, ops.cumsum(clusterEncodings, 1, false));
        }
    }
}
