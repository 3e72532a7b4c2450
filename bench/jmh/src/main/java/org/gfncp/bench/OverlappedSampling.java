package org.gfncp.bench;

import java.util.List;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.algo.gfncp.Gfncp;
import org.gfncp.core.algo.gfncp.GfncpConfig;
import org.gfncp.core.algo.gfncp.GfncpLoss;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.backend.BackendSelector;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;

/**
 * A/B of {@link GfncpLoss}'s {@code overlapSampling}: the same GFNCP iterations (loss, backward, Adam) with the
 * contrastive policy sample drawn in sequence and on a second thread, timed in alternation on the same batches
 * from the same weights. Reports wall time and process CPU per iteration of each, and checks that both give the
 * same losses (the overlap must not change the sample). The overlap pays off in wall time only when a second
 * core is free.
 *
 * <p>Usage: {@code OverlappedSampling <rounds> [pretrain iterations]}; backend as usual.
 */
public final class OverlappedSampling {

    private OverlappedSampling() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int pretrain = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Backend backend = BackendSelector.fromClasspath().open(null, BackendConfig.defaults()).backend();
        List<TrainingBatch> batches = ModelWorkloads.gfncpBatches(31).all();
        double lr = GfncpConfig.mog2d().learningRate();
        try (TensorScope trial = backend.openScope()) {
            Gfncp sequentialModel = ModelWorkloads.pretrainedGfncp(backend, pretrain);
            Gfncp overlappedModel = ModelWorkloads.pretrainedGfncp(backend, pretrain);
            try (Adam sequentialAdam = new Adam(backend, lr); Adam overlappedAdam = new Adam(backend, lr)) {
                GfncpLoss sequential = new GfncpLoss(sequentialModel, new RandomStream(77), false);
                GfncpLoss overlapped = new GfncpLoss(overlappedModel, new RandomStream(77), true);
                double[] seconds = new double[2];
                double[] cpu = new double[2];
                double worst = 0;
                for (int r = -1; r < rounds; r++) {
                    double[] s = time(sequentialModel, sequential, sequentialAdam, batches);
                    double[] o = time(overlappedModel, overlapped, overlappedAdam, batches);
                    for (int i = 0; i < batches.size(); i++) {
                        worst = Math.max(worst, Math.abs(s[2 + i] - o[2 + i]));
                    }
                    if (r < 0) {
                        continue; // warm-up round
                    }
                    seconds[0] += s[0];
                    cpu[0] += s[1];
                    seconds[1] += o[0];
                    cpu[1] += o[1];
                    System.out.printf("round %d: sequential %.1f ms/it, overlapped %.1f ms/it (wall)%n", r,
                            s[0] * 1e3 / batches.size(), o[0] * 1e3 / batches.size());
                }
                int its = rounds * batches.size();
                System.out.printf("== %s, pretrained %d, %d its: sequential %.1f ms/it wall, %.1f ms/it process CPU;"
                        + " overlapped %.1f ms/it wall, %.1f ms/it process CPU; largest loss difference %s%n",
                        backend.name(), pretrain, its, seconds[0] * 1e3 / its, cpu[0] * 1e3 / its,
                        seconds[1] * 1e3 / its, cpu[1] * 1e3 / its, worst);
            }
        } finally {
            backend.close();
        }
    }

    /** Wall and process-CPU seconds of one pass over {@code batches}, then every iteration's loss. */
    private static double[] time(Gfncp model, GfncpLoss loss, Adam adam, List<TrainingBatch> batches) {
        double[] out = new double[2 + batches.size()];
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < batches.size(); i++) {
            try (TensorScope scope = model.backend().openScope()) {
                GfncpLoss.Terms terms = loss.terms(batches.get(i));
                out[2 + i] = model.diff().ops().toDoubles(terms.total().value())[0];
                adam.step(model.diff().backward(terms.total()), scope);
            }
        }
        out[0] = (System.nanoTime() - t0) / 1e9;
        out[1] = (processCpuNanos() - cpu0) / 1e9;
        return out;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
