package org.gfncp.experiments.data;

/**
 * The two evaluation protocols of spec 6 for 2D MoG; every table states which one it uses.
 */
public enum Profile {
    /** The paper's protocol (A.1-A.2): N = 300, M = 3000 sets, CRP alpha = 6 without a cap on K. */
    P(300, 3000, 6.0, 1, Integer.MAX_VALUE),
    /** The released GFNCP code's built-in evaluation: N = 100, 93 x 32 = 2976 sets, alpha = 0.7, 2 <= K <= 10. */
    C(100, 2976, 0.7, 2, 10);

    private final int setSize;
    private final int sets;
    private final double alpha;
    private final int minClusters;
    private final int maxClusters;

    Profile(int setSize, int sets, double alpha, int minClusters, int maxClusters) {
        this.setSize = setSize;
        this.sets = sets;
        this.alpha = alpha;
        this.minClusters = minClusters;
        this.maxClusters = maxClusters;
    }

    public int setSize() {
        return setSize;
    }

    public int sets() {
        return sets;
    }

    public double alpha() {
        return alpha;
    }

    public int minClusters() {
        return minClusters;
    }

    public int maxClusters() {
        return maxClusters;
    }

    /** The profile in words, for table headers. */
    public String describe() {
        return this == P ? "P (paper protocol: CRP alpha 6, no cap on K)"
                : "C (released code's evaluation: CRP alpha 0.7, 2<=K<=10)";
    }
}
