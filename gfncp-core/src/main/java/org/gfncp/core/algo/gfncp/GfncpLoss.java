package org.gfncp.core.algo.gfncp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.gfncp.api.diff.Var;
import org.gfncp.api.gfn.GFlowNetLoss;
import org.gfncp.api.gfn.Trajectory;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.algo.pointwise.DecodeState;
import org.gfncp.core.algo.pointwise.Decoding;
import org.gfncp.core.algo.pointwise.Encodings;
import org.gfncp.core.algo.pointwise.FlowMatching;
import org.gfncp.core.algo.pointwise.PointwiseEnergy;
import org.gfncp.core.algo.pointwise.SecondThread;
import org.gfncp.core.algo.pointwise.TeacherForced;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.GradientBuffer;
import org.gfncp.core.diff.Gradients;
import org.gfncp.core.diff.GraphCut;
import org.gfncp.core.random.RandomStream;

/**
 * The GFNCP training loss (spec 2.3) of one batch, averaged over its sets:
 * {@code (sum_n t_n + cd + reg) / N}. The flow terms t_n of all steps come from one teacher-forced pass. The
 * contrastive term {@code lambda_cd (E(c) - E(c~))} needs one policy sample c~ per set, drawn by a sequential pass
 * batched over the sets without gradients; since only the sample's terminal energy enters the loss, its gradient
 * is obtained from one extra differentiable evaluation of that energy (the same value and gradient as keeping
 * the whole sampling pass on the tape). Exploration batches keep only the flow terms (and reg if
 * {@code exploreKeepsReg}).
 *
 * <p>The sampling pass needs only the encodings' values, so by default it runs on a second thread while the
 * calling thread does the teacher-forced pass (about half of an iteration each on one core). The sample is the
 * same as drawn in sequence: the sampling stream is used by that pass only, in the same order, and the kernels see
 * the same inputs. Every backend of the project accepts eager calls from two threads on different tensors (their
 * trackers, constant caches and live sets are concurrent; scopes are per thread); a backend that does not must be
 * used with {@code overlapSampling} off.
 */
public final class GfncpLoss implements GFlowNetLoss<TrainingBatch> {

    /**
     * The loss and its parts, each already averaged over the sets and divided by N.
     *
     * @param contrastive null in exploration batches
     * @param regularizer null in exploration batches unless they keep it
     * @param sampleFlow the flow terms of the policy samples' trajectories; null unless
     *     {@link GfncpConfig#sampleFlowMatching()} and a data batch
     * @param likelihood {@code lambda_nll} times the data clustering's teacher-forced negative log-likelihood; null
     *     unless {@link GfncpConfig#lambdaNll()} is positive and a data batch
     */
    public record Terms(Var total, Var flow, Var contrastive, Var regularizer, Var sampleFlow, Var likelihood) {
    }

    private final Gfncp model;
    private final RandomStream sampling;
    /** One daemon thread that ends when idle, so a loss needs no closing; null when sampling in sequence. */
    private final SecondThread sampler;

    /**
     * With the policy sample drawn on a second thread.
     *
     * @param sampling source of the policy samples of the contrastive term
     */
    public GfncpLoss(Gfncp model, RandomStream sampling) {
        this(model, sampling, true);
    }

    /**
     * @param sampling source of the policy samples of the contrastive term
     * @param overlapSampling draw the sample on a second thread during the teacher-forced pass (same result)
     */
    public GfncpLoss(Gfncp model, RandomStream sampling, boolean overlapSampling) {
        this(model, sampling, overlapSampling ? new SecondThread("gfncp-policy-sampler") : null);
    }

    /**
     * For callers that build a loss per step (a sampling stream per iteration) and keep one worker thread.
     *
     * @param sampling source of the policy samples of the contrastive term
     * @param second the thread that shares the work (same result), or null to do everything on the caller's
     */
    public GfncpLoss(Gfncp model, RandomStream sampling, SecondThread second) {
        this.model = model;
        this.sampling = sampling;
        this.sampler = second;
    }

    @Override
    public Var loss(TrainingBatch batch) {
        return terms(batch).total();
    }

    /** Every term of the loss for {@code batch}, differentiable with respect to the model's parameters. */
    public Terms terms(TrainingBatch batch) {
        return withEncodings(batch, (enc, pending) -> {
            Parts parts = parts(batch, enc, 0, batch.batchSize());
            if (batch.exploration()) {
                return new Terms(parts.withoutSample(), parts.flow(), null, parts.regularizer(), null, null);
            }
            SampleShare sample = sampleShare(enc, awaitSample(pending, enc, batch.batchSize()), batch);
            Diff diff = model.diff();
            Var cd = diff.sub(parts.dataEnergy(), sample.energy());
            return new Terms(diff.add(parts.withoutSample(), sample.loss(diff)), parts.flow(), cd,
                    orSum(diff, parts.regularizer(), sample.ceiling()), sample.flow(), parts.likelihood());
        });
    }

    /**
     * Share of the sets whose teacher-forced pass runs on the calling thread; the other thread draws the policy
     * sample first, which costs about 40% of a teacher-forced pass over the whole batch at the code's settings
     * (measured on djl and tensorflow), and then does the rest, so 70/30 keeps both threads busy until the end.
     */
    static final double CALLER_SHARE = 0.7;

    /**
     * The loss of {@code batch}, its gradients added to {@code gradients}: the value and gradients of
     * {@code backward(terms(batch).total())}, summed in another order so that two threads share the work. The
     * calling thread runs the teacher-forced pass of the first {@link #CALLER_SHARE} of the sets; the second
     * thread draws the policy sample, backpropagates its energy and then runs the teacher-forced pass of the
     * remaining sets. Every one of those passes stops at the encodings ({@link GraphCut}); their summed gradients
     * then go through the encoders, h's on this thread and u's on the other. Without overlapping (or on one core) the same passes run in
     * the same order on the calling thread, with bitwise the same result.
     */
    public double backward(TrainingBatch batch, GradientBuffer gradients) {
        Diff diff = model.diff();
        PointwiseEnergy energy = model.energy();
        int b = batch.batchSize();
        checkSetSize(batch);
        Encodings enc = energy.encode(diff.constant(energy.points(batch.points())), null, true);
        try (GraphCut cut = new GraphCut(diff, enc.projected(), enc.unassigned())) {
            Encodings leaves = new Encodings(cut.leaf(0), cut.leaf(1), enc.folded(), enc.sizes());
            int split = b == 1 ? 1 : Math.max(1, Math.min(b - 1, (int) Math.round(CALLER_SHARE * b)));
            Future<OtherShare> pending = onOtherThread(() -> otherShare(batch, leaves, split));
            Future<OtherShare> encoderPass = null;
            try {
                Var mine = parts(batch, leaves, 0, split).withoutSample();
                double value = diff.ops().toDoubles(mine.value())[0];
                gradients.add(cut.collect(diff.backward(mine)));
                OtherShare other = pending == null ? otherShare(batch, leaves, split) : SecondThread.await(pending);
                pending = null;
                value += other.value();
                other.passes().forEach(g -> gradients.add(cut.collect(g)));
                // the encoders' passes: u's on the other thread while this one takes h's
                encoderPass = onOtherThread(() -> new OtherShare(0, List.of(cut.finish(1))));
                gradients.add(cut.finish(0));
                OtherShare unassigned = encoderPass == null ? new OtherShare(0, List.of(cut.finish(1)))
                        : SecondThread.await(encoderPass);
                encoderPass = null;
                unassigned.passes().forEach(gradients::add);
                return value;
            } finally {
                // on failure: let the other thread end (it reads the encodings) and drop what it computed
                SecondThread.discard(pending, o -> o.passes().forEach(Gradients::close));
                SecondThread.discard(encoderPass, o -> o.passes().forEach(Gradients::close));
            }
        }
    }

    /** The other thread's work: a value and gradient passes, in the order they are to be added. */
    private record OtherShare(double value, List<Gradients> passes) {
    }

    /**
     * {@code work} on the sampling thread in a scope of its own (its gradients moved out of it), or null when
     * sampling runs in sequence; the caller then does the same work itself at the same point.
     */
    private Future<OtherShare> onOtherThread(Supplier<OtherShare> work) {
        if (sampler == null) {
            return null;
        }
        return sampler.submit(() -> {
            try (TensorScope scope = model.backend().openScope()) {
                OtherShare result = work.get();
                result.passes().forEach(g -> g.keep(scope));
                return result;
            }
        });
    }

    /** Policy sample and its energy, then the teacher-forced pass of sets {@code [split, B)}. */
    private OtherShare otherShare(TrainingBatch batch, Encodings leaves, int split) {
        Diff diff = model.diff();
        int b = batch.batchSize();
        double value = 0;
        List<Gradients> passes = new ArrayList<>();
        if (!batch.exploration()) {
            SampleShare sample = sampleShare(leaves, samplePolicy(model.energy(), leaves, b), batch);
            Var share = sample.loss(diff);
            value += diff.ops().toDoubles(share.value())[0];
            passes.add(diff.backward(share));
        }
        if (split < b) {
            Var theirs = parts(batch, leaves, split, b).withoutSample();
            value += diff.ops().toDoubles(theirs.value())[0];
            passes.add(diff.backward(theirs));
        }
        return new OtherShare(value, passes);
    }

    private static void checkSetSize(TrainingBatch batch) {
        if (batch.setSize() < 2) {
            throw new IllegalArgumentException("GFNCP training needs sets of at least 2 points, got " + batch.setSize());
        }
    }

    /** What the loss needs besides the encodings: the pending policy sample, or null (in sequence / exploring). */
    private interface WithEncodings<T> {
        T apply(Encodings enc, Future<int[][]> pending);
    }

    private <T> T withEncodings(TrainingBatch batch, WithEncodings<T> body) {
        Diff diff = model.diff();
        PointwiseEnergy energy = model.energy();
        int b = batch.batchSize();
        checkSetSize(batch);
        Encodings enc = energy.encode(diff.constant(energy.points(batch.points())), null, true);
        Future<int[][]> pending = sampler == null || batch.exploration() ? null
                : sampler.submit(() -> sampleOnWorker(energy, enc, b));
        try {
            return body.apply(enc, pending);
        } finally {
            // the worker reads the encodings, which live in the caller's scope: never leave it running
            SecondThread.awaitQuietly(pending);
        }
    }

    /**
     * The loss without the policy sample: {@code withoutSample = flow + reg + dataEnergy + likelihood}, where
     * {@code dataEnergy = lambda_cd E(c)} is the data half of the contrastive term (null when exploring) and
     * {@code likelihood} the supervised term (null when off or exploring).
     */
    private record Parts(Var withoutSample, Var flow, Var regularizer, Var dataEnergy, Var likelihood) {
    }

    /** The parts of the loss of sets {@code [from, to)}, each scaled as in the loss of the whole batch. */
    private Parts parts(TrainingBatch batch, Encodings all, int from, int to) {
        GfncpConfig cfg = model.config();
        Diff diff = model.diff();
        boolean code = cfg.objective() == GfncpConfig.Objective.CODE;
        int b = to - from;
        Encodings enc = all;
        int[][] labels = batch.labels();
        if (b != batch.batchSize()) {
            enc = new Encodings(diff.slice(all.projected(), 0, from, to),
                    all.unassigned() == null ? null : diff.slice(all.unassigned(), 0, from, to), all.folded(),
                    Arrays.copyOfRange(all.sizes(), from, to));
            labels = Arrays.copyOfRange(labels, from, to);
        }
        double scale = scale(batch);
        Trajectories paths = trajectories(enc, labels, scale);
        Var flow = paths.flow();
        Var total = flow;
        Var terminal = paths.terminal();
        Var reg = null;
        if (!batch.exploration() || cfg.exploreKeepsReg()) {
            Var r;
            if (code) {
                Var logFlow = FlowMatching.logEpsilonPlusExp(diff, diff.neg(terminal), cfg.epsilon());
                r = diff.addScalar(logFlow, -Math.log1p(cfg.epsilon()));
            } else {
                r = terminal;
            }
            reg = diff.mulScalar(diff.sum(diff.mul(r, r)), cfg.lambdaReg() * scale);
            total = diff.add(total, reg);
        }
        Var dataEnergy = null;
        Var likelihood = null;
        if (!batch.exploration()) {
            dataEnergy = diff.mulScalar(diff.sum(terminal), cfg.lambdaCd() * scale);
            total = diff.add(total, dataEnergy);
            if (cfg.lambdaNll() > 0) {
                Var nll = model.energy().negativeLogLikelihood(paths.pass());
                likelihood = diff.mulScalar(diff.sum(nll), cfg.lambdaNll() * scale);
                total = diff.add(total, likelihood);
            }
            Var ceiling = ceiling(terminal, scale);
            if (ceiling != null) {
                total = diff.add(total, ceiling);
                reg = orSum(diff, reg, ceiling);
            }
        }
        return new Parts(total, flow, reg, dataEnergy, likelihood);
    }

    /**
     * The policy sample's part of the loss: {@code energy = lambda_cd E(c~)}, the sample's half of the contrastive
     * term (it enters with a minus sign), the ceiling penalty of {@code E(c~)} and the flow terms of the sample's
     * trajectory (each null when off).
     */
    private record SampleShare(Var energy, Var ceiling, Var flow) {

        /** What the sample adds to the loss: {@code -energy}, plus the ceiling penalty and flow terms when on. */
        Var loss(Diff diff) {
            return orSum(diff, orSum(diff, diff.neg(energy), ceiling), flow);
        }
    }

    /** {@code a + b}, where a null term is absent (both null: null). */
    private static Var orSum(Diff diff, Var a, Var b) {
        return a == null ? b : b == null ? a : diff.add(a, b);
    }

    private SampleShare sampleShare(Encodings enc, int[][] sampled, TrainingBatch batch) {
        GfncpConfig cfg = model.config();
        Diff diff = model.diff();
        double scale = scale(batch);
        Var sampleEnergy;
        Var flow = null;
        if (cfg.sampleFlowMatching()) {
            Trajectories paths = trajectories(enc, sampled, scale);
            sampleEnergy = paths.terminal();
            flow = paths.flow();
        } else {
            sampleEnergy = model.energy().terminalEnergies(enc, sampled, true);
        }
        return new SampleShare(diff.mulScalar(diff.sum(sampleEnergy), cfg.lambdaCd() * scale),
                ceiling(sampleEnergy, scale), flow);
    }

    /**
     * The flow terms of labelled trajectories (summed over sets, times {@code scale}), their terminal energies and the
     * teacher-forced pass they come from.
     */
    private record Trajectories(Var flow, Var terminal, TeacherForced pass) {
    }

    /** One teacher-forced pass over {@code labels}: its flow terms, its last step's terminal energies, the pass. */
    private Trajectories trajectories(Encodings enc, int[][] labels, double scale) {
        GfncpConfig cfg = model.config();
        Diff diff = model.diff();
        TeacherForced tf = model.energy().teacherForced(enc, labels, true);
        Var residuals = switch (cfg.objective()) {
            case CODE -> FlowMatching.residuals(diff, tf, cfg.epsilon());
            case PAPER -> FlowMatching.residuals(diff, tf, 0);
            case TELESCOPING -> FlowMatching.telescopingResiduals(diff, tf);
            case TRAJECTORY_BALANCE -> FlowMatching.trajectoryBalance(diff, tf);
        };
        Var flow = diff.mulScalar(diff.sum(residuals), scale);
        int n = tf.points();
        return new Trajectories(flow, diff.reshape(diff.slice(tf.chosen(), 1, n - 1, n), labels.length), tf);
    }

    /** {@code scale * sum (max(0, E - C))^2} over terminal energies {@code [B]}, or null without a ceiling. */
    private Var ceiling(Var terminalEnergies, double scale) {
        double c = model.config().energyCeiling();
        if (c == 0) {
            return null;
        }
        Diff diff = model.diff();
        Var excess = diff.relu(diff.addScalar(terminalEnergies, -c));
        return diff.mulScalar(diff.sum(diff.mul(excess, excess)), scale);
    }

    private static double scale(TrainingBatch batch) {
        return 1.0 / ((double) batch.setSize() * batch.batchSize());
    }

    private int[][] awaitSample(Future<int[][]> pending, Encodings enc, int sets) {
        return pending == null ? samplePolicy(model.energy(), enc, sets) : SecondThread.await(pending);
    }

    /** {@link #samplePolicy} in a scope of the worker thread, closed before the host labels go back. */
    private int[][] sampleOnWorker(PointwiseEnergy energy, Encodings enc, int sets) {
        try (TensorScope scope = model.backend().openScope()) {
            return samplePolicy(energy, enc, sets);
        }
    }

    /** One sample per set from the current policy, as canonical labels in input order. */
    private int[][] samplePolicy(PointwiseEnergy energy, Encodings enc, int sets) {
        int[] rows = new int[sets];
        for (int r = 0; r < sets; r++) {
            rows[r] = r;
        }
        List<Trajectory> samples;
        try (DecodeState start = energy.start(enc, rows)) {
            samples = Decoding.sample(model.policy(), start, sampling);
        }
        int[][] labels = new int[sets][];
        for (int r = 0; r < sets; r++) {
            labels[r] = samples.get(r).labelsInInputOrder();
        }
        return labels;
    }
}
