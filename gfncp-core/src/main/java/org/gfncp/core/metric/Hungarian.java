package org.gfncp.core.metric;

import java.util.Arrays;

/**
 * The Hungarian algorithm (shortest augmenting paths with potentials), O(n^2 m) for an n x m cost matrix with
 * n <= m, so O(n^3) for square matrices.
 */
public final class Hungarian {

    private Hungarian() {
    }

    /**
     * Minimum-cost assignment of every row to a distinct column.
     *
     * @param cost {@code n x m} with {@code n <= m}, all finite
     * @return {@code assignment[row] = column}
     */
    public static int[] minimize(double[][] cost) {
        int n = cost.length;
        if (n == 0) {
            return new int[0];
        }
        int m = cost[0].length;
        if (n > m) {
            throw new IllegalArgumentException("Hungarian needs rows <= columns, got " + n + " x " + m);
        }
        for (int i = 0; i < n; i++) {
            if (cost[i].length != m) {
                throw new IllegalArgumentException("cost row " + i + " has " + cost[i].length + " columns, expected " + m);
            }
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(cost[i][j])) {
                    throw new IllegalArgumentException("cost[" + i + "][" + j + "] is not finite: " + cost[i][j]);
                }
            }
        }
        // 1-based arrays; column 0 is a virtual column holding the row being inserted.
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] rowOfColumn = new int[m + 1];
        int[] way = new int[m + 1];
        double[] minSlack = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            rowOfColumn[0] = i;
            int column = 0;
            Arrays.fill(minSlack, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[column] = true;
                int row = rowOfColumn[column];
                double delta = Double.POSITIVE_INFINITY;
                int next = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double slack = cost[row - 1][j - 1] - u[row] - v[j];
                        if (slack < minSlack[j]) {
                            minSlack[j] = slack;
                            way[j] = column;
                        }
                        if (minSlack[j] < delta) {
                            delta = minSlack[j];
                            next = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minSlack[j] -= delta;
                    }
                }
                column = next;
            } while (rowOfColumn[column] != 0);
            do {
                int previous = way[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            } while (column != 0);
        }
        int[] assignment = new int[n];
        for (int j = 1; j <= m; j++) {
            if (rowOfColumn[j] != 0) {
                assignment[rowOfColumn[j] - 1] = j - 1;
            }
        }
        return assignment;
    }

    /** Maximum-weight assignment (rows <= columns), by minimizing negated weights. */
    public static int[] maximize(double[][] weight) {
        double[][] cost = new double[weight.length][];
        for (int i = 0; i < weight.length; i++) {
            cost[i] = new double[weight[i].length];
            for (int j = 0; j < cost[i].length; j++) {
                cost[i][j] = -weight[i][j];
            }
        }
        return minimize(cost);
    }
}
