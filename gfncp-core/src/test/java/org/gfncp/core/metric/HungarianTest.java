package org.gfncp.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.gfncp.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class HungarianTest {

    @Test
    void solvesAClassicExample() {
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        int[] a = Hungarian.minimize(cost);
        assertThat(a).containsExactly(1, 0, 2);
    }

    @Test
    void matchesBruteForceOnRandomRectangularMatrices() {
        RandomStream random = new RandomStream(17);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(6);
            int m = n + random.nextInt(3);
            double[][] cost = new double[n][m];
            for (double[] row : cost) {
                for (int j = 0; j < m; j++) {
                    row[j] = random.nextInt(20) - 5 + random.nextDouble();
                }
            }
            int[] a = Hungarian.minimize(cost);
            double total = 0;
            boolean[] used = new boolean[m];
            for (int i = 0; i < n; i++) {
                assertThat(used[a[i]]).isFalse();
                used[a[i]] = true;
                total += cost[i][a[i]];
            }
            assertThat(total).isCloseTo(brute(cost, 0, new boolean[m]), within(1e-9));
        }
    }

    private static double brute(double[][] cost, int row, boolean[] used) {
        if (row == cost.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, cost[row][j] + brute(cost, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }

    @Test
    void rejectsTallOrNonFiniteMatrices() {
        assertThatThrownBy(() -> Hungarian.minimize(new double[3][2])).hasMessageContaining("3 x 2");
        assertThatThrownBy(() -> Hungarian.minimize(new double[][] {{Double.NaN}})).hasMessageContaining("cost[0][0]");
    }
}
