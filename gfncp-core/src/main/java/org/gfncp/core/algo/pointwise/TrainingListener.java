package org.gfncp.core.algo.pointwise;

/** Progress callback of the trainers (for progress bars and logs). */
@FunctionalInterface
public interface TrainingListener {

    /**
     * Called after every iteration.
     *
     * @param iteration 0-based iteration just finished
     * @param loss its training loss
     * @param elapsedSeconds wall time since training started
     */
    void onIteration(int iteration, double loss, double elapsedSeconds);

    /** A listener that does nothing. */
    static TrainingListener none() {
        return (iteration, loss, elapsedSeconds) -> {
        };
    }
}
