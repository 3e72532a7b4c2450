/**
 * The experiment runner's command line ({@code table2}, {@code table3}, {@code sdpp}, {@code timing},
 * {@code merge-timing}): reproduces the MoG rows of GFNCP's Tables 2 and 3 for NCP and GFNCP, the SDPP comparison,
 * and the per-backend timing. See docs/experiments.md.
 */
package org.gfncp.experiments;
