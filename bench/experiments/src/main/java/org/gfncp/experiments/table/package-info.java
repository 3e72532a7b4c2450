/**
 * The Table 2 (K fixed to 6) and Table 3 (arbitrary K) MoG reproductions: train (or reuse) every algorithm and seed,
 * evaluate on the stored benchmarks of each profile, and write the Markdown, JSON and PNG report.
 */
package org.gfncp.experiments.table;
