/**
 * The DJL backend: forward kernels on the PyTorch engine (libtorch) through DJL's {@code NDArray}.
 *
 * <p>Every native array lives under one long-lived DJL manager owned by {@link org.gfncp.backend.djl.DjlBackend};
 * lifetime is decided by the shared {@link org.gfncp.spi.backend.TensorTracker} scopes, which close the
 * {@link org.gfncp.backend.djl.DjlTensor} handles, never by DJL's manager tree. Kernels that libtorch does not expose
 * through DJL (log-sum-exp, log1p, scatter-add, im2col/col2im, ...) are composed here and free their temporaries
 * before returning.
 */
package org.gfncp.backend.djl;
