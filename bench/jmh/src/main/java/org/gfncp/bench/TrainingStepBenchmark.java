package org.gfncp.bench;

import java.util.concurrent.TimeUnit;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.Gradients;
import org.gfncp.core.nn.Activation;
import org.gfncp.core.nn.Mlp;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.random.RandomStream;
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
 * One composed training step of GFNCP-sized networks: the aggregation net g (128 -> 128 x 5 -> 512) on cluster
 * inputs, concatenated with the unassigned-points encoding, the energy net E (640 -> 128 x 5 -> 1), a scalar
 * loss, backward through core's tape, and an Adam update. This is the number that decides training speed.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class TrainingStepBenchmark {

    /** Candidate slots in one step batch (e.g. 32 sets x ~60 steps x ~1 candidate on average). */
    @Param({"2000"})
    public int rows;

    private BackendState state;
    private Diff diff;
    private Mlp g;
    private Mlp energy;
    private Adam adam;
    private Tensor clusters;
    private Tensor unassigned;

    @Setup(Level.Trial)
    public void setUp() {
        state = new BackendState();
        state.open();
        diff = new Diff(state.backend);
        RandomStream random = new RandomStream(11);
        g = new Mlp(diff, new int[] {128, 128, 128, 128, 128, 128, 512}, Activation.RELU, true, DType.FLOAT32, random);
        energy = new Mlp(diff, new int[] {640, 128, 128, 128, 128, 128, 1}, Activation.RELU, false, DType.FLOAT32,
                random);
        adam = new Adam(state.backend, 5e-4);
        clusters = state.normal(12, rows, 128);
        unassigned = state.normal(13, rows, 128);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        adam.close();
        g.close();
        energy.close();
        state.close();
    }

    @Benchmark
    public float step() {
        try (TensorScope scope = state.backend.openScope()) {
            Var gs = g.forward(diff.constant(clusters));
            Var e = energy.forward(diff.concat(1, gs, diff.constant(unassigned)));
            Var loss = diff.mean(diff.mul(e, e));
            Gradients grads = diff.backward(loss);
            adam.step(grads, scope);
            return state.backend.ops().toFloats(loss.value())[0];
        }
    }

}
