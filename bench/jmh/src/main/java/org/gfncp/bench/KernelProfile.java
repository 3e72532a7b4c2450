package org.gfncp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.algo.gfncp.Gfncp;
import org.gfncp.core.algo.gfncp.GfncpTrainer;
import org.gfncp.core.algo.ncp.Ncp;
import org.gfncp.core.algo.ncp.NcpConfig;
import org.gfncp.core.algo.ncp.NcpTrainer;
import org.gfncp.api.gfn.ForwardPolicy;
import org.gfncp.api.gfn.Trajectory;
import org.gfncp.core.algo.pointwise.DecodeState;
import org.gfncp.core.algo.pointwise.Decoding;
import org.gfncp.core.algo.pointwise.Encodings;
import org.gfncp.core.algo.pointwise.PointwiseEnergy;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.data.Partitions;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.random.RandomStream;
import org.gfncp.core.backend.BackendSelector;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;

/**
 * Where the time of one workload goes: every kernel call is timed through {@link ProfilingBackend}, and the
 * report lists calls and milliseconds per repetition by kernel and by matmul shape, plus the host-side rest
 * (tape bookkeeping, index tables, copies outside kernels). The backend is chosen as usual
 * ({@code -Dgfncp.backend=...}); {@code -Dpretrain=N} starts from a model trained N iterations (cached).
 *
 * <p>Usage: {@code KernelProfile gfncp|ncp|sample|greedy <repetitions> [warm-ups] [N for greedy]}
 */
public final class KernelProfile {

    /** Iterations trained before profiling ({@code -Dpretrain=...}; greedy defaults to 100, training to 0). */
    private static final int PRETRAIN = Integer.getInteger("pretrain", 0);

    private KernelProfile() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: KernelProfile gfncp|ncp|sample|greedy <repetitions> [warm-ups] [N]");
        }
        String workload = args[0];
        int reps = Integer.parseInt(args[1]);
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        Backend engine = BackendSelector.fromClasspath().open(null, BackendConfig.defaults()).backend();
        ProfilingBackend backend = new ProfilingBackend(engine);
        try (TensorScope trial = backend.openScope()) {
            Runnable step = workload(workload, backend, n);
            for (int i = 0; i < warmups; i++) {
                step.run();
            }
            backend.reset();
            long start = System.nanoTime();
            long cpuStart = ProfilingBackend.THREADS.getCurrentThreadCpuTime();
            long processStart = processCpuNanos();
            for (int i = 0; i < reps; i++) {
                step.run();
            }
            long cpu = ProfilingBackend.THREADS.getCurrentThreadCpuTime() - cpuStart;
            long process = processCpuNanos() - processStart;
            long wall = System.nanoTime() - start;
            report(backend, workload, reps, wall, cpu);
            // work on other threads (the overlapped policy sample, the JIT, GC) shows only here
            System.out.printf("process CPU (all threads): %.1f ms per repetition%n", process / 1e6 / reps);
        } finally {
            backend.close();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Runnable workload(String name, Backend backend, int n) {
        switch (name) {
            case "gfncp": {
                Gfncp model = ModelWorkloads.pretrainedGfncp(backend, PRETRAIN);
                GfncpTrainer trainer = new GfncpTrainer(model);
                BatchCycle batches = ModelWorkloads.gfncpBatches(31);
                return () -> trainer.step(batches.next());
            }
            case "ncp": {
                Ncp model = new Ncp(backend, NcpConfig.mog2d());
                NcpTrainer trainer = new NcpTrainer(model);
                BatchCycle batches = ModelWorkloads.ncpBatches(37);
                return () -> trainer.step(batches.next());
            }
            case "sample": {
                Gfncp model = ModelWorkloads.pretrainedGfncp(backend, PRETRAIN);
                BatchCycle batches = ModelWorkloads.gfncpBatches(31);
                return () -> samplingWaste(model, batches.next());
            }
            case "greedy": {
                Gfncp model = ModelWorkloads.pretrainedGfncp(backend, Integer.getInteger("pretrain", 100));
                List<double[][]> sets = List.<double[][]>of(ModelWorkloads.clusteringSet(n, 5, 41));
                return () -> System.out.println("clusters: " + model.clusterAll(sets).get(0).clusters());
            }
            default:
                throw new IllegalArgumentException("unknown workload '" + name + "' (gfncp|ncp|sample|greedy)");
        }
    }

    /**
     * One policy sample per set of {@code batch} (the contrastive term's sampling pass) while counting the
     * candidate rows: every decoding step evaluates {@code rows x capacity} slots, of which only
     * {@code sum_r (K_r + 1)} over unfinished rows are real candidates.
     */
    private static void samplingWaste(Gfncp model, TrainingBatch batch) {
        long[] slots = new long[2];
        ForwardPolicy<DecodeState> inner = model.policy();
        ForwardPolicy<DecodeState> counting = new ForwardPolicy<>() {
            @Override
            public double[][] logProbabilities(DecodeState state) {
                int widest = 0;
                for (int r = 0; r < state.rows(); r++) {
                    widest = Math.max(widest, state.clusters(r) + 1);
                    if (!state.done(r)) {
                        slots[0] += state.clusters(r) + 1;
                    }
                }
                slots[1] += (long) widest * state.rows();
                return inner.logProbabilities(state);
            }

            @Override
            public DecodeState advance(DecodeState state, int[] actions) {
                return inner.advance(state, actions);
            }

            @Override
            public DecodeState select(DecodeState state, int[] rows) {
                return inner.select(state, rows);
            }
        };
        PointwiseEnergy energy = model.energy();
        Diff diff = model.diff();
        int[] rows = new int[batch.batchSize()];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = r;
        }
        int clusters = 0;
        try (TensorScope scope = model.backend().openScope()) {
            Encodings enc = energy.encode(diff.constant(energy.points(batch.points())), null, false);
            try (DecodeState start = energy.start(enc, rows)) {
                for (Trajectory t : Decoding.sample(counting, start, new RandomStream(5))) {
                    clusters = Math.max(clusters, t.clusters());
                }
            }
        }
        System.out.printf("N %d, data K %d: sampled up to %d clusters, %d candidate slots of %d evaluated (%.0f%%"
                + " padding)%n", batch.setSize(), Partitions.clusterCount(batch.labels()[0]), clusters, slots[0],
                slots[1], 100.0 * (slots[1] - slots[0]) / slots[1]);
    }

    private static void report(ProfilingBackend backend, String workload, int reps, long wallNanos,
            long cpuNanos) {
        long kernelNanos = 0;
        long kernelCpu = 0;
        long calls = 0;
        for (ProfilingBackend.Tally t : backend.kernels().values()) {
            kernelNanos += t.nanos;
            kernelCpu += t.cpuNanos;
            calls += t.calls;
        }
        double matmulFlops = 0;
        for (ProfilingBackend.Tally t : backend.matmuls().values()) {
            matmulFlops += 2.0 * t.multiplyAdds;
        }
        System.out.printf("%n== %s on %s: %.1f ms wall, %.1f ms CPU of this thread per repetition (%d repetitions)%n",
                workload, backend.name(), wallNanos / 1e6 / reps, cpuNanos / 1e6 / reps, reps);
        System.out.printf("kernels: %.0f calls, %.1f ms wall / %.1f ms CPU per repetition; host-side rest %.1f ms wall"
                + " / %.1f ms CPU; matmul %.1f MFLOP per repetition%n", (double) calls / reps, kernelNanos / 1e6 / reps,
                kernelCpu / 1e6 / reps, (wallNanos - kernelNanos) / 1e6 / reps, (cpuNanos - kernelCpu) / 1e6 / reps,
                matmulFlops / 1e6 / reps);
        System.out.printf("%n%-14s %10s %10s %10s %8s %10s%n", "kernel", "calls/rep", "ms/rep", "cpu ms/rep",
                "share", "cpu us/call");
        for (Map.Entry<String, ProfilingBackend.Tally> e : sorted(backend.kernels())) {
            ProfilingBackend.Tally t = e.getValue();
            System.out.printf("%-14s %10.1f %10.2f %10.2f %7.1f%% %10.1f%n", e.getKey(), (double) t.calls / reps,
                    t.nanos / 1e6 / reps, t.cpuNanos / 1e6 / reps, 100.0 * t.cpuNanos / kernelCpu,
                    t.cpuNanos / 1e3 / t.calls);
        }
        System.out.printf("%n%-44s %9s %9s %10s %9s %8s%n", "matmul (a x b)", "calls/rep", "ms/rep", "cpu ms/rep",
                "MFLOP/rep", "GFLOP/s");
        for (Map.Entry<String, ProfilingBackend.Tally> e : sorted(backend.matmuls())) {
            ProfilingBackend.Tally t = e.getValue();
            double flops = 2.0 * t.multiplyAdds;
            System.out.printf("%-44s %9.1f %9.2f %10.2f %9.1f %8.1f%n", e.getKey(), (double) t.calls / reps,
                    t.nanos / 1e6 / reps, t.cpuNanos / 1e6 / reps, flops / 1e6 / reps,
                    flops / Math.max(1, t.cpuNanos));
        }
    }

    private static List<Map.Entry<String, ProfilingBackend.Tally>> sorted(Map<String, ProfilingBackend.Tally> map) {
        List<Map.Entry<String, ProfilingBackend.Tally>> list = new ArrayList<>(map.entrySet());
        list.sort((x, y) -> Long.compare(y.getValue().cpuNanos, x.getValue().cpuNanos));
        return list;
    }
}
