/**
 * Test benchmarks (spec 6): mixture-of-Gaussians test sets pre-generated once from a fixed seed, stored, and
 * reused unchanged by every algorithm and backend; the two evaluation profiles P (paper) and C (released code).
 */
package org.gfncp.experiments.data;
