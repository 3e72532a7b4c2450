package org.gfncp.core.algo.gfncp;

import java.util.List;
import org.gfncp.api.diff.Var;
import org.gfncp.api.gfn.GFlowNetLoss;
import org.gfncp.api.gfn.Trajectory;
import org.gfncp.core.algo.pointwise.DecodeState;
import org.gfncp.core.algo.pointwise.Decoding;
import org.gfncp.core.algo.pointwise.Encodings;
import org.gfncp.core.algo.pointwise.FlowMatching;
import org.gfncp.core.algo.pointwise.PointwiseEnergy;
import org.gfncp.core.algo.pointwise.TeacherForced;
import org.gfncp.core.algo.pointwise.TrainingBatch;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.random.RandomStream;

/**
 * The GFNCP training loss (spec 2.3) of one batch, averaged over its sets:
 * {@code (sum_n t_n + cd + reg) / N}. The flow terms t_n of all steps come from one teacher-forced pass. The
 * contrastive term {@code lambda_cd (E(c) - E(c~))} needs one policy sample c~ per set, drawn by a sequential pass
 * batched over the sets without gradients; since only the sample's terminal energy enters the loss, its gradient
 * is obtained from one extra differentiable evaluation of that energy (the same value and gradient as keeping
 * the whole sampling pass on the tape). Exploration batches keep only the flow terms (and reg if
 * {@code exploreKeepsReg}).
 */
public final class GfncpLoss implements GFlowNetLoss<TrainingBatch> {

    /**
     * The loss and its parts, each already averaged over the sets and divided by N.
     *
     * @param contrastive null in exploration batches
     * @param regularizer null in exploration batches unless they keep it
     */
    public record Terms(Var total, Var flow, Var contrastive, Var regularizer) {
    }

    private final Gfncp model;
    private final RandomStream sampling;

    /**
     * @param sampling source of the policy samples of the contrastive term
     */
    public GfncpLoss(Gfncp model, RandomStream sampling) {
        this.model = model;
        this.sampling = sampling;
    }

    @Override
    public Var loss(TrainingBatch batch) {
        return terms(batch).total();
    }

    /** Every term of the loss for {@code batch}, differentiable with respect to the model's parameters. */
    public Terms terms(TrainingBatch batch) {
        GfncpConfig cfg = model.config();
        Diff diff = model.diff();
        PointwiseEnergy energy = model.energy();
        boolean code = cfg.objective() == GfncpConfig.Objective.CODE;
        int b = batch.batchSize();
        int n = batch.setSize();
        if (n < 2) {
            throw new IllegalArgumentException("GFNCP training needs sets of at least 2 points, got " + n);
        }
        Encodings enc = energy.encode(diff.constant(energy.points(batch.points())), null, true);
        TeacherForced tf = energy.teacherForced(enc, batch.labels(), true);
        double scale = 1.0 / ((double) n * b);
        Var flow = diff.mulScalar(diff.sum(FlowMatching.residuals(diff, tf, code ? cfg.epsilon() : 0)), scale);
        Var total = flow;
        Var terminal = diff.reshape(diff.slice(tf.chosen(), 1, n - 1, n), b);
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
        Var cd = null;
        if (!batch.exploration()) {
            int[][] sampled = samplePolicy(energy, enc, b);
            Var sampleEnergy = energy.terminalEnergies(enc, sampled, true);
            cd = diff.mulScalar(diff.sum(diff.sub(terminal, sampleEnergy)), cfg.lambdaCd() * scale);
            total = diff.add(total, cd);
        }
        return new Terms(total, flow, cd, reg);
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
