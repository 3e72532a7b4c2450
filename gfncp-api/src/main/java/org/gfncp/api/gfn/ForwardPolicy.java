package org.gfncp.api.gfn;

/**
 * The forward policy {@code P_F(c_n = k | c_<n, x)} of a sequential clustering model, evaluated for a whole batch
 * of states at once. Decoders (greedy, sampling, beam search) are written against this interface.
 *
 * @param <S> the model's state representation
 */
public interface ForwardPolicy<S extends PartitionState> {

    /**
     * Log-probabilities of the next point's candidates: row r has {@code K_r + 1} entries (existing clusters, then
     * "new"); a row that is done has an empty array.
     */
    double[][] logProbabilities(S state);

    /**
     * The state after every row that is not done assigns its next point to {@code actions[r]} (a value in
     * {@code 0..K_r}); the entries of done rows are ignored.
     */
    S advance(S state, int[] actions);

    /** A state made of the given rows of {@code state}, in that order and with repetition allowed (beam search). */
    S select(S state, int[] rows);
}
