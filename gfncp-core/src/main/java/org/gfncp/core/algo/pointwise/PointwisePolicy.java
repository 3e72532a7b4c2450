package org.gfncp.core.algo.pointwise;

import org.gfncp.api.gfn.ForwardPolicy;

/** {@code P_F = softmax(-E)} over each row's candidates, for the decoders. */
public final class PointwisePolicy implements ForwardPolicy<DecodeState> {

    private final PointwiseEnergy energy;

    public PointwisePolicy(PointwiseEnergy energy) {
        this.energy = energy;
    }

    @Override
    public double[][] logProbabilities(DecodeState state) {
        int c = state.capacity();
        // straight from the host energies: no tensor round trip per step
        double[] e = energy.stepEnergies(state);
        double[][] out = new double[state.rows()][];
        for (int r = 0; r < out.length; r++) {
            if (state.done(r)) {
                out[r] = new double[0];
                continue;
            }
            EnergyOverflowException.requireResolved(e, r * c, state.clusters(r) + 1, energy.dtype(), state.rowSets()[r],
                    state.step());
            out[r] = logSoftmaxOfNegated(e, r * c, state.clusters(r) + 1);
        }
        return out;
    }

    /** {@code log softmax(-e[from .. from + count))}: candidate log-probabilities from their energies. */
    static double[] logSoftmaxOfNegated(double[] e, int from, int count) {
        double[] lp = new double[count];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            lp[j] = -e[from + j];
            max = Math.max(max, lp[j]);
        }
        double sum = 0;
        for (int j = 0; j < count; j++) {
            sum += Math.exp(lp[j] - max);
        }
        double lse = max + Math.log(sum);
        for (int j = 0; j < count; j++) {
            lp[j] -= lse;
        }
        return lp;
    }

    @Override
    public DecodeState advance(DecodeState state, int[] actions) {
        return energy.advance(state, actions);
    }

    @Override
    public DecodeState select(DecodeState state, int[] rows) {
        return energy.select(state, rows);
    }
}
