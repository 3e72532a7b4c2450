package org.gfncp.bench;

import java.util.List;
import org.gfncp.core.algo.pointwise.TrainingBatch;

/**
 * Fixed training batches served in turn, so that every measured interval of a training benchmark sees the same
 * mix of set sizes while the weights keep changing as in real training.
 */
final class BatchCycle {
    private final List<TrainingBatch> batches;
    private int next;

    BatchCycle(List<TrainingBatch> batches) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("a batch cycle needs at least one batch");
        }
        this.batches = List.copyOf(batches);
    }

    TrainingBatch next() {
        TrainingBatch b = batches.get(next);
        next = (next + 1) % batches.size();
        return b;
    }

    /** The batches in cycle order, for runs that time one whole pass. */
    List<TrainingBatch> all() {
        return batches;
    }

    /** For the set-up line of a report: how many batches, their size and the mean set size. */
    String describe() {
        double meanN = batches.stream().mapToInt(TrainingBatch::setSize).average().orElse(0);
        return String.format("%d batches of %d sets, mean N %.1f", batches.size(), batches.get(0).batchSize(), meanN);
    }
}
