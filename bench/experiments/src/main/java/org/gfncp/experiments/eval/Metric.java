package org.gfncp.experiments.eval;

/** The per-set quantities an evaluation records. */
public enum Metric {
    /** Normalized mutual information (arithmetic normalization) against the ground truth. */
    NMI("NMI"),
    /** Adjusted Rand index against the ground truth. */
    ARI("ARI"),
    /** Marginal consistency of the greedy labels divided by N (the released code's MC). */
    MC_PRED("MC"),
    /** Marginal consistency of the ground-truth labels divided by N (the paper's reading). */
    MC_GT("MC_gt"),
    /** Number of predicted clusters. */
    K_PRED("K_pred"),
    /** Number of true clusters. */
    K_TRUE("K_true");

    private final String label;

    Metric(String label) {
        this.label = label;
    }

    /** Column title. */
    public String label() {
        return label;
    }
}
