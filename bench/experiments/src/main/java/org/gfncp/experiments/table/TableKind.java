package org.gfncp.experiments.table;

import java.util.Map;

/** Which of the paper's tables is reproduced. */
public enum TableKind {
    /** Table 2: models trained and tested on partitions with exactly 6 clusters. */
    TABLE2("table2", "Table 2 (MoG, K fixed to 6)", 6,
            Map.of("ncp", new String[] {"0.95 ± 0.01", "0.95 ± 0.01", "10.3 ± 7.7"},
                    "gfncp", new String[] {"0.96 ± 0.00", "0.98 ± 0.01", "3.7 ± 2.5"})),
    /** Table 3: arbitrary number of clusters. */
    TABLE3("table3", "Table 3 (MoG, arbitrary K)", 0,
            Map.of("ncp", new String[] {"0.92 ± 0.01", "0.89 ± 0.04", "50.8 ± 7.1"},
                    "gfncp", new String[] {"0.93 ± 0.01", "0.91 ± 0.02", "41.1 ± 19.8"}));

    private final String id;
    private final String title;
    private final int fixedClusters;
    private final Map<String, String[]> paper;

    TableKind(String id, String title, int fixedClusters, Map<String, String[]> paper) {
        this.id = id;
        this.title = title;
        this.fixedClusters = fixedClusters;
        this.paper = paper;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** K of the fixed-K table, 0 for arbitrary K. */
    public int fixedClusters() {
        return fixedClusters;
    }

    /** The paper's MoG row (NMI, ARI, MC) for an algorithm, or null if the paper has none. */
    public String[] paperRow(String algorithm) {
        String[] row = paper.get(algorithm);
        return row == null ? null : row.clone();
    }
}
