package org.gfncp.backend.tf;

import org.gfncp.api.tensor.DType;
import org.gfncp.spi.backend.AbstractTensor;
import org.tensorflow.internal.c_api.TFE_TensorHandle;

/**
 * A tensor of the TensorFlow backend: the sole owner of one eager tensor handle. Releasing it deletes the handle,
 * which frees the buffer unless another handle still shares it (reshape results and copies share).
 */
final class TfTensor extends AbstractTensor {

    private final TfBackend backend;
    private final TFE_TensorHandle handle;

    TfTensor(TFE_TensorHandle handle, int[] shape, DType dtype, TfBackend backend) {
        super(shape, dtype, backend.tracker());
        this.handle = handle;
        this.backend = backend;
        backend.track(this);
    }

    /** The handle, for kernels; fails if this tensor was released. */
    TFE_TensorHandle handle() {
        ensureOpen();
        return handle;
    }

    TfBackend backend() {
        return backend;
    }

    int[] dims() {
        return shapeRef();
    }

    @Override
    protected void release() {
        backend.untrack(this);
        backend.runtime().delete(handle);
    }
}
