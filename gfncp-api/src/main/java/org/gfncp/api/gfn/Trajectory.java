package org.gfncp.api.gfn;

import java.util.Arrays;

/**
 * One completed run of a forward policy over a set: the visit order, the action taken at every step (which is the
 * canonical label of the visited point) and what the policy said at every step.
 *
 * @param order input index of the i-th visited point
 * @param actions label given to the i-th visited point; {@code actions[0] == 0}
 * @param stepProbabilities probabilities of every candidate at step i (row 0 is {@code [1.0]})
 * @param stepLogProbs log-probability of the action taken at step i (entry 0 is 0)
 */
public record Trajectory(int[] order, int[] actions, double[][] stepProbabilities, double[] stepLogProbs) {

    public Trajectory {
        int n = order.length;
        if (actions.length != n || stepProbabilities.length != n || stepLogProbs.length != n) {
            throw new IllegalArgumentException("trajectory parts differ in length: order " + n + ", actions "
                    + actions.length + ", stepProbabilities " + stepProbabilities.length + ", stepLogProbs "
                    + stepLogProbs.length);
        }
        order = order.clone();
        actions = actions.clone();
        stepProbabilities = stepProbabilities.clone();
        stepLogProbs = stepLogProbs.clone();
    }

    /** Number of points. */
    public int length() {
        return order.length;
    }

    /** Log-probability of the whole trajectory: the sum of its steps. */
    public double logProb() {
        double s = 0;
        for (double l : stepLogProbs) {
            s += l;
        }
        return s;
    }

    /** Labels in input order: entry {@code order[i]} is {@code actions[i]}. */
    public int[] labelsInInputOrder() {
        int[] labels = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            labels[order[i]] = actions[i];
        }
        return labels;
    }

    /** Number of clusters: one more than the largest action (0 for an empty trajectory). */
    public int clusters() {
        int k = 0;
        for (int a : actions) {
            k = Math.max(k, a + 1);
        }
        return k;
    }

    @Override
    public int[] order() {
        return order.clone();
    }

    @Override
    public int[] actions() {
        return actions.clone();
    }

    @Override
    public double[][] stepProbabilities() {
        return stepProbabilities.clone();
    }

    @Override
    public double[] stepLogProbs() {
        return stepLogProbs.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trajectory t && Arrays.equals(order, t.order) && Arrays.equals(actions, t.actions)
                && Arrays.equals(stepLogProbs, t.stepLogProbs);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(order) * 31 + Arrays.hashCode(actions)) * 31 + Arrays.hashCode(stepLogProbs);
    }

    @Override
    public String toString() {
        return "Trajectory[N=" + order.length + ", K=" + clusters() + ", logProb=" + logProb() + "]";
    }
}
