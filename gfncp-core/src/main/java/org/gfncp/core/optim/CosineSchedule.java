package org.gfncp.core.optim;

/**
 * Cosine annealing from {@code max} to {@code min} over {@code totalSteps} (PyTorch's CosineAnnealingLR without
 * restarts), then held at {@code min}. With {@code updateEvery = k} the rate changes only every k steps.
 */
public final class CosineSchedule {

    private final double max;
    private final double min;
    private final long totalSteps;
    private final long updateEvery;

    public CosineSchedule(double max, double min, long totalSteps) {
        this(max, min, totalSteps, 1);
    }

    public CosineSchedule(double max, double min, long totalSteps, long updateEvery) {
        if (totalSteps < 1 || updateEvery < 1 || !(max >= min) || !(min >= 0)) {
            throw new IllegalArgumentException("cosine schedule: max " + max + " >= min " + min + " >= 0, steps "
                    + totalSteps + " and update interval " + updateEvery + " >= 1 required");
        }
        this.max = max;
        this.min = min;
        this.totalSteps = totalSteps;
        this.updateEvery = updateEvery;
    }

    /** The learning rate for step {@code step} (0-based). */
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        long s = Math.min(step - step % updateEvery, totalSteps);
        return min + 0.5 * (max - min) * (1 + Math.cos(Math.PI * s / totalSteps));
    }

    /** Sets the optimizer's rate for step {@code step}; returns it. */
    public double apply(Optimizer optimizer, long step) {
        double lr = at(step);
        optimizer.setLearningRate(lr);
        return lr;
    }
}
