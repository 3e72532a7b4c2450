package org.gfncp.core.algo.pointwise;

import org.gfncp.api.gfn.PartitionState;
import org.gfncp.api.tensor.Tensor;

/**
 * Partial clusterings of R rows with the running sums that make a decoding step O(K): per row and cluster slot
 * the projected h-sum {@code [R, C, H]} and its cluster code {@code [R, C, H]}, and the sum of the codes
 * {@code [R, H]}. {@code C = max_r K_r + 1} (one free slot for "new"). Rows visit their points in input order.
 * Closing a state releases its own tensors, never the shared {@link DecodeContext}.
 */
public final class DecodeState implements PartitionState, AutoCloseable {

    private final DecodeContext context;
    private final int[] rowSets;
    private final int[] sizes;
    private final int step;
    private final int[][] labels;
    private final int[] clusters;
    private final Tensor sums;
    private final Tensor codes;
    private final Tensor total;
    private Tensor candidates;
    private Tensor point;
    private int[] candidatePairs;

    DecodeState(DecodeContext context, int[] rowSets, int[] sizes, int step, int[][] labels, int[] clusters,
            Tensor sums, Tensor codes, Tensor total) {
        this.context = context;
        this.rowSets = rowSets;
        this.sizes = sizes;
        this.step = step;
        this.labels = labels;
        this.clusters = clusters;
        this.sums = sums;
        this.codes = codes;
        this.total = total;
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
        return sums.dim(1);
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

    Tensor sums() {
        return sums;
    }

    Tensor codes() {
        return codes;
    }

    Tensor total() {
        return total;
    }

    Tensor candidates() {
        return candidates;
    }

    /** The projected encoding of each row's next point, {@code [R, 1, H]}, once energies were computed. */
    Tensor point() {
        return point;
    }

    /** Where each row's packed candidates start in {@link #candidates()} (length R + 1). */
    int[] candidatePairs() {
        return candidatePairs;
    }

    /**
     * Caches one evaluation: the packed cluster codes of every row's candidates ({@code [P, H]}, row r's slot k at
     * {@code pairStart[r] + k}; null when no row had candidates) and the next points' encodings.
     */
    void cacheCandidates(Tensor codesOfCandidates, int[] pairStart, Tensor nextPoint) {
        releaseCache();
        candidates = codesOfCandidates;
        candidatePairs = pairStart;
        point = nextPoint;
    }

    private void releaseCache() {
        if (candidates != null) {
            candidates.close();
        }
        if (point != null) {
            point.close();
        }
    }

    @Override
    public void close() {
        sums.close();
        codes.close();
        total.close();
        releaseCache();
    }
}
