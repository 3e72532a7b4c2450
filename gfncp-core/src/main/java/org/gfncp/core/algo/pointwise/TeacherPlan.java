package org.gfncp.core.algo.pointwise;

import java.util.Arrays;

/**
 * Host-side index tables that turn a teacher-forced pass over B labeled sets of N points into a handful of
 * gathers (spec 2.7). Every (step n, candidate k) pair with {@code k <= max_b K_n(b)} becomes one row of the g and
 * E calls, so no row is spent on a slot that no set can use; slots that exist only in other rows are masked.
 * Rows are flattened as {@code b * P + p}, points as {@code b * N + i}; index {@code B * N} is a zero row.
 */
final class TeacherPlan {

    final int batch;
    final int points;
    /** P, the number of (step, candidate) pairs per set. */
    final int pairs;
    /** Width of the dense energy table: the largest number of candidates at any step, {@code max K + 1}. */
    final int slots;
    final int[] pairStart;
    final int[][] labels;
    /** K_n(b): clusters opened before step n. */
    final int[][] before;

    /** Gathers the points of each set sorted by (label, position), so a cumsum gives within-cluster sums. */
    final int[] sortIndex;
    /** For each sorted position, the cumsum entry just before its cluster's segment (or the zero row). */
    final int[] segmentOffset;
    /** For each pair, the sorted position holding its cluster's sum before step n (or the zero row). */
    final int[] clusterSumIndex;
    /** For each pair, the point it assigns: {@code b * N + n}. */
    final int[] pointIndex;
    /** For each point, the pair of the label it actually received. */
    final int[] chosenIndex;
    /** For each pair, the point whose chosen pair holds g of the cluster before step n (or the zero row). */
    final int[] previousIndex;
    /** For each pair, its cell in the dense {@code [B, N, slots]} table. */
    final int[] denseIndex;
    /** 1 where slot k is a candidate of row b at step n, flattened {@code [B, N, slots]}. */
    final double[] valid;

    TeacherPlan(int[][] labels) {
        if (labels.length == 0) {
            throw new IllegalArgumentException("teacher forcing needs at least one set");
        }
        int n = labels[0].length;
        if (n < 1) {
            throw new IllegalArgumentException("teacher forcing needs at least one point per set");
        }
        this.batch = labels.length;
        this.points = n;
        this.labels = new int[batch][];
        this.before = new int[batch][n];
        int[] maxBefore = new int[n];
        for (int b = 0; b < batch; b++) {
            int[] c = labels[b];
            if (c.length != n) {
                throw new IllegalArgumentException("all sets of a teacher-forced batch need the same size, set 0 has "
                        + n + " points and set " + b + " has " + c.length);
            }
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (c[i] < 0 || c[i] > k) {
                    throw new IllegalArgumentException("labels of set " + b + " are not canonical at point " + i
                            + ": " + Arrays.toString(c));
                }
                before[b][i] = k;
                maxBefore[i] = Math.max(maxBefore[i], k);
                if (c[i] == k) {
                    k++;
                }
            }
            this.labels[b] = c.clone();
        }
        pairStart = new int[n + 1];
        int widest = 0;
        for (int i = 0; i < n; i++) {
            pairStart[i + 1] = pairStart[i] + maxBefore[i] + 1;
            widest = Math.max(widest, maxBefore[i] + 1);
        }
        pairs = pairStart[n];
        slots = widest;
        int zeroPoint = batch * n;
        sortIndex = new int[batch * n];
        segmentOffset = new int[batch * n];
        clusterSumIndex = new int[batch * pairs];
        pointIndex = new int[batch * pairs];
        chosenIndex = new int[batch * n];
        previousIndex = new int[batch * pairs];
        denseIndex = new int[batch * pairs];
        valid = new double[batch * n * slots];
        for (int b = 0; b < batch; b++) {
            int[] c = this.labels[b];
            int clusters = before[b][n - 1] + (c[n - 1] == before[b][n - 1] ? 1 : 0);
            // stable counting sort by label
            int[] start = new int[clusters + 1];
            for (int i = 0; i < n; i++) {
                start[c[i] + 1]++;
            }
            for (int k = 0; k < clusters; k++) {
                start[k + 1] += start[k];
            }
            int[] fill = Arrays.copyOf(start, clusters);
            int[] sortedPosition = new int[n];
            for (int i = 0; i < n; i++) {
                int pos = fill[c[i]]++;
                sortedPosition[i] = pos;
                sortIndex[b * n + pos] = b * n + i;
                segmentOffset[b * n + pos] = start[c[i]] == 0 ? zeroPoint : b * n + start[c[i]] - 1;
            }
            int[] last = new int[Math.max(clusters, 1)];
            for (int i = 0; i < n; i++) {
                int kb = before[b][i];
                for (int k = 0; k < pairStart[i + 1] - pairStart[i]; k++) {
                    int row = b * pairs + pairStart[i] + k;
                    boolean existing = k < kb;
                    clusterSumIndex[row] = existing ? b * n + sortedPosition[last[k]] : zeroPoint;
                    previousIndex[row] = existing ? b * n + last[k] : zeroPoint;
                    pointIndex[row] = b * n + i;
                    denseIndex[row] = (b * n + i) * slots + k;
                }
                for (int k = 0; k <= kb; k++) {
                    valid[(b * n + i) * slots + k] = 1;
                }
                chosenIndex[b * n + i] = b * pairs + pairStart[i] + c[i];
                last[c[i]] = i;
            }
        }
    }
}
