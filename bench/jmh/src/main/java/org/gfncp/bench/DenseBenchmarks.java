package org.gfncp.bench;

import java.util.concurrent.TimeUnit;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.nn.Activation;
import org.gfncp.core.nn.Mlp;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.TensorOps;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Dense work at GFNCP's row counts: the cluster-aggregation MLP and one layer's matmul over 2,000 to 20,000 rows
 * (points or candidate slots of a batch). Each invocation runs in its own scope and reads one value back to the
 * host, so lazy or asynchronous engines are timed to completion.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class DenseBenchmarks {

    /** Rows fed to the MLP: points or candidate slots of a batch (2,000 to 20,000 in GFNCP). */
    @Param({"2000", "20000"})
    public int rows;

    private BackendState state;
    private TensorOps ops;
    private Diff diff;
    private Mlp g;
    private Tensor points;
    private Tensor weight;

    @Setup(Level.Trial)
    public void setUp() {
        state = new BackendState();
        state.open();
        ops = state.backend.ops();
        diff = new Diff(state.backend);
        // The cluster-aggregation net g of GFNCP's MoG model: 128 -> 128 x 5 -> 512, ReLU.
        g = new Mlp(diff, new int[] {128, 128, 128, 128, 128, 128, 512}, Activation.RELU, true, DType.FLOAT32,
                new RandomStream(1));
        points = state.normal(2, rows, 128);
        weight = state.normal(3, 128, 128);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        g.close();
        state.close();
    }

    /** The g network's forward pass over {@code rows} inputs. */
    @Benchmark
    public float mlpForward() {
        try (TensorScope scope = state.backend.openScope()) {
            Var out = g.forward(diff.constant(points));
            return KernelBenchmarks.first(ops, out.value());
        }
    }

    /** One dense layer's matmul, [rows, 128] x [128, 128]. */
    @Benchmark
    public float matmul() {
        try (TensorScope scope = state.backend.openScope()) {
            return KernelBenchmarks.first(ops, ops.matmul(points, weight, false, false));
        }
    }


}
