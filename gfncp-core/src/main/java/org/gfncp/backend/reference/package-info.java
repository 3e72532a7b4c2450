/**
 * The pure-Java reference backend: every {@link org.gfncp.spi.backend.TensorOps} kernel written as plain loops over
 * {@code double[]}. It is always loadable, deterministic, the oracle of the conformance kit and the embedded default
 * for small inference jobs. FLOAT32 tensors round every kernel output to float so that they behave like float32.
 */
package org.gfncp.backend.reference;
