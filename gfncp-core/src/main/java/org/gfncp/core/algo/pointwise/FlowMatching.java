package org.gfncp.core.algo.pointwise;

import org.gfncp.api.diff.Var;
import org.gfncp.core.diff.Diff;

/**
 * GFNCP's flow-matching residuals (spec 2.3) from teacher-forced energies, all steps at once: for
 * {@code 1 <= n <= N-1}, the log-flow into the state after step n-1 against the log of the summed flows out of it.
 * Shifted energies {@code E_n - min_k E_n(k)} are used for {@code n < N-1}, the terminal step is unshifted, and the
 * shift is not detached.
 */
public final class FlowMatching {

    private FlowMatching() {
    }

    /**
     * Per-set sum of the squared residuals, {@code [B]}.
     *
     * @param epsilon the code form {@code (log(eps + exp(a)) - log(eps + exp(b)))^2} when positive (evaluated
     *     stably), the paper form {@code (a - b)^2} when 0
     */
    public static Var residuals(Diff diff, TeacherForced tf, double epsilon) {
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        }
        int n = tf.points();
        if (n < 2) {
            throw new IllegalArgumentException("flow matching needs at least 2 points, got " + n);
        }
        double[] shiftMask = new double[n];
        for (int i = 1; i < n - 1; i++) {
            shiftMask[i] = 1;
        }
        double[] parentMask = new double[n - 1];
        for (int i = 1; i < n - 1; i++) {
            parentMask[i] = 1;
        }
        Var shift = diff.mul(tf.maxLogit(), constant(diff, tf, shiftMask, 1, n));
        Var children = diff.slice(diff.sub(tf.logNormalizer(), shift), 1, 1, n);
        Var parent = diff.mul(diff.neg(diff.slice(diff.add(tf.chosen(), shift), 1, 0, n - 1)),
                constant(diff, tf, parentMask, 1, n - 1));
        Var gap = epsilon > 0
                ? diff.sub(logEpsilonPlusExp(diff, parent, epsilon), logEpsilonPlusExp(diff, children, epsilon))
                : diff.sub(parent, children);
        return diff.sum(diff.mul(gap, gap), 1);
    }

    /**
     * Per-set sum of the squared telescoping residuals, {@code [B]}: the squares of {@link #telescopingGaps}.
     */
    public static Var telescopingResiduals(Diff diff, TeacherForced tf) {
        Var gap = telescopingGaps(diff, tf);
        return diff.sum(diff.mul(gap, gap), 1);
    }

    /**
     * Per-set squared trajectory-balance residual, {@code [B]}: {@code (sum_n gap_n)^2 = (log P(c | order) + E(c))^2}
     * over the {@link #telescopingGaps}.
     */
    public static Var trajectoryBalance(Diff diff, TeacherForced tf) {
        Var total = diff.sum(telescopingGaps(diff, tf), new int[] {1}, false);
        return diff.mul(total, total);
    }

    /**
     * The unshifted flow-matching gaps of every step, {@code [B, N]}: for {@code 0 <= n <= N-1}, the log-flow into
     * the state before step n ({@code -E_{n-1}(c_{n-1})}, and 0 at the root, before the first point) minus
     * {@code LSE_k(-E_n(k))}. They sum to {@code log P(c | order) + E_{N-1}(c)}, so at zero gaps the probability of
     * a clustering is {@code exp(-E(c))} in every order.
     */
    public static Var telescopingGaps(Diff diff, TeacherForced tf) {
        int n = tf.points();
        if (n < 2) {
            throw new IllegalArgumentException("flow matching needs at least 2 points, got " + n);
        }
        Var parent = diff.pad(diff.neg(diff.slice(tf.chosen(), 1, 0, n - 1)), 1, 1, 0);
        return diff.sub(parent, tf.logNormalizer());
    }

    /** {@code log(eps + exp(a)) = max(a, log eps) + log1p(exp(-|a - log eps|))}, finite for every finite a. */
    public static Var logEpsilonPlusExp(Diff diff, Var a, double epsilon) {
        double le = Math.log(epsilon);
        Var floor = diff.constant(diff.ops().full(a.dtype(), le));
        Var top = diff.maximum(a, floor);
        Var rest = diff.log1p(diff.exp(diff.neg(diff.abs(diff.addScalar(a, -le)))));
        return diff.add(top, rest);
    }

    private static Var constant(Diff diff, TeacherForced tf, double[] v, int... shape) {
        return diff.constant(PointwiseEnergy.tensor(diff.ops(), tf.logNormalizer().dtype(), v, shape));
    }
}
