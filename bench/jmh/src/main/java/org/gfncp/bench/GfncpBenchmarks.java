package org.gfncp.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.core.algo.gfncp.Gfncp;
import org.gfncp.core.algo.gfncp.GfncpConfig;
import org.gfncp.core.algo.gfncp.GfncpTrainer;
import org.gfncp.core.algo.ncp.Ncp;
import org.gfncp.core.algo.ncp.NcpConfig;
import org.gfncp.core.algo.ncp.NcpTrainer;
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
 * The end-to-end numbers of issue 3, per backend (run with {@code bench/run-backends.sh quick GfncpBenchmarks}):
 * one GFNCP training iteration at the released MoG settings, one NCP iteration at its published settings, and
 * greedy clustering of one 2D set of N points. Training cycles through {@link ModelWorkloads#CYCLE} fixed batches
 * so every measured interval sees the same mix of set sizes; the weights keep changing as in real training.
 */
public class GfncpBenchmarks {

    /** A GFNCP model at {@link GfncpConfig#mog2d()} with its trainer and the fixed batches. */
    @State(Scope.Benchmark)
    public static class GfncpTraining {
        /**
         * Iterations trained before measuring (cached, see {@link ModelWorkloads#pretrainedGfncp}): an untrained
         * policy samples many more clusters than the data has, which makes the contrastive sampling pass dearer.
         */
        @Param({"0", "100"})
        public int pretrain;

        BackendState state;
        Gfncp model;
        GfncpTrainer trainer;
        BatchCycle batches;

        @Setup(Level.Trial)
        public void setUp() {
            state = new BackendState();
            state.open();
            model = ModelWorkloads.pretrainedGfncp(state.backend, pretrain);
            trainer = new GfncpTrainer(model);
            batches = ModelWorkloads.gfncpBatches(31);
            System.out.printf("%n[gfncp] backend %s, pretrained %d iterations, %s%n", state.backend.name(), pretrain,
                    batches.describe());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            trainer.close();
            model.close();
            state.close();
        }
    }

    /** An NCP model at {@link NcpConfig#mog2d()} (batch 64, 6 orders per iteration) with its trainer. */
    @State(Scope.Benchmark)
    public static class NcpTraining {
        BackendState state;
        Ncp model;
        NcpTrainer trainer;
        BatchCycle batches;

        @Setup(Level.Trial)
        public void setUp() {
            state = new BackendState();
            state.open();
            model = new Ncp(state.backend, NcpConfig.mog2d());
            trainer = new NcpTrainer(model);
            batches = ModelWorkloads.ncpBatches(37);
            System.out.printf("%n[ncp] backend %s, %s%n", state.backend.name(), batches.describe());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            trainer.close();
            model.close();
            state.close();
        }
    }

    /**
     * A GFNCP model at {@link GfncpConfig#mog2d()} and one set of {@code n} points from 5 Gaussians (means with
     * std 10, points with std 1). The cost per point grows with the number of open clusters, which setup prints;
     * the model is pretrained (cached, see {@link ModelWorkloads#pretrainedGfncp}) because an untrained one opens
     * a cluster for almost every point.
     */
    @State(Scope.Benchmark)
    public static class GreedySet {
        @Param({"100", "300", "1000", "10000"})
        public int n;

        @Param({"100"})
        public int pretrain;

        BackendState state;
        Gfncp model;
        List<double[][]> sets;

        @Setup(Level.Trial)
        public void setUp() {
            state = new BackendState();
            state.open();
            model = ModelWorkloads.pretrainedGfncp(state.backend, pretrain);
            sets = List.<double[][]>of(ModelWorkloads.clusteringSet(n, 5, 41));
            Clustering c = model.clusterAll(sets).get(0);
            System.out.printf("%n[greedy] backend %s, N %d: %d clusters%n", state.backend.name(), n, c.clusters());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            model.close();
            state.close();
        }
    }

    /** One GFNCP iteration: loss (teacher-forced pass, policy sample, terminal energies), backward, Adam. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double gfncpTrainStep(GfncpTraining t) {
        return t.trainer.step(t.batches.next());
    }

    /** One NCP iteration: 6 orders, each a teacher-forced pass and backward, summed gradients, one Adam step. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double ncpTrainStep(NcpTraining t) {
        return t.trainer.step(t.batches.next());
    }

    /** Greedy clustering of one set of {@code n} 2D points. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int greedyClustering(GreedySet c) {
        return c.model.clusterAll(c.sets).get(0).clusters();
    }

    /**
     * The same set by {@link org.gfncp.core.algo.pointwise.PointwiseClusterer#clusterAfter}: the first 100 points
     * (the pretrained model's largest training sets are 99) decoded greedily, the rest assigned in batches.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int assignAfterClustering(GreedySet c) {
        return c.model.clusterAfter(c.sets.get(0), 100).clusters();
    }
}
