package org.gfncp.bench;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gfncp.api.diff.Var;
import org.gfncp.api.gfn.Trajectory;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.algo.gfncp.Gfncp;
import org.gfncp.core.algo.gfncp.GfncpConfig;
import org.gfncp.core.algo.gfncp.GfncpTrainer;
import org.gfncp.core.algo.pointwise.DecodeState;
import org.gfncp.core.algo.pointwise.Decoding;
import org.gfncp.core.algo.pointwise.Encodings;
import org.gfncp.core.algo.pointwise.FlowMatching;
import org.gfncp.core.algo.pointwise.PointwiseEnergy;
import org.gfncp.core.algo.pointwise.TeacherForced;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.backend.BackendSelector;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;

/**
 * Measures a proposal for the GFNCP iteration: the contrastive term's policy sample needs only the encodings and
 * no tape, so it can run on a second thread (its own scopes, one intra-op thread) while the calling thread does
 * the teacher-forced pass and its flow and regularizer terms; the sample's terminal energy joins afterwards. The
 * loss is the code objective of {@code GfncpLoss} for data-label batches, written out here; the standard
 * {@link GfncpTrainer} step on the same batches is timed in alternation with it.
 *
 * <p>Usage: {@code OverlappedSampling <rounds> [pretrain iterations]}; backend as usual.
 */
public final class OverlappedSampling {

    private OverlappedSampling() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int pretrain = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Backend backend = BackendSelector.fromClasspath().open(null, BackendConfig.defaults()).backend();
        ExecutorService sampler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "policy-sampler");
            t.setDaemon(true);
            return t;
        });
        List<TrainingBatch> batches = ModelWorkloads.gfncpBatches(31);
        try (TensorScope trial = backend.openScope()) {
            Gfncp standard = ModelWorkloads.pretrainedGfncp(backend, pretrain);
            Gfncp overlapped = ModelWorkloads.pretrainedGfncp(backend, pretrain);
            try (GfncpTrainer trainer = new GfncpTrainer(standard);
                    Adam adam = new Adam(backend, GfncpConfig.mog2d().learningRate())) {
                RandomStream sampling = new RandomStream(77);
                for (TrainingBatch b : batches.subList(0, 2)) {
                    trainer.step(b);
                    step(overlapped, adam, b, sampler, sampling);
                }
                double standardSeconds = 0;
                double overlappedSeconds = 0;
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    for (TrainingBatch b : batches) {
                        trainer.step(b);
                    }
                    long t1 = System.nanoTime();
                    for (TrainingBatch b : batches) {
                        step(overlapped, adam, b, sampler, sampling);
                    }
                    long t2 = System.nanoTime();
                    standardSeconds += (t1 - t0) / 1e9;
                    overlappedSeconds += (t2 - t1) / 1e9;
                    System.out.printf("round %d: standard %.1f ms/it, overlapped sampling %.1f ms/it%n", r,
                            (t1 - t0) / 1e6 / batches.size(), (t2 - t1) / 1e6 / batches.size());
                }
                int its = rounds * batches.size();
                System.out.printf("== %s, pretrained %d: standard %.1f ms/it, overlapped %.1f ms/it (wall, %d its)%n",
                        backend.name(), pretrain, standardSeconds * 1e3 / its, overlappedSeconds * 1e3 / its, its);
            }
        } finally {
            sampler.shutdownNow();
            backend.close();
        }
    }

    /** One iteration with the policy sample drawn on the sampler thread; returns the loss. */
    static double step(Gfncp model, Adam adam, TrainingBatch batch, ExecutorService sampler, RandomStream sampling)
            throws InterruptedException, ExecutionException {
        GfncpConfig cfg = model.config();
        Diff diff = model.diff();
        PointwiseEnergy energy = model.energy();
        int b = batch.batchSize();
        int n = batch.setSize();
        try (TensorScope scope = model.backend().openScope()) {
            Encodings enc = energy.encode(diff.constant(energy.points(batch.points())), null, true);
            RandomStream random = sampling.split();
            Future<int[][]> sample = sampler.submit(() -> samplePolicy(model, enc, b, random));
            TeacherForced tf = energy.teacherForced(enc, batch.labels(), true);
            double scale = 1.0 / ((double) n * b);
            Var flow = diff.mulScalar(diff.sum(FlowMatching.residuals(diff, tf, cfg.epsilon())), scale);
            Var terminal = diff.reshape(diff.slice(tf.chosen(), 1, n - 1, n), b);
            Var logFlow = FlowMatching.logEpsilonPlusExp(diff, diff.neg(terminal), cfg.epsilon());
            Var r = diff.addScalar(logFlow, -Math.log1p(cfg.epsilon()));
            Var reg = diff.mulScalar(diff.sum(diff.mul(r, r)), cfg.lambdaReg() * scale);
            Var sampleEnergy = energy.terminalEnergies(enc, sample.get(), true);
            Var cd = diff.mulScalar(diff.sum(diff.sub(terminal, sampleEnergy)), cfg.lambdaCd() * scale);
            Var total = diff.add(diff.add(flow, reg), cd);
            double loss = diff.ops().toDoubles(total.value())[0];
            adam.step(diff.backward(total), scope);
            return loss;
        }
    }

    /** Runs on the sampler thread: its tensors live in its own scope, closed before it returns host labels. */
    private static int[][] samplePolicy(Gfncp model, Encodings enc, int sets, RandomStream random) {
        int[] rows = new int[sets];
        for (int i = 0; i < sets; i++) {
            rows[i] = i;
        }
        try (TensorScope scope = model.backend().openScope(); DecodeState start = model.energy().start(enc, rows)) {
            List<Trajectory> samples = Decoding.sample(model.policy(), start, random);
            int[][] labels = new int[sets][];
            for (int i = 0; i < sets; i++) {
                labels[i] = samples.get(i).labelsInInputOrder();
            }
            return labels;
        }
    }
}
