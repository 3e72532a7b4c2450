package org.gfncp.core.algo.pointwise;

import org.gfncp.api.gfn.PartitionState;
import org.gfncp.api.tensor.Tensor;

/**
 * Partial clusterings of R rows with the running sums that make a decoding step O(K). Per row and cluster slot
 * (C slots per row, {@code C = max_r K_r + 1}, one free slot for "new") the slot table {@code [R * C + 1, 2H]}
 * holds g's first pre-activation of the cluster's projected h-sum and minus its cluster code, row-major, with the
 * empty slot as last row; per row, {@code [R, 2H]}, zeros and E's first pre-activation that every candidate of the
 * last step shared after its move. Rows visit their points in input order. Closing a state releases its own
 * tensors, never the shared {@link DecodeContext}.
 */
public final class DecodeState implements PartitionState, AutoCloseable {

    private final DecodeContext context;
    private final int[] rowSets;
    private final int[] sizes;
    private final int step;
    private final int[][] labels;
    private final int[] clusters;
    private final int capacity;
    private final Tensor slots;
    private final Tensor shared;
    private Tensor moved;
    private Tensor preactivations;
    private int[] candidatePairs;

    DecodeState(DecodeContext context, int[] rowSets, int[] sizes, int step, int[][] labels, int[] clusters,
            int capacity, Tensor slots, Tensor shared) {
        this.context = context;
        this.rowSets = rowSets;
        this.sizes = sizes;
        this.step = step;
        this.labels = labels;
        this.clusters = clusters;
        this.capacity = capacity;
        this.slots = slots;
        this.shared = shared;
    }

    @Override
    public int rows() {
        return rowSets.length;
    }

    @Override
    public int step() {
        return step;
    }

    @Override
    public int size(int row) {
        return sizes[row];
    }

    @Override
    public int clusters(int row) {
        return clusters[row];
    }

    @Override
    public int[] labels(int row) {
        return java.util.Arrays.copyOf(labels[row], Math.min(step, sizes[row]));
    }

    @Override
    public int[] order(int row) {
        int[] o = new int[sizes[row]];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        return o;
    }

    int capacity() {
        return capacity;
    }

    DecodeContext context() {
        return context;
    }

    int[] rowSets() {
        return rowSets;
    }

    int[] sizesRef() {
        return sizes;
    }

    int[] labelsRef(int row) {
        return labels[row];
    }

    Tensor slots() {
        return slots;
    }

    Tensor shared() {
        return shared;
    }

    /** Per packed candidate {@code [P, 2H]}: g's first pre-activation after the move and E's without its code. */
    Tensor moved() {
        return moved;
    }

    /** E's first pre-activation of every packed candidate, {@code [P, H]}. */
    Tensor preactivations() {
        return preactivations;
    }

    /** Where each row's packed candidates start (length R + 1); null until energies were computed. */
    int[] candidatePairs() {
        return candidatePairs;
    }

    /**
     * Caches one evaluation of the packed candidates (row r's slot k at {@code pairStart[r] + k}; the tensors are
     * null when no row had candidates).
     */
    void cacheCandidates(Tensor movedOfCandidates, Tensor preactivationsOfCandidates, int[] pairStart) {
        releaseCache();
        moved = movedOfCandidates;
        preactivations = preactivationsOfCandidates;
        candidatePairs = pairStart;
    }

    private void releaseCache() {
        if (moved != null) {
            moved.close();
        }
        if (preactivations != null) {
            preactivations.close();
        }
    }

    @Override
    public void close() {
        slots.close();
        shared.close();
        releaseCache();
    }
}
