/**
 * Per-backend timing in one JVM: training iterations per second at the released code's settings and greedy
 * clustering time per set against N (with a log-log slope to check linear growth for fixed K), and the merge of
 * several backends' results into one side-by-side table.
 */
package org.gfncp.experiments.timing;
