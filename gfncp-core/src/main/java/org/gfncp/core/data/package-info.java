/**
 * Data for amortized clustering: canonical labels and joint shuffles ({@link org.gfncp.core.data.Partitions}),
 * the code-exact CRP partition sampler ({@link org.gfncp.core.data.Crp}), the 2D mixture-of-Gaussians generators
 * of GFNCP/NCP ({@link org.gfncp.core.data.MixtureOfGaussians}), input validation for point sets
 * ({@link org.gfncp.core.data.PointSets}) and the IDX reader for MNIST-style files
 * ({@link org.gfncp.core.data.IdxReader}). All randomness comes from {@link org.gfncp.core.random.RandomStream}.
 */
package org.gfncp.core.data;
