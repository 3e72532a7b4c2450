package org.gfncp.core.algo.pointwise;

import org.gfncp.api.gfn.ForwardPolicy;
import org.gfncp.api.nn.EnergyModel;
import org.gfncp.api.tensor.Tensor;

/** {@code P_F = softmax(-E)} over each row's candidates, for the decoders. */
public final class PointwisePolicy implements ForwardPolicy<DecodeState> {

    private final PointwiseEnergy energy;
    private final EnergyModel<DecodeState> energies;

    public PointwisePolicy(PointwiseEnergy energy) {
        this.energy = energy;
        this.energies = energy;
    }

    @Override
    public double[][] logProbabilities(DecodeState state) {
        int c = state.capacity();
        double[] e;
        try (Tensor t = energies.candidateEnergies(state)) {
            e = energy.diff().ops().toDoubles(t);
        }
        double[][] out = new double[state.rows()][];
        for (int r = 0; r < out.length; r++) {
            if (state.done(r)) {
                out[r] = new double[0];
                continue;
            }
            int k = state.clusters(r) + 1;
            double[] lp = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                lp[j] = -e[r * c + j];
                max = Math.max(max, lp[j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(lp[j] - max);
            }
            double lse = max + Math.log(sum);
            for (int j = 0; j < k; j++) {
                lp[j] -= lse;
            }
            out[r] = lp;
        }
        return out;
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
