/**
 * Clustering quality and distribution summaries (spec 0.8): NMI, ARI and Hungarian accuracy per set
 * ({@link org.gfncp.core.metric.ClusteringMetrics}), the SDPP statistic, mean/std summaries, and ECDF/histogram
 * helpers ({@link org.gfncp.core.metric.Distributions}) for plots.
 */
package org.gfncp.core.metric;
