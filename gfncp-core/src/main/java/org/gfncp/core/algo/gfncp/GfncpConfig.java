package org.gfncp.core.algo.gfncp;

import java.util.function.Consumer;
import org.gfncp.core.algo.pointwise.EnergyArchitecture;
import org.gfncp.core.algo.pointwise.MogBatches;
import org.gfncp.core.data.ClusterCountRule;
import org.gfncp.core.nn.Activation;

/**
 * Every GFNCP hyperparameter (spec 2.2, 2.3, 2.5); {@link #mog2d()} holds the released code's values for 2D
 * mixtures of Gaussians.
 *
 * @param pointDimension D
 * @param encoderHidden hidden width of h and u (128)
 * @param encodingDimension d_h (128)
 * @param hidden H of g and E (128 for MoG, 256 for MNIST)
 * @param clusterDimension d_g (512)
 * @param includeU false for the online variant (no u, no U input of E)
 * @param objective the code's loss, the paper's, or one of two [ENG] forms whose flows telescope
 *     (see {@link Objective})
 * @param epsilon epsilon inside the code's logs (1e-5); used by the code objective only
 * @param lambdaCd weight of the contrastive term (0.4)
 * @param lambdaReg weight of the terminal regularizer (0.6)
 * @param exploreKeepsReg whether exploration batches keep the regularizer (code: false, paper: true)
 * @param pointwiseExploration exploration labels drawn per point instead of per CRP block (code: false)
 * @param beta probability of a data-label batch (0.99); otherwise labels are random (exploration)
 * @param batchSize sets per iteration (32)
 * @param nMin smallest training set size (50)
 * @param nMax training set sizes are below this (100)
 * @param crpAlpha CRP concentration (0.7)
 * @param minClusters rejection bound on K (2)
 * @param maxClusters rejection bound on K (10); equal bounds give fixed-K training
 * @param meanStd standard deviation of cluster means (10)
 * @param pointStd standard deviation of points (1)
 * @param augmented self-supervised MoG data (members are noisy copies of one base point per cluster)
 * @param iterations training iterations (20000); also the length of the cosine schedule
 * @param learningRate initial Adam rate (5e-4)
 * @param minLearningRate final rate of the cosine schedule (1e-6)
 * @param scheduleEvery iterations between learning-rate updates (10)
 * @param seed seeds the weights, the data and every sampled action
 * @param energyCeiling 0 (off, the code's loss), or an energy C: adds {@code sum (max(0, E - C))^2}, scaled like the other
 *     terms, over the terminal energies of the data and of the policy samples of non-exploration batches. Below C
 *     it is exactly 0 (same loss and gradients); above it, it keeps a gradient where the code's
 *     {@code log(eps + exp(-E))} is flat ({@code E > -log eps}, about 11.5), the regime in which training diverged
 * @param gradientClip 0 (off, as the code), or the largest global L2 norm of an iteration's gradients: larger ones
 *     are scaled down to it before the Adam step (PyTorch's {@code clip_grad_norm_}), so one spiking batch cannot
 *     throw the weights far
 * @param sampleFlowMatching false (the code), or also the flow-matching residuals of the contrastive term's policy
 *     samples: the code pushes their terminal energies up through a linear term that nothing on their own
 *     trajectories opposes, so the loss is unbounded below; with their residuals in the loss a raised terminal
 *     energy must be matched by the flows into it, which makes the policy leave that clustering
 * @param lambdaNll 0 (off, the code and the paper), or the weight of an [ENG] supervised term: the teacher-forced
 *     negative log-likelihood {@code -sum_n log P_F(c_n | c_<n, x)} of the data's clustering in the batch's order
 *     (NCP's loss), scaled like the other terms, on data batches only. Neither GFNCP loss trains the forward policy
 *     on the data's labels directly (the flow terms tie it to the energies, the contrastive term shapes terminal
 *     energies only), and models trained without it give the data's own clustering 0.5-0.65 nats per point
 */
public record GfncpConfig(int pointDimension, int encoderHidden, int encodingDimension, int hidden,
        int clusterDimension, boolean includeU, Objective objective, double epsilon, double lambdaCd,
        double lambdaReg, boolean exploreKeepsReg, boolean pointwiseExploration, double beta, int batchSize, int nMin,
        int nMax, double crpAlpha, int minClusters, int maxClusters, double meanStd, double pointStd, boolean augmented,
        int iterations, double learningRate, double minLearningRate, int scheduleEvery, long seed,
        double energyCeiling, double gradientClip, boolean sampleFlowMatching, double lambdaNll) {

    /** Which form of the losses to train (spec 2.3). */
    public enum Objective {
        /** The released code: epsilon inside the logs, reg against a reward of 1, exploration drops reg and CD. */
        CODE,
        /** The paper: epsilon-free log-sum-exp residuals and {@code E^2} as regularizer. */
        PAPER,
        /**
         * [ENG] Flow matching whose residuals telescope: unshifted, epsilon-free energies at every step, the first
         * state's energy {@code E_0} (the first point alone, which the teacher-forced pass evaluates anyway) as the
         * parent of step 1, and a root residual {@code E_0^2} that pins the first state's flow at 1 for every choice
         * of first point. The shifted residuals of the code and the paper vanish only on deterministic steps, so
         * neither makes {@code prod_n P_F} independent of the order; with these at zero,
         * {@code log P(c | order) = E_0 - E(c) = -E(c)} for every order. The regularizer is the paper's {@code E^2}
         * ({@code -log P} of the data's clustering, squared); the contrastive term is the code's.
         */
        TELESCOPING,
        /**
         * [ENG] Trajectory balance in place of the per-step flow terms: per trajectory
         * {@code (log P(c | order) + E(c))^2}, the square of the sum of the {@link #TELESCOPING} gaps, with the
         * root's flow fixed at 1 ({@code log Z = 0}) and the terminal energy as {@code -log R}. It asks directly
         * for what SDPP measures, a clustering's sequential probability equal to the order-free
         * {@code exp(-E(c))}; regularizer and contrastive term as in {@link #TELESCOPING}.
         */
        TRAJECTORY_BALANCE
    }

    public GfncpConfig {
        if (objective == null) {
            throw new IllegalArgumentException("objective must be given");
        }
        if (!(epsilon > 0) && objective == Objective.CODE) {
            throw new IllegalArgumentException("the code objective needs epsilon > 0, got " + epsilon);
        }
        if (!(lambdaCd >= 0) || !(lambdaReg >= 0)) {
            throw new IllegalArgumentException("loss weights must be >= 0, got lambdaCd=" + lambdaCd + ", lambdaReg="
                    + lambdaReg);
        }
        if (iterations < 1 || scheduleEvery < 1 || !(learningRate >= minLearningRate) || !(minLearningRate >= 0)) {
            throw new IllegalArgumentException("need iterations >= 1, scheduleEvery >= 1 and learningRate >= "
                    + "minLearningRate >= 0, got " + iterations + ", " + scheduleEvery + ", " + learningRate + ", "
                    + minLearningRate);
        }
        if (!(gradientClip >= 0) || Double.isInfinite(gradientClip)) {
            throw new IllegalArgumentException("gradientClip must be 0 (off) or a positive norm, got " + gradientClip);
        }
        if (!(lambdaNll >= 0) || Double.isInfinite(lambdaNll)) {
            throw new IllegalArgumentException("lambdaNll must be 0 (off) or a positive weight, got " + lambdaNll);
        }
        if (!Double.isFinite(energyCeiling)) {
            throw new IllegalArgumentException("energyCeiling must be 0 (off) or a finite energy, got "
                    + energyCeiling);
        }
        // the remaining bounds are checked where they are used
        architectureOf(pointDimension, encoderHidden, encodingDimension, hidden, clusterDimension, includeU);
        ClusterCountRule.between(minClusters, maxClusters);
    }

    /** The released code's settings for 2D mixtures of Gaussians. */
    public static GfncpConfig mog2d() {
        return new GfncpConfig(2, 128, 128, 128, 512, true, Objective.CODE, 1e-5, 0.4, 0.6, false, false, 0.99, 32, 50,
                100, 0.7, 2, 10, 10.0, 1.0, false, 20000, 5e-4, 1e-6, 10, 123, 0, 0, false, 0);
    }

    /** The network sizes. */
    public EnergyArchitecture architecture() {
        return architectureOf(pointDimension, encoderHidden, encodingDimension, hidden, clusterDimension, includeU);
    }

    private static EnergyArchitecture architectureOf(int d, int encoderHidden, int dh, int hidden, int dg,
            boolean includeU) {
        return new EnergyArchitecture(d, encoderHidden, dh, hidden, dg, Activation.RELU, includeU);
    }

    /** The training data this configuration asks for. */
    public MogBatches batches() {
        return new MogBatches(pointDimension, batchSize, nMin, nMax, crpAlpha,
                ClusterCountRule.between(minClusters, maxClusters), meanStd, pointStd, augmented, beta,
                pointwiseExploration);
    }

    /** The same configuration with other network sizes. */
    public GfncpConfig withSizes(int encoderHidden, int encodingDimension, int hidden, int clusterDimension) {
        return with(c -> {
            c.encoderHidden = encoderHidden;
            c.encodingDimension = encodingDimension;
            c.hidden = hidden;
            c.clusterDimension = clusterDimension;
        });
    }

    /** The same configuration with other batch and set sizes and iteration count. */
    public GfncpConfig withTraining(int batchSize, int nMin, int nMax, int iterations) {
        return with(c -> { c.batchSize = batchSize; c.nMin = nMin; c.nMax = nMax; c.iterations = iterations; });
    }

    /** The same configuration with another objective, exploration probability and exploration rule. */
    public GfncpConfig withObjective(Objective objective, double beta, boolean exploreKeepsReg) {
        return with(c -> { c.objective = objective; c.beta = beta; c.exploreKeepsReg = exploreKeepsReg; });
    }

    /** The same configuration with or without U (false: the online variant). */
    public GfncpConfig withIncludeU(boolean includeU) {
        return with(c -> c.includeU = includeU);
    }

    /** The same configuration with another seed. */
    public GfncpConfig withSeed(long seed) {
        return with(c -> c.seed = seed);
    }

    /** The same configuration with other safeguards against divergence (0 / false: off, the code's training). */
    public GfncpConfig withSafeguards(double energyCeiling, double gradientClip, boolean sampleFlowMatching) {
        return with(c -> {
            c.energyCeiling = energyCeiling;
            c.gradientClip = gradientClip;
            c.sampleFlowMatching = sampleFlowMatching;
        });
    }

    /** The same configuration with another weight of the supervised likelihood term (0: off). */
    public GfncpConfig withLambdaNll(double lambdaNll) {
        return with(c -> c.lambdaNll = lambdaNll);
    }

    /** This configuration with the components that {@code change} sets on a mutable copy. */
    private GfncpConfig with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** A mutable copy, so that each {@code with...} method names only the components it changes. */
    private static final class Copy {
        private int pointDimension;
        private int encoderHidden;
        private int encodingDimension;
        private int hidden;
        private int clusterDimension;
        private boolean includeU;
        private Objective objective;
        private double epsilon;
        private double lambdaCd;
        private double lambdaReg;
        private boolean exploreKeepsReg;
        private boolean pointwiseExploration;
        private double beta;
        private int batchSize;
        private int nMin;
        private int nMax;
        private double crpAlpha;
        private int minClusters;
        private int maxClusters;
        private double meanStd;
        private double pointStd;
        private boolean augmented;
        private int iterations;
        private double learningRate;
        private double minLearningRate;
        private int scheduleEvery;
        private long seed;
        private double energyCeiling;
        private double gradientClip;
        private boolean sampleFlowMatching;
        private double lambdaNll;

        Copy(GfncpConfig config) {
            pointDimension = config.pointDimension;
            encoderHidden = config.encoderHidden;
            encodingDimension = config.encodingDimension;
            hidden = config.hidden;
            clusterDimension = config.clusterDimension;
            includeU = config.includeU;
            objective = config.objective;
            epsilon = config.epsilon;
            lambdaCd = config.lambdaCd;
            lambdaReg = config.lambdaReg;
            exploreKeepsReg = config.exploreKeepsReg;
            pointwiseExploration = config.pointwiseExploration;
            beta = config.beta;
            batchSize = config.batchSize;
            nMin = config.nMin;
            nMax = config.nMax;
            crpAlpha = config.crpAlpha;
            minClusters = config.minClusters;
            maxClusters = config.maxClusters;
            meanStd = config.meanStd;
            pointStd = config.pointStd;
            augmented = config.augmented;
            iterations = config.iterations;
            learningRate = config.learningRate;
            minLearningRate = config.minLearningRate;
            scheduleEvery = config.scheduleEvery;
            seed = config.seed;
            energyCeiling = config.energyCeiling;
            gradientClip = config.gradientClip;
            sampleFlowMatching = config.sampleFlowMatching;
            lambdaNll = config.lambdaNll;
        }

        GfncpConfig build() {
            return new GfncpConfig(
                pointDimension, encoderHidden, encodingDimension, hidden, clusterDimension, includeU, objective,
                epsilon, lambdaCd, lambdaReg, exploreKeepsReg, pointwiseExploration, beta, batchSize, nMin, nMax,
                crpAlpha, minClusters, maxClusters, meanStd, pointStd, augmented, iterations, learningRate,
                minLearningRate, scheduleEvery, seed, energyCeiling, gradientClip, sampleFlowMatching, lambdaNll);
        }
    }
}
